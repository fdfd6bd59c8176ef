/**
 * `natsim merge <dirs...> --out <dir>`: combines the report folders of `natsim run --shard i/n` runs (one folder per
 * shard, or several shards in one folder) into what a single unsharded run would have written: every run's report
 * folder, and each sweep's sweep.md / sweep.json with all its cells, byte-identical. It prints what the unsharded
 * run prints (run blocks or --json lines in plan order, the sweep tables, the totals) and exits 0 when every run
 * passed, 1 when one failed, 2 when the shards are incomplete, duplicated, or from different plans.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';
import type { SweepCellSummary } from '../scenario/run/sweep-summary';
import { CliUsageError, EXIT } from './cli-errors';
import type { CliIo } from './cli-io';
import { runBlock, summaryText, totals } from './run-output';
import { isManifestName, readShardManifest, ShardManifest } from './shard-manifest';
import { cellSummary, writeSweepFiles } from './sweep-files';

/** Options of `natsim merge` as commander gives them. */
export interface MergeOptions {
  /** Folder to write the merged reports into. @default 'reports' */
  out?: string;
  json?: boolean;
  verbose?: boolean;
}

/** Every shard manifest found directly in the given folders (a folder may hold several shards' outputs). */
function findManifests(dirs: readonly string[]): { dir: string; path: string; m: ShardManifest }[] {
  const found: { dir: string; path: string; m: ShardManifest }[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliUsageError(`${dir}: no such folder (expected the --out folder of a natsim run --shard i/n)`);
    const names = readdirSync(dir).filter(isManifestName).sort();
    if (names.length === 0) throw new CliUsageError(`${dir}: no natsim-shard-<i>-of-<n>.json in it; only runs made with --shard i/n (n > 1) and reports on can be merged`);
    for (const name of names) found.push({ dir, path: join(dir, name), m: readShardManifest(join(dir, name)) });
  }
  return found;
}

/** Checks that the manifests are every shard of one plan, exactly once each; returns them by shard index. */
function completeSet(found: ReturnType<typeof findManifests>): ReturnType<typeof findManifests> {
  const first = found[0];
  const n = first.m.shard[1];
  for (const f of found) {
    if (f.m.plan !== first.m.plan || f.m.shard[1] !== n) {
      throw new CliUsageError(`${f.path} is shard ${f.m.shard.join('/')} of another run than ${first.path} (shard ${first.m.shard.join('/')}): different scenario files, file contents, --seed or shard count; merge the shards of one natsim run only`);
    }
  }
  const byIndex = new Map<number, (typeof found)[number]>();
  for (const f of found) {
    const other = byIndex.get(f.m.shard[0]);
    if (other) throw new CliUsageError(`shard ${f.m.shard[0]}/${n} is given twice: ${other.path} and ${f.path}`);
    byIndex.set(f.m.shard[0], f);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) throw new CliUsageError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} missing: give the --out folders of all ${n} shards`);
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}

/** Runs `natsim merge`; returns the exit code. */
export function mergeCommand(dirs: readonly string[], opts: MergeOptions, io: CliIo): number {
  if (dirs.length === 0) throw new CliUsageError('natsim merge: give the --out folders of the shards');
  const out = opts.out ?? 'reports';
  const outAbs = resolve(out);
  for (const d of dirs) {
    if (resolve(d) === outAbs) throw new CliUsageError(`--out ${out} is also a shard folder; merge into a new folder`);
  }
  const shards = completeSet(findManifests(dirs));
  const { files, totalUnits } = shards[0].m;
  const runs = shards.flatMap((s) => s.m.runs.map((r) => ({ ...r, dir: s.dir })));
  runs.sort((a, b) => a.unit.index - b.unit.index);
  if (runs.length !== totalUnits || runs.some((r, i) => r.unit.index !== i)) {
    throw new CliUsageError(`the shards hold ${runs.length} runs, the plan has ${totalUnits}: a shard folder is damaged`);
  }
  for (const r of runs) {
    const from = join(r.dir, r.unit.reportDir!);
    if (!existsSync(from)) throw new CliUsageError(`${from}: report folder of ${r.unit.file}${r.unit.label ? ` [${r.unit.label}]` : ''} is missing`);
  }
  const lines: string[] = [];
  for (const r of runs) {
    const to = join(out, r.unit.reportDir!);
    cpSync(join(r.dir, r.unit.reportDir!), to, { recursive: true });
    const unit = { ...r.unit, reportDir: to };
    const result = { ...r.result, ...(r.result.reportDir !== undefined ? { reportDir: to } : {}) };
    lines.push(opts.json ? `${result.jsonLine}\n` : runBlock(unit, result, io.colour, opts.verbose));
  }
  const tables: string[] = [];
  files.forEach((f, fileIndex) => {
    if (!f.sweep.length) return;
    const cells: SweepCellSummary[] = runs.filter((r) => r.unit.fileIndex === fileIndex)
      .map((r) => cellSummary(r.unit.label, r.params, r.result));
    tables.push(writeSweepFiles(f.sweepDir !== undefined ? join(out, f.sweepDir) : undefined, f.title, f, cells));
  });
  const t = totals(files.length, runs.map((r) => r.result));
  const summary = summaryText(t, { out, totalUnits, merged: shards.length }, io.colour);
  for (const l of lines) io.out(l);
  if (opts.json) io.err(summary);
  else io.out(`${tables.map((x) => `\n${x}\n`).join('')}\n${summary}`);
  return t.passed === t.runs ? EXIT.ok : EXIT.failed;
}

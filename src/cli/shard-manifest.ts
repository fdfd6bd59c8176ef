/**
 * The manifest a sharded `natsim run --shard i/n` writes beside its reports, so that `natsim merge` can combine the
 * shards' folders into what one unsharded run would have written: which runs this shard made, where their report
 * folders are (relative to the shard's `--out`), their results, and a fingerprint of the whole plan so that shards
 * of different plans (other files, other file contents, another `--seed`, another shard count) are never mixed.
 */
import { createHash } from 'crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { CliUsageError } from './cli-errors';
import type { RunPlan, RunUnit } from './run-plan';
import type { UnitResult } from './run-unit';
import type { SweepParameter } from '../scenario/format/sweeps';
import type { SweepValue } from '../scenario/format/spec-types';

/** The manifest format's name and version; bumped on any incompatible change. */
export const SHARD_MANIFEST_FORMAT = 'natsim-shard/1';

/** A scenario file of the plan, as the merge needs it for sweep tables. */
export interface ManifestFile {
  readonly file: string;
  /** The scenario's name (the first cell's). */
  readonly name: string;
  /** Sweep parameters in file order (empty without a sweep). */
  readonly sweep: readonly SweepParameter[];
  /** The sweep table's title. */
  readonly title: string;
  /** Sweep summary folder relative to `--out` (sweeps only). */
  readonly sweepDir?: string;
}

/** One run of this shard. `unit.reportDir` and `result.reportDir` are relative to the shard's `--out`. */
export interface ManifestRun {
  readonly unit: RunUnit;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly result: UnitResult;
}

/** What `natsim-shard-<i>-of-<n>.json` holds. */
export interface ShardManifest {
  readonly format: typeof SHARD_MANIFEST_FORMAT;
  /** `[i, n]`, 1-based. */
  readonly shard: readonly [number, number];
  /** sha256 over the whole plan (every run's file, cell, label and report folder, every file's bytes, the seed). */
  readonly plan: string;
  readonly totalUnits: number;
  readonly files: readonly ManifestFile[];
  readonly runs: readonly ManifestRun[];
}

/** The manifest's file name for shard `[i, n]`. */
export function manifestName(shard: readonly [number, number]): string {
  return `natsim-shard-${shard[0]}-of-${shard[1]}.json`;
}

/** True for a file name that is a shard manifest (merge never copies these). */
export function isManifestName(name: string): boolean {
  return /^natsim-shard-\d+-of-\d+\.json$/u.test(name);
}

/** The plan's fingerprint: equal for every shard of the same `natsim run` invocation. */
export function planFingerprint(plan: RunPlan, out: string, seed: number | undefined): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ seed: seed ?? null, totalUnits: plan.totalUnits }));
  for (const pf of plan.files) h.update(`\0file\0${pf.loaded.file}\0`).update(readFileSync(pf.loaded.file));
  for (const u of plan.allUnits) h.update(`\0unit\0${JSON.stringify([u.index, u.fileIndex, u.cellIndex, u.label, u.name, u.reportDir ? relative(out, u.reportDir) : null])}`);
  return h.digest('hex');
}

/** Writes this shard's manifest into `out`. `titles` are the sweep table titles by file index. */
export function writeShardManifest(plan: RunPlan, results: readonly UnitResult[], init: {
  readonly out: string;
  readonly shard: readonly [number, number];
  readonly seed?: number;
  readonly titles: readonly string[];
}): string {
  const rel = (p: string | undefined) => (p === undefined ? undefined : relative(init.out, p));
  const manifest: ShardManifest = {
    format: SHARD_MANIFEST_FORMAT,
    shard: init.shard,
    plan: planFingerprint(plan, init.out, init.seed),
    totalUnits: plan.totalUnits,
    files: plan.files.map((pf, i) => ({
      file: pf.loaded.file, name: pf.loaded.name, sweep: pf.loaded.sweep, title: init.titles[i],
      ...(pf.sweepDir !== undefined ? { sweepDir: rel(pf.sweepDir) } : {}),
    })),
    runs: plan.units.map((u, i) => ({
      unit: { ...u, ...(u.reportDir !== undefined ? { reportDir: rel(u.reportDir) } : {}) },
      params: plan.files[u.fileIndex].loaded.cells[u.cellIndex].params,
      result: { ...results[i], ...(results[i].reportDir !== undefined ? { reportDir: rel(results[i].reportDir) } : {}) },
    })),
  };
  mkdirSync(init.out, { recursive: true });
  const path = join(init.out, manifestName(init.shard));
  writeFileSync(path, `${JSON.stringify(manifest, null, 1)}\n`);
  return path;
}

/** Reads and checks a manifest; a missing or malformed one is a CliUsageError naming the file. */
export function readShardManifest(path: string): ShardManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliUsageError(`${path}: not a readable shard manifest (${(err as Error).message})`);
  }
  const m = parsed as Partial<ShardManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== SHARD_MANIFEST_FORMAT) {
    throw new CliUsageError(`${path}: not a shard manifest of format ${SHARD_MANIFEST_FORMAT} (written by natsim run --shard i/n)`);
  }
  const okShard = Array.isArray(m.shard) && m.shard.length === 2 && m.shard.every((x) => Number.isSafeInteger(x) && x >= 1) && m.shard[0] <= m.shard[1];
  if (!okShard || typeof m.plan !== 'string' || !Number.isSafeInteger(m.totalUnits) || !Array.isArray(m.files) || !Array.isArray(m.runs)) {
    throw new CliUsageError(`${path}: shard manifest is incomplete or damaged (expected shard, plan, totalUnits, files and runs)`);
  }
  for (const r of m.runs) {
    const dir = r?.unit?.reportDir;
    if (typeof dir !== 'string' || dir.startsWith('..') || dir.startsWith('/') || dir === '') {
      throw new CliUsageError(`${path}: run ${JSON.stringify(r?.unit?.label ?? '?')} has report folder ${JSON.stringify(dir)}, expected a folder inside the shard's output`);
    }
  }
  return m as ShardManifest;
}

/**
 * `natsim run` as a function: plan (validate and trial-build everything), run every sweep cell serially or on
 * worker threads, print results in input order (JSON lines with --json), write sweep tables, and return the exit
 * code: 0 when every expectation held, 1 when any failed. Bad input throws (ScenarioError, CliUsageError: exit 2).
 */
import { availableParallelism } from 'os';
import { SingleBar } from 'cli-progress';
import type { SweepCellSummary } from '../scenario/run/sweep-summary';
import { EXIT } from './cli-errors';
import type { CliIo } from './cli-io';
import { loadAll, planRun, RunPlan, trialBuild, parseShard } from './run-plan';
import { runBlock, summaryText, totals } from './run-output';
import { intOption, maxInputBytesFrom, RunLimitFlags, runLimitsFrom } from './run-limits';
import { runOnWorkers, WORKERS_PAY_AFTER_MS } from './run-pool';
import { executeUnit, rememberLoadedFile, UnitJob, UnitResult } from './run-unit';
import { scenarioFiles } from './scenario-paths';
import { writeShardManifest } from './shard-manifest';
import { cellSummary, sweepTitle, writeSweepFiles } from './sweep-files';

/** Options of `natsim run` as commander gives them. */
export interface RunOptions extends RunLimitFlags {
  seed?: string;
  out?: string;
  /** false with --no-report. */
  report?: boolean;
  json?: boolean;
  jobs?: string;
  shard?: string;
  verbose?: boolean;
}

/** Prints results in plan order as they arrive (a result waits for every earlier one). */
class OrderedPrinter {
  private readonly results: (UnitResult | undefined)[];
  private printed = 0;

  constructor(private readonly plan: RunPlan, private readonly write: (i: number, r: UnitResult) => void) {
    this.results = new Array(plan.units.length);
  }

  add(i: number, r: UnitResult): void {
    this.results[i] = r;
    while (this.printed < this.results.length && this.results[this.printed]) {
      this.write(this.printed, this.results[this.printed]!);
      this.printed++;
    }
  }

  all(): UnitResult[] {
    return this.results.filter((r): r is UnitResult => r !== undefined);
  }
}

/** Sweep table titles by file index ('' for files without a sweep). */
function sweepTitles(plan: RunPlan): string[] {
  return plan.files.map((pf) => (pf.loaded.sweep.length ? sweepTitle(pf.loaded, pf.loaded.cells.map((c) => c.spec.name)) : ''));
}

/** Writes sweep tables (files with a sweep) to the terminal text and, with reports, sweep.md / sweep.json. */
function sweepTables(plan: RunPlan, results: readonly UnitResult[], writeFiles: boolean): string[] {
  const titles = sweepTitles(plan);
  const texts: string[] = [];
  plan.files.forEach((pf, fileIndex) => {
    const f = pf.loaded;
    if (!f.sweep.length) return;
    const cells: SweepCellSummary[] = [];
    plan.units.forEach((u, i) => {
      if (u.fileIndex !== fileIndex) return;
      const c = f.cells[u.cellIndex];
      cells.push(cellSummary(c.label, c.params, results[i]));
    });
    if (cells.length === 0) return;
    texts.push(writeSweepFiles(writeFiles ? pf.sweepDir : undefined, titles[fileIndex], f, cells));
  });
  return texts;
}

/** Runs `natsim run`; returns the exit code. */
export async function runCommand(paths: readonly string[], opts: RunOptions, io: CliIo): Promise<number> {
  const started = Date.now();
  const seed = opts.seed !== undefined ? intOption('--seed', opts.seed, 0, 0xffffffff) : undefined;
  // Without --jobs: up to one thread per core; the pool starts workers only on idle cores and only when they pay.
  const threadsWanted = opts.jobs !== undefined ? intOption('--jobs', opts.jobs, 1, 256) : availableParallelism();
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
  const out = opts.report === false ? undefined : opts.out ?? 'reports';
  const limits = runLimitsFrom(opts);
  const maxInputBytes = maxInputBytesFrom(opts);
  const loaded = loadAll(scenarioFiles(paths), { maxInputBytes });
  for (const f of loaded) rememberLoadedFile(f); // the runs on this thread reuse them (worker threads load their own)
  const plan = planRun(loaded, { out, shard, seed });
  trialBuild(loaded, plan.units, seed);

  const jobs: UnitJob[] = plan.units.map((u) => ({
    file: u.file, cellIndex: u.cellIndex, limits, ...(maxInputBytes !== undefined ? { maxInputBytes } : {}),
    ...(seed !== undefined ? { seed } : {}), ...(u.reportDir ? { reportDir: u.reportDir } : {}),
  }));
  const bar = io.tty && io.progressStream && jobs.length > 1 ? new SingleBar({ stream: io.progressStream, format: 'running {bar} {value}/{total} runs', hideCursor: true }) : undefined;
  const buffered: string[] = [];
  const emit = (text: string) => (bar ? buffered.push(text) : io.out(text));
  const printer = new OrderedPrinter(plan, (i, r) => emit(opts.json ? `${r.jsonLine}\n` : runBlock(plan.units[i], r, io.colour, opts.verbose)));
  bar?.start(jobs.length, 0);
  let finished = 0;
  const onResult = (i: number, r: UnitResult) => {
    printer.add(i, r);
    bar?.update(++finished);
  };
  // This thread runs jobs too (run-pool.ts), so one thread per core, never more threads than runs.
  const threads = Math.min(threadsWanted, jobs.length);
  // Without --jobs, workers start only once the runs left would keep one thread busy long enough to pay for them.
  const threadsUsed = await runOnWorkers(jobs, threads, onResult, executeUnit, { workersAfterMs: opts.jobs === undefined ? WORKERS_PAY_AFTER_MS : 0 })
    .finally(() => bar?.stop());
  for (const text of buffered) io.out(text);
  const results = printer.all();
  const tables = sweepTables(plan, results, out !== undefined);
  // A shard's manifest lets `natsim merge` rebuild what one unsharded run writes (docs/sharding.md).
  if (out !== undefined && shard && shard[1] > 1) writeShardManifest(plan, results, { out, shard, seed, titles: sweepTitles(plan) });
  const t = totals(plan.files.length, results);
  const summary = summaryText(t, { out, shard, totalUnits: plan.totalUnits, threads: threadsUsed, seconds: (Date.now() - started) / 1000 }, io.colour);
  if (opts.json) io.err(summary);
  else io.out(`${tables.map((x) => `\n${x}\n`).join('')}\n${summary}`);
  if (results.some((r) => r.error !== undefined)) return EXIT.runError;
  return t.passed === t.runs ? EXIT.ok : EXIT.failed;
}

/**
 * One run of `natsim run`, as plain data in and out, so it can run in this thread or on a worker thread with the
 * same result: load the scenario file (cached per thread), run the sweep cell, write its reports, and return the
 * JSON summary line and what the terminal output and the sweep table need.
 */
import { loadScenarioFile, ScenarioFile } from '../scenario/format';
import { RunLimits, runScenario } from '../scenario/run/run-scenario';
import { cellObserved, cellObservedFrom } from '../scenario/run/sweep-summary';
import { summaryLineObject } from '../report/summary-json';

/** What to run. */
export interface UnitJob {
  readonly file: string;
  readonly cellIndex: number;
  readonly seed?: number;
  readonly reportDir?: string;
  /** Run budgets (--max-events, --max-wall, --max-trace-mb, --max-report-mb). @default RUN_GUARD_DEFAULTS */
  readonly limits?: RunLimits;
  /** Scenario input size limit (--max-input-mb). @default MAX_INPUT_BYTES */
  readonly maxInputBytes?: number;
}

/** One expectation's verdict, for the terminal. */
export interface UnitExpectation {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
  readonly kind: string;
  readonly observed: string;
}

/** What a run produced. */
export interface UnitResult {
  /** The `natsim run --json` line (summaryLine). */
  readonly jsonLine: string;
  readonly passed: boolean;
  readonly seed: number;
  readonly expectations: readonly UnitExpectation[];
  /** What the sweep table shows for this run. */
  readonly observed: string;
  /** The expectation `observed` comes from (its name). */
  readonly observedFrom: string;
  readonly traceHash: string;
  readonly events: number;
  readonly virtualTimeMs: number;
  /** Datagrams dropped because their TTL ran out (a routing loop, when not 0). */
  readonly ttlDrops: number;
  readonly error?: string;
  readonly reportDir?: string;
  /** Report files the disk budget cut, each with why (ScenarioRunResult.reportCut). */
  readonly reportCut?: readonly string[];
}

/** Loaded files of this thread; key: path. A cache of pure parses (the files do not change during a run). */
const cache = new Map<string, ScenarioFile>();

/**
 * Hands this thread's cache a file the planner already loaded (run-plan's loadAll), so the runs on this thread do
 * not parse and validate it again (about 5 % of `npm start`). Loading is pure: the same path gives the same cells.
 */
export function rememberLoadedFile(file: ScenarioFile): void {
  cache.set(file.file, file);
}

/** Runs one job. Throws only for a file that no longer loads (the plan validated it before). */
export function executeUnit(job: UnitJob): UnitResult {
  let file = cache.get(job.file);
  if (!file) {
    file = loadScenarioFile(job.file, { maxInputBytes: job.maxInputBytes });
    cache.set(job.file, file);
  }
  const spec = file.cells[job.cellIndex].spec;
  const r = runScenario(spec, { seed: job.seed, reportDir: job.reportDir, cellIndex: job.cellIndex, keepEvents: job.reportDir !== undefined, limits: job.limits });
  const expectations = r.outcomes.map((o) => ({ name: o.name, passed: o.passed, detail: o.detail, kind: o.kind, observed: o.observed }));
  const s = r.record.stats;
  return {
    jsonLine: JSON.stringify({ ...summaryLineObject(r.record), ...(r.reportCut ? { reportCut: r.reportCut } : {}) }),
    passed: r.passed,
    seed: Number(r.record.scenario.seed),
    expectations,
    observed: cellObserved(expectations),
    observedFrom: cellObservedFrom(expectations),
    traceHash: s.traceHash,
    events: s.events,
    virtualTimeMs: s.virtualTimeMs,
    ttlDrops: s.counters['dropped:ttl-expired'] ?? 0,
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(job.reportDir !== undefined ? { reportDir: job.reportDir } : {}),
    ...(r.reportCut ? { reportCut: r.reportCut } : {}),
  };
}

/**
 * Planning `natsim run`: load and validate every scenario file, expand sweeps into runs, keep this shard's runs,
 * give each its report folder, and build each run's world once without running it, so that bad input of any kind
 * stops everything with exit code 2 before the first run starts.
 */
import { basename, extname, join } from 'path';
import { buildScenarioWorld } from '../scenario/build/scenario-world';
import { ScenarioBuildError } from '../scenario/build/errors';
import { LoadInit, loadScenarioFile, ScenarioError, ScenarioFile, ScenarioIssue } from '../scenario/format';
import { CliUsageError } from './cli-errors';

/** One run: a scenario file's sweep cell. */
export interface RunUnit {
  /** Position in the whole plan before sharding (stable across shards). */
  readonly index: number;
  readonly file: string;
  /** Position of the file in the input list. */
  readonly fileIndex: number;
  readonly cellIndex: number;
  readonly label: string;
  readonly name: string;
  /** Report folder, when reports are written. */
  readonly reportDir?: string;
}

/** A scenario file and its runs in this plan. */
export interface PlannedFile {
  readonly loaded: ScenarioFile;
  /** Report folder for the sweep summary (sweeps only, with reports). */
  readonly sweepDir?: string;
}

/** Everything `natsim run` will do. */
export interface RunPlan {
  readonly files: readonly PlannedFile[];
  /** This shard's runs, in plan order. */
  readonly units: readonly RunUnit[];
  /** Runs in the whole plan (all shards). */
  readonly totalUnits: number;
  /** Every run of the whole plan (all shards), in plan order. */
  readonly allUnits: readonly RunUnit[];
}

/** Options of planRun. */
export interface PlanInit {
  /** Report base folder; undefined writes no reports. */
  readonly out?: string;
  /** Shard `[i, n]`, 1-based. @default [1, 1] */
  readonly shard?: readonly [number, number];
  /** Seed override, used for the trial builds. */
  readonly seed?: number;
}

/** Parses `i/n` (1 <= i <= n). */
export function parseShard(text: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/u.exec(text.trim());
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) throw new CliUsageError(`--shard ${text}: expected i/n with 1 <= i <= n, like 2/4`);
  return [i, n];
}

/**
 * A folder-name-safe form of a sweep cell label: `natA=full-cone natB=cgnat` -> `natA-full-cone_natB-cgnat`, cut
 * to 100 characters (file systems refuse names over 255 bytes; two cells cut to the same folder are refused by
 * planRun).
 */
export function labelSlug(label: string): string {
  return label.replace(/=/gu, '-').replace(/\s+/gu, '_').replace(/[^A-Za-z0-9._-]/gu, '').slice(0, 100);
}

/** Loads every file; throws one ScenarioError with every problem of every file. */
export function loadAll(files: readonly string[], init: LoadInit = {}): ScenarioFile[] {
  const issues: ScenarioIssue[] = [];
  const loaded: ScenarioFile[] = [];
  for (const f of files) {
    try {
      loaded.push(loadScenarioFile(f, init));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (issues.length) throw new ScenarioError(issues);
  return loaded;
}

/** Report folders of a file's cells: `<out>/<name>`, or `<out>/<name>/<cell>` when cells share a name. */
function cellDirs(out: string, f: ScenarioFile): string[] {
  const names = f.cells.map((c) => c.spec.name);
  return f.cells.map((c, i) => (names.filter((n) => n === names[i]).length > 1 ? join(out, c.spec.name, labelSlug(c.label)) : join(out, c.spec.name)));
}

/** Where a sweep's summary goes: the shared cell name, else the file's name. */
function sweepDir(out: string, f: ScenarioFile): string {
  const names = new Set(f.cells.map((c) => c.spec.name));
  return names.size === 1 ? join(out, f.name) : join(out, `${basename(f.file, extname(f.file))}-sweep`);
}

/** Builds every unit's world once (nothing runs); throws ScenarioError listing every build problem. */
export function trialBuild(files: readonly ScenarioFile[], units: readonly RunUnit[], seed?: number): void {
  const found = new Map<string, { issue: ScenarioIssue; cells: string[]; fileIndex: number }>(); // key: position + message
  for (const u of units) {
    const spec = files[u.fileIndex].cells[u.cellIndex].spec;
    try {
      buildScenarioWorld(spec, { seed });
    } catch (err) {
      if (!(err instanceof ScenarioBuildError)) throw err;
      const issue: ScenarioIssue = { ...err.source, message: err.detail };
      const key = `${issue.file}:${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
      const entry = found.get(key) ?? { issue, cells: [], fileIndex: u.fileIndex };
      entry.cells.push(u.label);
      found.set(key, entry);
    }
  }
  if (found.size === 0) return;
  throw new ScenarioError([...found.values()].map(({ issue, cells, fileIndex }) =>
    (files[fileIndex].sweep.length && cells.length < files[fileIndex].cells.length ? { ...issue, cells } : issue)));
}

/** Plans a run over already loaded files. */
export function planRun(loaded: readonly ScenarioFile[], init: PlanInit = {}): RunPlan {
  const all: RunUnit[] = [];
  const files: PlannedFile[] = loaded.map((f, fileIndex) => {
    const dirs = init.out !== undefined ? cellDirs(init.out, f) : [];
    f.cells.forEach((c, cellIndex) => {
      all.push({ index: all.length, file: f.file, fileIndex, cellIndex, label: c.label, name: c.spec.name, ...(init.out !== undefined ? { reportDir: dirs[cellIndex] } : {}) });
    });
    return { loaded: f, ...(init.out !== undefined && f.sweep.length ? { sweepDir: sweepDir(init.out, f) } : {}) };
  });
  const [i, n] = init.shard ?? [1, 1];
  const units = all.filter((u) => u.index % n === i - 1);
  const owner = new Map<string, RunUnit>();
  for (const u of all) {
    if (!u.reportDir) continue;
    const other = owner.get(u.reportDir);
    if (other) {
      throw new CliUsageError(`${u.file}${u.label ? ` [${u.label}]` : ''} and ${other.file}${other.label ? ` [${other.label}]` : ''} would both write ${u.reportDir}: give the scenarios different names`);
    }
    owner.set(u.reportDir, u);
  }
  return { files, units, totalUnits: all.length, allUnits: all };
}

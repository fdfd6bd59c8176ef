/**
 * What `natsim replay` needs in a report folder: replay.json (which scenario file, sweep cell, parameters and seed
 * ran, and the trace hash and event count it gave) and a copy of the scenario file as it was, so the run can be
 * repeated even after the original changed or moved.
 */
import { existsSync, readFileSync } from 'fs';
import { extname, join } from 'path';
import type { RunRecord } from '../../report/run-record';
import { writeFileAnew } from '../../report/write-anew';
import type { ScenarioSpec, SweepValue } from '../format/spec-types';

/** File name of the replay description in a report folder. */
export const REPLAY_FILE = 'replay.json';

/** The contents of replay.json. */
export interface ReplayInfo {
  readonly format: 'natsim-replay';
  readonly version: 1;
  readonly scenario: string;
  /** The scenario file as it was given to the runner. */
  readonly file: string;
  /** The copy of the scenario file next to replay.json, or null when there was no file. */
  readonly copy: string | null;
  /** Sweep cell index (0 without a sweep). */
  readonly cellIndex: number;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  readonly traceHash: string;
  readonly events: number;
  readonly virtualTimeMs: number;
}

/** Options of writeReplayFiles. */
export interface ReplayFilesInit {
  readonly cellIndex: number;
  /** The scenario text; read from spec.file when omitted. */
  readonly sourceText?: string;
}

/** The name of the scenario file's copy in a report folder: `scenario` with the file's extension (.yaml, .yml, .json). */
function replayCopyName(file: string): string {
  const ext = extname(file).toLowerCase();
  return `scenario${ext === '.json' || ext === '.yml' ? ext : '.yaml'}`;
}

/** Writes replay.json and the scenario copy; returns the paths written. */
export function writeReplayFiles(dir: string, spec: ScenarioSpec, record: RunRecord, init: ReplayFilesInit): string[] {
  const text = init.sourceText ?? (spec.file && existsSync(spec.file) ? readFileSync(spec.file, 'utf8') : undefined);
  const copy = text === undefined ? null : replayCopyName(spec.file);
  const info: ReplayInfo = {
    format: 'natsim-replay',
    version: 1,
    scenario: spec.name,
    file: spec.file,
    copy,
    cellIndex: init.cellIndex,
    params: spec.params,
    seed: Number(record.scenario.seed),
    traceHash: record.stats.traceHash,
    events: record.stats.events,
    virtualTimeMs: record.stats.virtualTimeMs,
  };
  const out: string[] = [];
  if (copy !== null && text !== undefined) {
    writeFileAnew(join(dir, copy), text);
    out.push(join(dir, copy));
  }
  writeFileAnew(join(dir, REPLAY_FILE), `${JSON.stringify(info, null, 2)}\n`);
  out.push(join(dir, REPLAY_FILE));
  return out;
}

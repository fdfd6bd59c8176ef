/**
 * A sweep's summary as `natsim run` prints and writes it (sweep.md and sweep.json in the sweep's report folder).
 * Shared by `natsim run` and `natsim merge`, so a merged folder is byte-identical to an unsharded run's.
 */
import { mkdirSync } from 'fs';
import { basename, extname, join } from 'path';
import { sweepTableMarkdown, sweepTableText, SweepCellSummary } from '../scenario/run/sweep-summary';
import type { SweepParameter } from '../scenario/format/sweeps';
import type { SweepValue } from '../scenario/format/spec-types';
import type { UnitResult } from './run-unit';
import { writeFileAnew } from '../report/write-anew';

/** What a sweep table needs of its scenario file. */
export interface SweepSource {
  readonly file: string;
  /** The scenario's name. */
  readonly name: string;
  readonly sweep: readonly SweepParameter[];
}

/** The table's title: the shared cell name, else the file's base name, with the file path. */
export function sweepTitle(f: SweepSource, cellNames: readonly string[]): string {
  return `${new Set(cellNames).size === 1 ? f.name : basename(f.file, extname(f.file))} (${f.file})`;
}

/** Writes sweep.md and sweep.json into `dir`; returns the terminal text of the table. */
export function writeSweepFiles(dir: string | undefined, title: string, f: SweepSource, cells: readonly SweepCellSummary[]): string {
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    writeFileAnew(join(dir, 'sweep.md'), sweepTableMarkdown(title, f.sweep, cells));
    writeFileAnew(join(dir, 'sweep.json'), `${JSON.stringify({ scenario: f.name, file: f.file, parameters: f.sweep, cells }, null, 2)}\n`);
  }
  return sweepTableText(title, f.sweep, cells);
}

/** A run's line in its sweep table (the same for `natsim run` and `natsim merge`). */
export function cellSummary(label: string, params: Readonly<Record<string, SweepValue>>, r: UnitResult): SweepCellSummary {
  return { label, params, passed: r.passed, observed: r.observed, observedFrom: r.observedFrom };
}

/**
 * Runs scenario text the way `natsim run` does, without files: parse and validate (every sweep cell), then run each
 * cell in memory with the chosen seed. Same scenario, same seed: the same trace hash as in Node.
 */
import type { RunRecord } from '../report/run-record';
import { parseScenarioText, type ScenarioFile } from '../scenario/format/loader';
import { runScenario } from '../scenario/run/run-scenario';

/** One finished cell. */
export interface CellRun {
  /** Cell label, e.g. `filtering=address-dependent` (empty for a scenario without a sweep). */
  readonly label: string;
  readonly record: RunRecord;
  readonly passed: boolean;
  readonly error?: string;
}

/** Parses and validates; throws ScenarioError with each problem's line and column. */
export function parsePlaygroundScenario(text: string, file: string): ScenarioFile {
  return parseScenarioText(text, file);
}

/** Runs cell `index` of a parsed scenario with `seed` (the scenario's own seed when undefined). */
export function runCell(file: ScenarioFile, index: number, seed?: number): CellRun {
  const cell = file.cells[index];
  const r = runScenario(cell.spec, { seed });
  return { label: cell.label, record: r.record, passed: r.passed, ...(r.error !== undefined ? { error: r.error } : {}) };
}

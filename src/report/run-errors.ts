/**
 * Errors inside a run, as the run record carries them: the failed outcome named RUN_ERRORS_OUTCOME (written by
 * src/scenario/run/run-errors.ts), whose detail lists each error separated by '; '. Reports show them first.
 */
import type { RunRecord } from './run-record';

/** Name of the outcome that lists the errors of a run. */
export const RUN_ERRORS_OUTCOME = 'the run has no errors';

/** The errors of a run, one message each ([] for a run without errors). */
export function runErrorMessages(record: RunRecord): string[] {
  const o = record.expectations.find((e) => e.name === RUN_ERRORS_OUTCOME && !e.passed);
  return o ? o.detail.split('; ') : [];
}

/** Errors the CLI turns into exit codes. */

/** Bad flags or input files: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Exit codes, as documented in the README's CLI reference. */
export const EXIT = Object.freeze({
  /** Everything ran and every expectation held. */
  ok: 0,
  /** An expectation failed (or a replay diverged). */
  failed: 1,
  /** Bad input: flags, scenario files, report folders. */
  usage: 2,
  /** An error inside a run (a socket error an agent or a timeline send reported, or an exception): run-errors.ts. */
  runError: 3,
});

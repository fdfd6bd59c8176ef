/**
 * Errors of building and running a scenario. A build error points back into the scenario file (file:line:column
 * and config path) so the CLI can print it like a validation error and exit 2 before anything runs.
 */
import type { SourceRef } from '../format/spec-types';

/** A scenario that validated but cannot be built (the lower layers refused a setting). */
export class ScenarioBuildError extends Error {
  constructor(
    /** Where the offending node, agent or timeline entry was written. */
    readonly source: SourceRef,
    /** What is wrong, without the position. */
    readonly detail: string,
  ) {
    super(`${source.file}:${source.line}:${source.column}: ${source.path}: ${detail}`);
    this.name = 'ScenarioBuildError';
  }
}

/** Misuse of the runtime API (an unknown name, an action that cannot apply). */
export class ScenarioRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioRuntimeError';
  }
}

/** Runs `fn`; turns any Error it throws into a ScenarioBuildError at `source`. */
export function atSource<T>(source: SourceRef, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ScenarioBuildError) throw err;
    throw new ScenarioBuildError(source, err instanceof Error ? err.message : String(err));
  }
}

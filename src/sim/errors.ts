/** Errors raised by the simulation core. */

/** Which guard stopped a run: event count, virtual time, wall-clock time, trace size, report disk space, memory. */
export type RunawayGuard = 'events' | 'time' | 'wall' | 'trace' | 'disk' | 'memory';

/**
 * Thrown when a run exceeds a guard (see RunawayGuard and RunGuard). It stops a packet storm or a routing loop
 * with a clear message instead of a hang or an exhausted machine.
 */
export class RunawayError extends Error {
  constructor(
    message: string,
    /** Which guard tripped. */
    readonly guard: RunawayGuard,
    /** Events processed when it tripped. */
    readonly events: number,
    /** Virtual time (µs) when it tripped. */
    readonly at: number,
  ) {
    super(message);
    this.name = 'RunawayError';
  }
}

/** Thrown for misuse of a simulation API (bad argument, use after close). Names the offending value. */
export class SimUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimUsageError';
  }
}

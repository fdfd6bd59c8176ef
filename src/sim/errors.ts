/** Errors raised by the simulation core. */

/**
 * Thrown when a run exceeds its guard: too many events or too much virtual time. It stops a packet storm or a
 * routing loop with a clear message instead of a hang.
 */
export class RunawayError extends Error {
  constructor(
    message: string,
    /** Which guard tripped. */
    readonly guard: 'events' | 'time',
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

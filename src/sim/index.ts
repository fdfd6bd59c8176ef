/** Layer 0: virtual time, scheduling, seeded randomness and the trace. */
export * from './time';
export * from './errors';
export * from './scheduler';
export * from './timers';
export * from './rng';
export * from './trace-events';
export * from './trace-json';
export * from './trace';
export * from './sim';
export * from './run-guard';

/**
 * Virtual time. The clock counts whole microseconds as a plain integer `number`, so arithmetic never drifts
 * (2^53 µs is about 285 years of simulated time). Helpers convert from the units people write.
 */

/** A point in virtual time or a duration, in whole microseconds. */
export type Micros = number;

/** Microseconds in one millisecond. */
export const MS: Micros = 1000;
/** Microseconds in one second. */
export const SECOND: Micros = 1_000_000;

/** Milliseconds (may be fractional) to whole microseconds, rounded to the nearest microsecond. */
export function ms(value: number): Micros {
  return Math.round(value * MS);
}

/** Seconds (may be fractional) to whole microseconds. */
export function seconds(value: number): Micros {
  return Math.round(value * SECOND);
}

/** Microseconds to milliseconds, as a number that may carry a fraction (for display and reports). */
export function toMs(t: Micros): number {
  return t / MS;
}

/** Formats a virtual time for humans: `12.345ms`, `1.500s`, `2m03.000s`. */
export function formatTime(t: Micros): string {
  if (t < SECOND) return `${(t / MS).toFixed(3)}ms`;
  if (t < 60 * SECOND) return `${(t / SECOND).toFixed(3)}s`;
  const m = Math.floor(t / (60 * SECOND));
  const s = (t - m * 60 * SECOND) / SECOND;
  return `${m}m${s.toFixed(3).padStart(6, '0')}s`;
}

/**
 * Parsing of the value syntaxes people write in scenario files: durations (`150ms`, `2s`, `1m30s`),
 * probabilities (`0.01` or `1%`), bandwidths (`10mbit`) and port ranges (`49152-65535`). Each parser returns a
 * result instead of throwing, so the loader can collect every problem with its position.
 */

/** A parse result: the value, or what is wrong with the input. */
export type UnitResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Milliseconds per duration unit. `us`/`µs` are microseconds, the clock's resolution. */
const DURATION_UNITS: Readonly<Record<string, number>> = { us: 0.001, 'µs': 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Regular expression source for a duration string (one or more number+unit parts, e.g. `1m30s`). */
export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:h|ms|us|µs|m|s))+$';
/** Regular expression source for a percentage string such as `1%` or `0.5%`. */
export const PERCENT_PATTERN = '^\\d+(?:\\.\\d+)?%$';
/** Regular expression source for a bandwidth: `unlimited`, or a number with bit, kbit, mbit, gbit (or bps forms). */
export const BANDWIDTH_PATTERN = '^(?:unlimited|\\d+(?:\\.\\d+)?[kKmMgG]?(?:bit|bps|bit/s))$';
/** Regular expression source for a port range `min-max`. */
export const PORT_RANGE_PATTERN = '^\\d{1,5}-\\d{1,5}$';

/** How to write a duration, for error messages. */
export const DURATION_HINT = 'a duration with a unit: 150ms, 2s, 5m, 1h, 1m30s (or 0)';
/** How to write a probability, for error messages. */
export const PROBABILITY_HINT = 'a probability from 0 to 1 (0.01) or a percentage (1%)';
/** How to write a bandwidth, for error messages. */
export const BANDWIDTH_HINT = 'a rate like 512kbit, 10mbit, 1gbit, or unlimited';
/** How to write a port range, for error messages. */
export const PORT_RANGE_HINT = 'a port range min-max, like 49152-65535';

/**
 * Longest duration accepted anywhere in a scenario file: 30 days in ms, the same as the scheduler's virtual-time
 * guard (SchedulerInit.maxTime). Longer ones (`1000000000000h`) are a mistake or an attack, never a simulation.
 */
export const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;

/** Rounds milliseconds to whole microseconds, the virtual clock's resolution (src/sim/time.ts). */
function roundToMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Parses a duration into milliseconds (fractions allowed down to 1 µs). Accepts `150ms`, `2s`, `5m`, `1h`,
 * `250us`, compound `1m30s`, and the number 0. Any other bare number is rejected because its unit would be a
 * guess (`latency: 20` could be 20 ms or 20 s).
 */
export function parseDuration(input: unknown): UnitResult<number> {
  if (typeof input === 'number') {
    if (input === 0) return { ok: true, value: 0 };
    if (input < 0) return { ok: false, error: `${input} is negative; a duration is 0 or more, like 150ms or 2s` };
    return { ok: false, error: `the number ${input} has no unit; write ${input}ms or ${input}s` };
  }
  if (typeof input !== 'string') return { ok: false, error: `expected ${DURATION_HINT}` };
  const text = input.trim();
  if (text.startsWith('-') && new RegExp(DURATION_PATTERN, 'u').test(text.slice(1).trim())) {
    return { ok: false, error: `'${input}' is negative; a duration is 0 or more, like ${text.slice(1).trim()}` };
  }
  if (!new RegExp(DURATION_PATTERN, 'u').test(text)) {
    return { ok: false, error: `'${input}' is not a duration; write ${DURATION_HINT}` };
  }
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|m|s)/gu)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
  }
  if (!(total <= MAX_DURATION_MS)) {
    return { ok: false, error: `'${input}' is longer than the maximum duration of ${formatDuration(MAX_DURATION_MS)} (30 days)` };
  }
  return { ok: true, value: roundToMicros(total) };
}

/** Parses a probability: a number 0..1 or a percentage string `0%`..`100%`. */
export function parseProbability(input: unknown): UnitResult<number> {
  if (typeof input === 'number') {
    if (input >= 0 && input <= 1) return { ok: true, value: input };
    return { ok: false, error: `${input} is outside 0..1; write ${PROBABILITY_HINT}` };
  }
  if (typeof input === 'string' && new RegExp(PERCENT_PATTERN, 'u').test(input.trim())) {
    const pct = Number(input.trim().slice(0, -1));
    if (pct <= 100) return { ok: true, value: pct / 100 };
    return { ok: false, error: `${input} is more than 100%` };
  }
  return { ok: false, error: `'${String(input)}' is not a probability; write ${PROBABILITY_HINT}` };
}

/** Bits per second for each bandwidth prefix. */
const BANDWIDTH_PREFIX: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, g: 1e9 };

/**
 * Parses a bandwidth into bits per second; `unlimited` is 0. Units are bits: `kbit`, `mbit`, `gbit` (as in Linux
 * tc), with `kbps`/`mbps` accepted as the same thing. Prefixes are decimal (1 mbit = 1,000,000 bit/s).
 */
export function parseBandwidth(input: unknown): UnitResult<number> {
  if (typeof input !== 'string' || !new RegExp(BANDWIDTH_PATTERN, 'u').test(input.trim())) {
    const extra = typeof input === 'number' ? `; the number ${input} has no unit, write ${input}kbit or ${input}mbit` : '';
    return { ok: false, error: `'${String(input)}' is not a bandwidth${extra || `; write ${BANDWIDTH_HINT}`}` };
  }
  const text = input.trim();
  if (text === 'unlimited') return { ok: true, value: 0 };
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)/u.exec(text)!;
  const value = Math.round(Number(m[1]) * BANDWIDTH_PREFIX[m[2].toLowerCase()]);
  if (value <= 0) return { ok: false, error: `a bandwidth must be more than 0 (write unlimited for no limit)` };
  return { ok: true, value };
}

/** An inclusive UDP port range. */
export interface PortRange {
  /** Lowest port, inclusive. */
  readonly min: number;
  /** Highest port, inclusive. */
  readonly max: number;
}

/** Parses `min-max` into an inclusive range of ports within 1..65535, min <= max. */
export function parsePortRange(input: unknown): UnitResult<PortRange> {
  if (typeof input !== 'string' || !new RegExp(PORT_RANGE_PATTERN, 'u').test(input.trim())) {
    return { ok: false, error: `'${String(input)}' is not a port range; write ${PORT_RANGE_HINT}` };
  }
  const [min, max] = input.trim().split('-').map(Number);
  if (min < 1 || max > 65535) return { ok: false, error: `ports must be within 1-65535, got ${input}` };
  if (min > max) return { ok: false, error: `the range ${input} is empty: write the lower port first (${max}-${min})` };
  return { ok: true, value: { min, max } };
}

/** Formats milliseconds the way people write them: `150ms`, `2s`, `5m`, `1h`, `1m30s`, `0.5ms`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1 || !Number.isInteger(ms)) return `${ms}ms`;
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3600], ['m', 60]] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s > 0) parts.push(`${s}s`);
  return parts.join('');
}

/**
 * External port assignment within one address's pool (RFC 4787 §4.2.1 port assignment, §4.2.2 parity). Never
 * overloads a port (REQ-3): a port is given only when no mapping owns it and its reuse hold (RFC 6888 REQ-8)
 * has passed. Randomness comes from the caller's RandomSource, so assignment is reproducible under a seed.
 */
import type { RandomSource } from '../sim/rng';
import type { PortAssignment } from './nat-config';
import type { PortPool } from './port-pool';

/** The assignment settings, with durations already in µs. */
export interface PortAllocation {
  readonly assignment: PortAssignment;
  /** 'sequential': distance from the last assigned port to where the next search starts. */
  readonly step: number;
  /** Range, inclusive. */
  readonly lo: number;
  readonly hi: number;
  /** Keep the internal port's parity (REQ-4). */
  readonly parity: boolean;
}

/** The first free port of the class at or after `start`, wrapping from hi to lo; -1 when none. */
function scanFrom(pool: PortPool, start: number, lo: number, hi: number, parity: number): number {
  const port = pool.findFree(start, hi, parity);
  return port >= 0 ? port : pool.findFree(lo, start - 1, parity);
}

/**
 * Assigns an external port in `pool` for a mapping of internal port `internalPort`, or returns -1 when the pool
 * has no usable port (of the right parity):
 * - 'preserve': the internal port itself when it lies in the range and is free; otherwise as 'random'.
 * - 'sequential': the first free port at or after the pool's cursor (wrapping); the cursor then moves to that
 *   port + step. The cursor starts at the range's low end.
 * - 'random': a uniformly drawn candidate, or the first free one after it (wrapping), like Linux's search from a
 *   random offset.
 * With parity on, only ports of the internal port's parity are candidates.
 */
export function assignPort(pool: PortPool, s: PortAllocation, rng: RandomSource, internalPort: number,
  now: number): number {
  const { lo, hi } = s;
  const parity = s.parity ? internalPort & 1 : -1;
  const first = parity < 0 || (lo & 1) === parity ? lo : lo + 1;
  const stride = parity < 0 ? 1 : 2;
  const count = first > hi ? 0 : Math.floor((hi - first) / stride) + 1;
  pool.releaseHolds(now);
  if (count === 0 || pool.busyCount(parity) >= count) return -1;
  if (s.assignment === 'sequential') {
    const start = pool.cursor > hi ? lo : Math.max(pool.cursor, lo);
    const port = scanFrom(pool, start, lo, hi, parity);
    if (port >= 0) pool.cursor = port + s.step;
    return port;
  }
  if (s.assignment === 'preserve' && internalPort >= lo && internalPort <= hi && pool.isFree(internalPort)) {
    return internalPort;
  }
  return scanFrom(pool, first + rng.int(0, count - 1) * stride, lo, hi, parity);
}

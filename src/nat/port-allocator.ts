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
  /** µs an expired port stays unusable. */
  readonly holdUs: number;
}

/**
 * Finds a free port, scanning the candidate ports first, first+stride, ... (count of them) from index `start`,
 * wrapping. Returns -1 when none is free.
 */
function scan(pool: PortPool, start: number, first: number, stride: number, count: number, now: number,
  holdUs: number): number {
  for (let i = 0; i < count; i++) {
    let k = start + i;
    if (k >= count) k -= count;
    const port = first + k * stride;
    if (pool.isFree(port, now, holdUs)) return port;
  }
  return -1;
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
  const parity = s.parity ? internalPort & 1 : -1;
  const first = parity < 0 || (s.lo & 1) === parity ? s.lo : s.lo + 1;
  const stride = parity < 0 ? 1 : 2;
  const count = first > s.hi ? 0 : Math.floor((s.hi - first) / stride) + 1;
  if (count === 0 || pool.owned(parity) >= count) return -1;
  if (s.assignment === 'sequential') {
    const c = pool.cursor;
    let start = c <= first ? 0 : Math.ceil((c - first) / stride);
    if (start >= count) start = 0;
    const port = scan(pool, start, first, stride, count, now, s.holdUs);
    if (port >= 0) pool.cursor = port + s.step;
    return port;
  }
  if (s.assignment === 'preserve' && internalPort >= s.lo && internalPort <= s.hi
    && pool.isFree(internalPort, now, s.holdUs)) {
    return internalPort;
  }
  return scan(pool, rng.int(0, count - 1), first, stride, count, now, s.holdUs);
}

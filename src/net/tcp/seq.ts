/**
 * Sequence number arithmetic modulo 2^32 (RFC 9293 §3.4): numbers wrap, so "a before b" is judged by the signed
 * 32-bit difference, valid while the two are less than 2^31 apart (always true within one window).
 */

/** `a + n` mod 2^32. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** The signed distance from `a` to `b` (b - a), in -2^31 .. 2^31-1. */
export function seqDiff(b: number, a: number): number {
  return (b - a) | 0;
}

/** a < b mod 2^32. */
export function seqLt(a: number, b: number): boolean {
  return seqDiff(b, a) > 0;
}

/** a <= b mod 2^32. */
export function seqLe(a: number, b: number): boolean {
  return seqDiff(b, a) >= 0;
}

/** a > b mod 2^32. */
export function seqGt(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

/** a >= b mod 2^32. */
export function seqGe(a: number, b: number): boolean {
  return seqDiff(a, b) >= 0;
}

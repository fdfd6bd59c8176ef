/**
 * Candidate pair priority, RFC 8445 §6.1.2.3: with G the controlling agent's candidate priority and D the controlled
 * agent's, priority = 2^32·MIN(G,D) + 2·MAX(G,D) + (G>D ? 1 : 0). Values reach 2^63−2, beyond 2^53, hence BigInt.
 */
import { IceUsageError } from './errors';
import type { IceRole } from './role-conflict';

/**
 * The largest pair priority for valid candidate priorities (1..2^31−1, RFC 8445 §5.1.2): G = D = 2^31−1 gives
 * 2^63−2 = 9223372036854775806. (Out-of-range u32 priorities from a peer still compute, as larger BigInts.)
 */
export const MAX_PAIR_PRIORITY = 9223372036854775806n;

const U32_MAX = 0xffffffff;

/**
 * Pair priority per RFC 8445 §6.1.2.3.
 * @param g priority of the controlling agent's candidate (u32)
 * @param d priority of the controlled agent's candidate (u32)
 * @throws IceUsageError when g or d is not an unsigned 32-bit integer
 */
export function pairPriority(g: number, d: number): bigint {
  for (const [name, v] of [['g', g], ['d', d]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > U32_MAX) {
      throw new IceUsageError(`pairPriority(${name})`, `must be an integer in 0..4294967295, got ${v}`);
    }
  }
  const G = BigInt(g);
  const D = BigInt(d);
  const min = G < D ? G : D;
  const max = G < D ? D : G;
  return (min << 32n) + 2n * max + (G > D ? 1n : 0n);
}

/**
 * Pair priority from this agent's point of view: the local candidate is G when this agent is controlling, D otherwise
 * (RFC 8445 §6.1.2.3). Recompute with the new role after a role switch (§7.2.5.1, §7.3.1.1).
 */
export function pairPriorityForRole(role: IceRole, localPriority: number, remotePriority: number): bigint {
  return role === 'controlling' ? pairPriority(localPriority, remotePriority) : pairPriority(remotePriority, localPriority);
}

/**
 * Options of an ICE session and of its data streams, and the checks IceSession applies to its arguments: Ta
 * (RFC 8445 §14.2), the pair limit (§6.1.2.5), the RTO factor (§14.3) and the 64-bit tie-breaker (§7.1.3).
 */
import { Nat64Prefix } from '../../net/nat64-prefix';
import type { TypePreferences } from './candidate-priority';
import { IceUsageError } from './errors';

/** Options of an ICE session. */
export interface IceSessionInit {
  /** Pacing timer Ta in ms (RFC 8445 §14.2); use negotiateTa() for the value both agents agree on. @default 50 */
  readonly ta?: number;
  /** Limit on pairs across all checklists (RFC 8445 §6.1.2.5). @default 100 */
  readonly pairLimit?: number;
  /** Candidate type preferences (RFC 8445 §5.1.2.2). @default DEFAULT_TYPE_PREFERENCES */
  readonly typePreferences?: TypePreferences;
  /** Candidates trickle (RFC 8838): checklists cannot fail before both end-of-candidates. @default false */
  readonly trickle?: boolean;
  /**
   * The N factor of the check RTO, MAX(500, Ta·N·(Waiting+In-Progress)) (RFC 8445 §14.3). With N = 1 every pending
   * check gets its first transmission before any retransmission, which is the stated aim of §14.1. @default 1
   */
  readonly rtoN?: number;
  /**
   * The NAT64 prefix (RFC 6052 §2.2, e.g. '64:ff9b::/96') of an IPv6-only agent behind a NAT64: every remote IPv4
   * candidate also gets an IPv6 twin under this prefix, paired with the local IPv6 candidates (RFC 8445 §5.1.1.1).
   * Leave unset on an agent with IPv4 addresses of its own. @default none
   */
  readonly nat64Prefix?: string;
}

/** Options of a data stream (one checklist). */
export interface StreamInit {
  /** Stream id, unique in the session. @default the stream's index as a string ("0", "1", ...) */
  readonly id?: string;
  /** Number of components, IDs 1..n (RTP = 1, RTCP = 2). @default 1 */
  readonly components?: number;
}

const U64_MAX = (1n << 64n) - 1n;

/** @throws IceUsageError unless `t` is an unsigned 64-bit bigint (RFC 8445 §7.1.3) */
export function checkTieBreaker(where: string, t: bigint): void {
  if (typeof t !== 'bigint' || t < 0n || t > U64_MAX) throw new IceUsageError(where, `must be an unsigned 64-bit bigint, got ${String(t)}`);
}

/** Returns `v`. @throws IceUsageError unless it is a finite positive number */
export function positive(where: string, v: number): number {
  if (!(Number.isFinite(v) && v > 0)) throw new IceUsageError(where, `must be a positive number, got ${v}`);
  return v;
}

/** The parsed NAT64 prefix, or undefined when none is set. @throws IceUsageError for a bad prefix */
export function nat64PrefixOf(where: string, text: string | undefined): Nat64Prefix | undefined {
  if (text === undefined) return undefined;
  try {
    return Nat64Prefix.parse(text);
  } catch (e) {
    throw new IceUsageError(where, `${(e as Error).message} (RFC 6052 §2.2)`);
  }
}

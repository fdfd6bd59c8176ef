/**
 * ICE pacing and retransmission timing (RFC 8445 §14) and keepalive timing (§11). All durations in milliseconds.
 */
import { IceUsageError } from './errors';

/** Default pacing timer Ta (RFC 8445 §14.2). */
export const DEFAULT_TA_MS = 50;

/** Lower bound for every STUN RTO used by ICE (RFC 8445 §14.3). */
export const MIN_RTO_MS = 500;

/** Minimum global spacing of new transactions from all agents on one host (RFC 8445 §14.2). */
export const MIN_TRANSACTION_SPACING_MS = 5;

/** Keepalive interval Tr (RFC 8445 §11): SHOULD be 15 s, MUST NOT be less. */
export const DEFAULT_TR_MS = 15000;

/**
 * The Ta both agents use: the larger of the two proposals, a missing proposal counting as the default (§14.2).
 */
export function negotiateTa(localTaMs?: number, remoteTaMs?: number): number {
  return Math.max(localTaMs ?? DEFAULT_TA_MS, remoteTaMs ?? DEFAULT_TA_MS);
}

/**
 * RTO for a connectivity check (RFC 8445 §14.3): MAX(500 ms, Ta · N · (Num-Waiting + Num-In-Progress)).
 * @param taMs pacing timer Ta
 * @param numWaitingPlusInProgress checks in the checklist set in Waiting or In-Progress state
 * @param n the N factor of §14.3 ("total number of connectivity checks to be performed")
 */
export function checkRto(taMs: number, numWaitingPlusInProgress: number, n: number): number {
  return Math.max(MIN_RTO_MS, taMs * n * numWaitingPlusInProgress);
}

/**
 * RTO during gathering (RFC 8445 §14.3): MAX(500 ms, Ta · Num-Of-Cands), counting srflx and relay candidates.
 */
export function gatheringRto(taMs: number, numSrflxPlusRelay: number): number {
  return Math.max(MIN_RTO_MS, taMs * numSrflxPlusRelay);
}

/**
 * True when a keepalive (a Binding indication) is due on a pair in use: nothing was sent on it for Tr (§11).
 * @param lastSentAtMs when anything was last sent on the pair
 * @param trMs keepalive interval; at least 15000
 * @throws IceUsageError when trMs < 15000 (RFC 8445 §11 forbids it)
 */
export function keepaliveDue(nowMs: number, lastSentAtMs: number, trMs: number = DEFAULT_TR_MS): boolean {
  if (!(trMs >= DEFAULT_TR_MS)) {
    throw new IceUsageError('keepaliveDue(trMs)', `Tr must be at least ${DEFAULT_TR_MS} ms (RFC 8445 §11), got ${trMs}`);
  }
  return nowMs - lastSentAtMs >= trMs;
}

/** When the next keepalive falls due: lastSentAt + Tr (RFC 8445 §11). */
export function nextKeepaliveAt(lastSentAtMs: number, trMs: number = DEFAULT_TR_MS): number {
  return lastSentAtMs + Math.max(trMs, DEFAULT_TR_MS);
}

/**
 * The RFC 8489 §6.2.1 retransmission schedule for STUN over UDP, as pure functions: the client sends the request
 * at 0, RTO, 3·RTO, 7·RTO, ... (the RTO doubles after every send), Rc requests in all, then waits Rm × RTO after
 * the last one before declaring the transaction failed. With RTO 500 ms, Rc 7, Rm 16: sends at 0, 500, 1500,
 * 3500, 7500, 15500 and 31500 ms, failure at 39500 ms.
 */
import { DEFAULT_RC, DEFAULT_RM, DEFAULT_RTO_MS } from '../../protocols/stun';
import { StunClientUsageError } from './errors';

/** Retransmission parameters of one transaction (RFC 8489 §6.2.1). Every field is optional. */
export interface StunTransactionInit {
  /**
   * Initial retransmission timeout in milliseconds; it doubles after each send (RFC 8489 §6.2.1: SHOULD be
   * >= 500 ms on the Internet; smaller values are allowed for simulated or LAN paths).
   * @default 500
   */
  rto?: number;
  /**
   * Rc: how many requests are sent in total, the first included.
   * @default 7
   */
  rc?: number;
  /**
   * Rm: after the last request the client waits Rm × (initial) RTO for a response before failing.
   * @default 16
   */
  rm?: number;
}

/** A StunTransactionInit with every default applied. */
export interface StunTransactionTiming {
  /** Initial RTO, ms. */
  readonly rto: number;
  /** Total requests sent. */
  readonly rc: number;
  /** Final wait, in multiples of the initial RTO. */
  readonly rm: number;
}

/** The RFC 8489 §6.2.1 defaults: RTO 500 ms, Rc 7, Rm 16. */
export const DEFAULT_TRANSACTION_TIMING: StunTransactionTiming = Object.freeze({
  rto: DEFAULT_RTO_MS,
  rc: DEFAULT_RC,
  rm: DEFAULT_RM,
});

/**
 * Applies `init` over `base`, validating each value.
 * @param where names the option in errors, e.g. `request(options)`
 * @throws StunClientUsageError saying which value is bad and what is valid
 */
export function resolveTransactionTiming(
  init: StunTransactionInit = {},
  base: StunTransactionTiming = DEFAULT_TRANSACTION_TIMING,
  where = 'transaction',
): StunTransactionTiming {
  const rto = init.rto ?? base.rto;
  const rc = init.rc ?? base.rc;
  const rm = init.rm ?? base.rm;
  if (typeof rto !== 'number' || !Number.isFinite(rto) || rto <= 0) {
    throw new StunClientUsageError(`${where}.rto`, `must be a number of milliseconds > 0, got ${String(rto)}`);
  }
  if (!Number.isInteger(rc) || rc < 1 || rc > 30) {
    throw new StunClientUsageError(`${where}.rc`, `must be a whole number of requests from 1 to 30, got ${String(rc)}`);
  }
  if (typeof rm !== 'number' || !Number.isFinite(rm) || rm <= 0) {
    throw new StunClientUsageError(`${where}.rm`, `must be a number > 0 (multiples of the RTO), got ${String(rm)}`);
  }
  return { rto, rc, rm };
}

/** Offsets (ms from the first send) of every request: rto × (2^i − 1) for i = 0 .. rc−1 (RFC 8489 §6.2.1). */
export function sendOffsets(t: StunTransactionTiming): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.rc; i++) out.push(t.rto * (2 ** i - 1));
  return out;
}

/** Offset (ms from the first send) at which an unanswered transaction fails: last send + Rm × RTO. */
export function failureOffset(t: StunTransactionTiming): number {
  return t.rto * (2 ** (t.rc - 1) - 1) + t.rm * t.rto;
}

/** How long to wait after send number `attempt` (1-based) before the next send, or before failing after the last. */
export function waitAfterSend(t: StunTransactionTiming, attempt: number): number {
  return attempt < t.rc ? t.rto * 2 ** (attempt - 1) : t.rm * t.rto;
}

/** Counters of a StunServer: what it received, answered and refused. Every refusal is counted by reason. */
import { STUN_SERVER_REJECT_REASONS, StunServerRejectReason } from './stun-server-handler';

/** What a StunServer has seen so far. */
export interface StunServerStats {
  /** Datagrams received on any of its sockets. */
  received: number;
  /** Binding success responses sent. */
  success: number;
  /** Error responses sent (400, 401, 420). */
  errorResponses: number;
  /** Binding indications received (keepalives; nothing is sent back). */
  indications: number;
  /** Datagrams refused: answered with an error or discarded. */
  rejected: number;
  /** Refusals by reason. */
  readonly byReason: Record<StunServerRejectReason, number>;
}

/** Fresh counters, every reason at 0. */
export function emptyServerStats(): StunServerStats {
  const byReason = Object.fromEntries(STUN_SERVER_REJECT_REASONS.map((r) => [r, 0])) as Record<StunServerRejectReason, number>;
  return { received: 0, success: 0, errorResponses: 0, indications: 0, rejected: 0, byReason };
}

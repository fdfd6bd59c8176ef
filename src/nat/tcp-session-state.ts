/**
 * The TCP state a stateful translator or filter keeps per session, after RFC 6146 §3.5.2.2's state machine (also
 * what RFC 6092 §3.3 asks of an IPv6 home gateway: every valid sequence passes, simultaneous open included,
 * REC-26; established idle timeout >= 2 h 4 min and transitory >= 4 min, REC-30 / RFC 5382 REQ-5).
 *
 * "Out" is a segment from the inside (RFC 6146's V6 side), "in" one from the outside (V4 side).
 *   CLOSED  --out SYN--> OUT_INIT          --in SYN--> ESTABLISHED
 *   CLOSED  --in SYN-->  IN_INIT           --out SYN--> ESTABLISHED
 *   ESTABLISHED --in FIN--> IN_FIN  --out FIN--> BOTH_FIN     (and the mirror)
 *   ESTABLISHED --RST--> TRANS --any non-RST--> ESTABLISHED
 * Lifetimes: INIT states and BOTH_FIN and TRANS are transitory (TCP_TRANS); ESTABLISHED and the one-FIN states
 * are established (TCP_EST). BOTH_FIN is not refreshed by further segments (RFC 6146: the session is closing).
 */
import { TCP_FLAG, TcpHeader } from '../net/tcp-header';

/** Session states (RFC 6146 §3.5.2.1, with V6/V4 named out/in). */
export const TCP_SESSION_STATES = ['out-init', 'in-init', 'established', 'out-fin', 'in-fin', 'both-fin', 'trans'] as const;
/** One of TCP_SESSION_STATES. */
export type TcpSessionState = (typeof TCP_SESSION_STATES)[number];

/** Which timeout a state runs on. */
export type TcpLifetime = 'transitory' | 'established';

/** The next state and the timeout that applies, or `keep` when the lifetime is not reset (BOTH_FIN). */
export interface TcpStep {
  readonly state: TcpSessionState;
  readonly lifetime: TcpLifetime;
  readonly keep: boolean;
}

const step = (state: TcpSessionState, lifetime: TcpLifetime, keep = false): TcpStep => ({ state, lifetime, keep });

/** The first state of a session opened by a segment (only a SYN opens one; RFC 6146 §3.5.2.2 CLOSED state). */
export function tcpOpen(tcp: TcpHeader, outbound: boolean): TcpStep | undefined {
  if (!(tcp.flags & TCP_FLAG.SYN) || tcp.flags & TCP_FLAG.RST) return undefined;
  return step(outbound ? 'out-init' : 'in-init', 'transitory');
}

/** The state after a segment of an existing session (RFC 6146 §3.5.2.2). */
export function tcpNext(state: TcpSessionState, tcp: TcpHeader, outbound: boolean): TcpStep {
  const f = tcp.flags;
  const syn = (f & TCP_FLAG.SYN) !== 0;
  const fin = (f & TCP_FLAG.FIN) !== 0;
  const rst = (f & TCP_FLAG.RST) !== 0;
  switch (state) {
    case 'out-init':
      if (syn && !outbound) return step('established', 'established');
      return step('out-init', 'transitory');
    case 'in-init':
      if (syn && outbound) return step('established', 'established');
      return step('in-init', 'transitory');
    case 'established':
      if (rst) return step('trans', 'transitory');
      if (fin) return step(outbound ? 'out-fin' : 'in-fin', 'established');
      return step('established', 'established');
    case 'out-fin':
      if (fin && !outbound) return step('both-fin', 'transitory');
      return step('out-fin', 'established');
    case 'in-fin':
      if (fin && outbound) return step('both-fin', 'transitory');
      return step('in-fin', 'established');
    case 'both-fin':
      return step('both-fin', 'transitory', true);
    case 'trans':
      if (rst) return step('trans', 'transitory', true);
      return step('established', 'established');
  }
}

/**
 * The options, states and reports of the hole-punch agents (UDP: hole-punch-agent.ts; TCP:
 * tcp-hole-punch-agent.ts), in a file of their own so the shared part (punch-exchange.ts) and both agents import
 * them without importing each other.
 */
import type { SignalingEndpoint } from '../signaling';
import type { TransportAddress } from '../stun/transport-address';

/** Why a hole punch failed. */
export type HolePunchFailure =
  /** No STUN response: the agent never learned its public address (RFC 8489 §6.2.1 timeout). */
  | 'stun-failed'
  /** The peer's address never arrived over signalling within the time. */
  | 'no-peer-address'
  /** Punches went out but no ACK came back within the time. */
  | 'no-answer';

/** Reported once when both directions work. */
export interface HolePunchConnected {
  /** Where the working path leads: the peer's public address, or the address its packets came from. */
  readonly peer: string;
  /** True when the peer's packets came from another address than it announced (a peer-reflexive address). */
  readonly learned: boolean;
  /** Our own public address from STUN. */
  readonly publicAddress: string;
  /** Punches sent before the ACK arrived. */
  readonly punchesSent: number;
}

/** Reported once when the agent gives up. */
export interface HolePunchFailed {
  readonly reason: HolePunchFailure;
  /** A sentence a student can read; the scenario layer appends what the trace saw (for example a NAT's drop). */
  readonly detail: string;
  readonly punchesSent: number;
  readonly punchesReceived: number;
}

/** Options of a HolePunchAgent. */
export interface HolePunchInit {
  /** The agent's name: its signalling endpoint, the name in its datagrams and in trace events. */
  readonly name: string;
  /** The peer agent's name (its signalling endpoint). */
  readonly peer: string;
  /** The STUN server to ask for the public address. */
  readonly stunServer: TransportAddress;
  /** The out-of-band channel to the peer. */
  readonly signaling: SignalingEndpoint;
  /** Local UDP port; 0 = any free port. @default 0 */
  readonly port?: number;
  /** Time between punches. @default 100 */
  readonly punchIntervalMs?: number;
  /** Give up this long after start if not connected. @default 10000 */
  readonly timeoutMs?: number;
  /** Once connected, send a KEEPALIVE this often to keep the NAT mappings alive (RFC 4787 §4.3); 0 = never. @default 0 */
  readonly keepaliveMs?: number;
  readonly onConnected?: (e: HolePunchConnected) => void;
  readonly onFailed?: (e: HolePunchFailed) => void;
  /**
   * Called at failure for what the agent itself cannot see (a NAT's drop in the trace); its text is appended to
   * the failure detail. @default none
   */
  readonly explainFailure?: () => string | undefined;
}

/** Where the agent is in the four steps. */
export type HolePunchState = 'idle' | 'asking-stun' | 'waiting-for-peer' | 'punching' | 'connected' | 'failed' | 'closed';

/**
 * What an ICE agent reports: its state, and events with details (connected, disconnected, failed, restart, data).
 * Each event goes to the matching callback and into the trace as `env.emit(agentName, event, data)`.
 */
import type { CandidateType, RelayProtocol } from '../../protocols/ice';
import type { SignalingMessage } from '../signaling';

/**
 * Agent state, after the WebRTC RTCIceConnectionState names: 'new' before start(), 'checking' until a pair is
 * selected, 'connected' with a selected pair, 'disconnected' when consent responses stopped for a while,
 * 'failed' when no pair worked or consent expired (RFC 7675), 'closed' after close().
 */
export type IceAgentState = 'new' | 'checking' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** The selected pair of a component (RFC 8445 §8.1.1), as reported in events. */
export interface SelectedPairInfo {
  /** ICE generation: 0, then +1 per restart. */
  readonly generation: number;
  /** Local candidate type of the selected (valid) pair. */
  readonly localType: CandidateType;
  /** Remote candidate type of the selected pair. */
  readonly remoteType: CandidateType;
  /** True when either side of the pair is a relayed candidate (data goes through a TURN server). */
  readonly viaRelay: boolean;
  /**
   * When the local candidate is relayed: how this agent reaches its TURN server ('udp', 'tcp' or 'tls', as WebRTC's
   * RTCIceCandidateStats.relayProtocol). Absent otherwise.
   */
  readonly relayProtocol?: RelayProtocol;
  /** 'tcp' for an ICE-TCP pair (RFC 6544); absent for UDP. */
  readonly transport?: 'tcp';
  /** Local candidate address `ip:port` (a srflx/prflx one for a reflexive valid pair). */
  readonly local: string;
  /** Remote candidate address `ip:port`. */
  readonly remote: string;
  /** The local candidate as an RFC 8839 `candidate:` line. */
  readonly localCandidate: string;
  /** The remote candidate as an RFC 8839 `candidate:` line. */
  readonly remoteCandidate: string;
}

/** Details of 'connected'. */
export interface IceConnectedEvent extends SelectedPairInfo {
  /** Virtual ms from start() (or from the restart) until selection. */
  readonly elapsedMs: number;
  /** Connectivity checks this agent started so far (transactions, retransmissions not counted). */
  readonly checksSent: number;
}

/** Details of 'disconnected' and consent-caused 'failed'. */
export interface IceConsentEvent {
  readonly generation: number;
  /** Virtual ms of the last authenticated consent response (or of selection when none came since). */
  readonly lastResponseAt: number;
  /** Why: 'consent-unanswered' (disconnected) or 'consent-expired' (failed, RFC 7675 §5.1). */
  readonly reason: 'consent-unanswered' | 'consent-expired';
}

/** Details of a 'failed' caused by the checks (no pair succeeded, or no nomination came). */
export interface IceChecksFailedEvent {
  readonly generation: number;
  /**
   * 'no-valid-pair': every pair failed (RFC 8445 §7.2.5.4); 'nomination-failed': the USE-CANDIDATE check failed
   * (§7.2.5.3.4); 'no-nomination': controlled agent only, it holds a valid pair but the controlling agent never
   * nominated and was silent for consentTimeoutMs (§8.1.1 leaves telling the peer to the usage; see docs/ice.md).
   */
  readonly reason: 'no-valid-pair' | 'nomination-failed' | 'no-nomination';
  /** A readable sentence: how many pairs failed and how, and which candidate types were available. */
  readonly detail: string;
}

/** Details of 'restart' (RFC 8445 §9). */
export interface IceRestartEvent {
  /** The new generation number. */
  readonly generation: number;
  /** Who asked: this agent (restart()) or the peer (new credentials arrived). */
  readonly initiator: 'local' | 'remote';
  readonly ufrag: string;
}

/** How application data arrived. */
export interface IceDataInfo {
  /** Sender `ip:port` as seen on the wire (for relayed data: the peer's address the TURN server reported). */
  readonly from: string;
  /** True when it arrived through our TURN allocation. */
  readonly viaRelay: boolean;
}

/** Callbacks of an IceAgent; all optional. They run inside simulator events (keep them synchronous). */
export interface IceAgentCallbacks {
  readonly onStateChange?: (state: IceAgentState, previous: IceAgentState) => void;
  readonly onConnected?: (e: IceConnectedEvent) => void;
  readonly onDisconnected?: (e: IceConsentEvent) => void;
  readonly onFailed?: (e: IceConsentEvent | IceChecksFailedEvent) => void;
  readonly onRestart?: (e: IceRestartEvent) => void;
  /** Application data received over a valid pair (directly or through the relay). */
  readonly onData?: (data: Uint8Array, info: IceDataInfo) => void;
  /** Every signaling message the agent sends (in addition to the `signaling` endpoint, if any). */
  readonly onSignal?: (message: SignalingMessage) => void;
}

/** Counters of one agent. */
export interface IceAgentStats {
  /** Connectivity-check transactions started (RFC 8445 §7.2.4), retransmissions not counted. */
  checksSent: number;
  /** Binding requests transmitted for checks and consent, retransmissions included. */
  requestsSent: number;
  /** Authenticated check requests received. */
  checksReceived: number;
  /** Consent-freshness requests sent (RFC 7675). */
  consentChecksSent: number;
  /** Binding indications sent as keepalives (RFC 8445 §11). */
  keepalivesSent: number;
  /** Application datagrams sent / received. */
  dataSent: number;
  dataReceived: number;
}

/**
 * Every event an ICE agent records in the trace under its own name (`env.emit(name, event, data)`). Every
 * trace call of the agent takes an IceEventName, so this list is complete by construction; scenario files check
 * `after:` and `happens:` event names against it.
 */
export const ICE_EVENTS = [
  'state', 'credentials', 'candidate', 'end-of-candidates', 'gathering-failed', 'relay-allocated',
  'remote-candidate', 'remote-candidate-rejected', 'remote-end-of-candidates', 'check', 'check-failed',
  'check-rejected', 'check-dropped', 'prflx-learned', 'valid-pair', 'nominating', 'nominated', 'nomination-failed',
  'role-changed', 'checklist-state', 'connected', 'consent-check', 'keepalive', 'disconnected', 'consent-restored',
  'consent-lost', 'failed', 'restart', 'restarted', 'ignored', 'data-dropped', 'tcp-connect', 'tcp-accepted', 'tcp-closed',
] as const;
/** One of ICE_EVENTS. */
export type IceEventName = (typeof ICE_EVENTS)[number];

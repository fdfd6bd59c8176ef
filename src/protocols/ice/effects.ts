/**
 * What flows between the pure ICE core and the agent that drives it: planned checks out, check outcomes and received
 * requests in, and effects (decisions and state changes) out. The agent executes `cancel-check` effects and may
 * trace the rest.
 */
import type { Candidate, TransportAddress } from './candidate';
import type { CandidatePair, PairState } from './pair';
import type { IceRole, RoleAttribute } from './role-conflict';

/** Checklist states (RFC 8445 §6.1.2.1). */
export type ChecklistState = 'Running' | 'Completed' | 'Failed';

/** ICE session state (RFC 8445 §6.1.3): Completed if all checklists are, Failed if all are, else Running. */
export type IceState = ChecklistState;

/** Why a pair left its checklist. */
export type PairRemovalReason =
  /** Redundant with a higher-priority pair (same local base, same remote; RFC 8445 §6.1.2.4). */
  | 'redundant'
  /** Over the pair limit (RFC 8445 §6.1.2.5). */
  | 'pair-limit'
  /** Another pair of its component was nominated (RFC 8445 §8.1.2). */
  | 'component-nominated';

/** Why a check failed (RFC 8445 §7.2.5.2). */
export type CheckFailureReason = 'timeout' | 'error-response' | 'icmp' | 'non-symmetric';

/** A state change or decision produced by the ICE core. */
export type IceEffect =
  | { readonly kind: 'pair-added'; readonly pair: CandidatePair }
  | { readonly kind: 'pair-removed'; readonly pair: CandidatePair; readonly reason: PairRemovalReason }
  | { readonly kind: 'pair-state'; readonly pair: CandidatePair; readonly from: PairState; readonly to: PairState }
  | { readonly kind: 'triggered-check-queued'; readonly pair: CandidatePair }
  /** Stop retransmitting this check; still accept a response until its transaction timeout (§7.3.1.4, §8.1.2). */
  | { readonly kind: 'cancel-check'; readonly checkId: number; readonly pair: CandidatePair }
  | { readonly kind: 'check-failed'; readonly checkId: number; readonly pair: CandidatePair; readonly reason: CheckFailureReason }
  | { readonly kind: 'local-candidate-learned'; readonly streamId: string; readonly candidate: Candidate }
  | { readonly kind: 'remote-candidate-learned'; readonly streamId: string; readonly candidate: Candidate }
  | { readonly kind: 'remote-candidate-updated'; readonly streamId: string; readonly candidate: Candidate }
  /** A remote IPv4 candidate `from` got an IPv6 twin under the NAT64 prefix (RFC 8445 §5.1.1.1, RFC 6052 §2.2). */
  | { readonly kind: 'remote-candidate-synthesized'; readonly streamId: string; readonly candidate: Candidate; readonly from: Candidate }
  | { readonly kind: 'valid-pair'; readonly pair: CandidatePair }
  /** The controlling agent queued a USE-CANDIDATE check on `via` to nominate `pair` (§8.1.1). */
  | { readonly kind: 'nomination-queued'; readonly pair: CandidatePair; readonly via: CandidatePair }
  | { readonly kind: 'nominated'; readonly pair: CandidatePair }
  /** A nomination check failed: the pair left the valid list and the checklist failed (§7.2.5.3.4). */
  | { readonly kind: 'nomination-failed'; readonly pair: CandidatePair }
  | { readonly kind: 'role-changed'; readonly from: IceRole; readonly to: IceRole; readonly tieBreaker: bigint }
  | { readonly kind: 'checklist-state'; readonly streamId: string; readonly from: ChecklistState; readonly to: ChecklistState };

/** Where and how to send an ICE Binding request on a pair (RFC 8445 §7.1, §7.2.4). */
export interface BindingRequestFields {
  /** Send from here: the base of the pair's local candidate (a relayed address means: send through the TURN allocation). */
  readonly from: TransportAddress;
  /** Send to here: the remote candidate. */
  readonly to: TransportAddress;
  /** PRIORITY attribute value (RFC 8445 §7.1.1: the local candidate's priority with the prflx type preference). */
  readonly priority: number;
  /** Include USE-CANDIDATE (controlling agent nominating, §8.1.1). */
  readonly useCandidate: boolean;
  /** Role to announce: ICE-CONTROLLING or ICE-CONTROLLED with `tieBreaker` (§7.1.3). */
  readonly role: IceRole;
  readonly roleAttribute: RoleAttribute;
  readonly tieBreaker: bigint;
}

/** A connectivity check the agent must send now (RFC 8445 §7.2.4). */
export interface PlannedCheck extends BindingRequestFields {
  /** Correlates the outcome: pass it back to onCheckSuccess / onCheckFailure / onRoleConflict. */
  readonly checkId: number;
  readonly streamId: string;
  readonly pair: CandidatePair;
  /** True when taken from the triggered-check queue (§6.1.4.1). */
  readonly triggered: boolean;
  /** STUN RTO to use for this transaction (RFC 8445 §14.3). */
  readonly rtoMs: number;
  /** State changes made while picking this check (unfreezing, Waiting → In-Progress). */
  readonly effects: readonly IceEffect[];
}

/** Addresses of a received success response, as the agent observed them (RFC 8445 §7.2.5.2.1, §7.2.5.3.1). */
export interface CheckResponse {
  /** Source transport address of the response (must equal the request's destination). */
  readonly source: TransportAddress;
  /** Local transport address the response arrived on (must equal the request's source, i.e. the base or relayed address). */
  readonly destination: TransportAddress;
  /** XOR-MAPPED-ADDRESS of the response. */
  readonly mappedAddress: TransportAddress;
}

/** A Binding request that passed authentication, as the agent saw it (RFC 8445 §7.3). */
export interface IncomingCheck {
  /** Local transport address it arrived on: a host base, or a relayed address when it came through TURN (§7.3.1.2). */
  readonly local: TransportAddress;
  /** Source transport address (through TURN: the XOR-PEER-ADDRESS or the channel's peer). */
  readonly source: TransportAddress;
  /** PRIORITY attribute (RFC 8445 §7.1.1). */
  readonly priority: number;
  /** USE-CANDIDATE present (§7.1.2). */
  readonly useCandidate: boolean;
  /** ICE-CONTROLLING / ICE-CONTROLLED attribute and its tie-breaker, when present (§7.1.3). */
  readonly role?: { readonly attr: RoleAttribute; readonly tieBreaker: bigint };
}

/** How to answer an incoming request and what it changed (RFC 8445 §7.3.1). */
export interface RequestDecision {
  /** 'success': send a success response with XOR-MAPPED-ADDRESS = source. 'error-487': send a 487 Role Conflict error. */
  readonly response: 'success' | 'error-487';
  /** The pair the request maps to (§7.3.1.4), when ICE processing applied. */
  readonly pair?: CandidatePair;
  /** Why ICE processing was skipped despite a success response. */
  readonly note?: 'unknown-local' | 'component-nominated';
  readonly effects: readonly IceEffect[];
}

/** Result of feeding a check outcome to the core. */
export interface CheckOutcome {
  /** The valid pair constructed (§7.2.5.3.2), on success. */
  readonly validPair?: CandidatePair;
  /** Set when the outcome was not applied: unknown or already-settled check, cancelled check, or removed pair. */
  readonly ignored?: 'unknown-check' | 'pair-removed' | 'cancelled';
  readonly effects: readonly IceEffect[];
}

/**
 * Candidate pairs (RFC 8445 §6.1.2): a local and a remote candidate of one component, with a state (§6.1.2.6), a
 * priority (§6.1.2.3), and the valid/nominated flags of §7.2.5.3.2 and §7.2.5.3.4.
 */
import { transportKey, type Candidate, type TransportAddress } from './candidate';
import { pairPriorityForRole } from './pair-priority';
import type { IceRole } from './role-conflict';

/** Pair states (RFC 8445 §6.1.2.6): Frozen → Waiting → In-Progress → Succeeded | Failed. */
export type PairState = 'Frozen' | 'Waiting' | 'In-Progress' | 'Succeeded' | 'Failed';

/** A read-only view of a candidate pair, as the ICE core hands it to the agent. The core updates it in place. */
export interface CandidatePair {
  /** Stable id: "component|localIP:port->remoteIP:port". */
  readonly id: string;
  /** The data stream (checklist) the pair belongs to. */
  readonly streamId: string;
  readonly component: number;
  /** The local candidate. In the checklist it is a host or relay candidate (reflexive ones are replaced by their base, §6.1.2.4); in a valid pair it may be srflx or prflx. */
  readonly local: Candidate;
  readonly remote: Candidate;
  /** Pair foundation: "localFoundation:remoteFoundation" (RFC 8445 §6.1.2.6). */
  readonly foundation: string;
  /** Pair priority for the current role (RFC 8445 §6.1.2.3); recomputed when the role changes. */
  readonly priority: bigint;
  readonly state: PairState;
  /** True while the pair is on its checklist (false for a valid pair built outside it, §7.2.5.3.2 case 3, or a removed pair). */
  readonly inChecklist: boolean;
  /** True when the pair is on the valid list (§7.2.5.3.2). */
  readonly valid: boolean;
  /** The nominated flag (§7.2.5.3.4, §7.3.1.5). */
  readonly nominated: boolean;
  /** Round-trip time of the last successful check that produced or confirmed this valid pair, in ms. */
  readonly rttMs?: number;
}

/** The id of the pair (component, local transport address, remote transport address). */
export function pairId(component: number, local: TransportAddress, remote: TransportAddress): string {
  return `${component}|${transportKey(local)}->${transportKey(remote)}`;
}

/** Pair foundation: the local and remote foundations joined (RFC 8445 §6.1.2.6). */
export function pairFoundation(local: Candidate, remote: Candidate): string {
  return `${local.foundation}:${remote.foundation}`;
}

/** Checklist order (RFC 8445 §6.1.2.3, §6.1.4.2): higher priority first, then lower component, then id (determinism). */
export function comparePairs(a: CandidatePair, b: CandidatePair): number {
  if (a.priority !== b.priority) return a.priority > b.priority ? -1 : 1;
  if (a.component !== b.component) return a.component - b.component;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Order used for initial unfreezing (RFC 8445 §6.1.2.6 step 4): lowest component first, then highest priority. */
export function compareForUnfreeze(a: CandidatePair, b: CandidatePair): number {
  if (a.component !== b.component) return a.component - b.component;
  return comparePairs(a, b);
}

/**
 * The mutable pair record owned by a checklist. Agents see it only through `CandidatePair`.
 * @internal
 */
export class PairRecord implements CandidatePair {
  id: string;
  foundation: string;
  priority: bigint;
  state: PairState = 'Frozen';
  inChecklist = false;
  valid = false;
  nominated = false;
  rttMs?: number;
  /** Id of the check whose failure or timeout counts for this pair; undefined when none or cancelled. */
  activeCheckId?: number;
  /** Controlling side: the next check of this pair carries USE-CANDIDATE (§8.1.1). */
  nominating = false;
  /** Controlled side: a USE-CANDIDATE request arrived; nominate when this pair's check succeeds (§7.3.1.5). */
  peerNominated = false;
  /** The valid pair constructed from this pair's successful check (§7.2.5.3.2); itself in case 1. */
  validPair?: PairRecord;

  constructor(
    readonly streamId: string,
    public local: Candidate,
    public remote: Candidate,
    role: IceRole,
  ) {
    this.id = pairId(local.component, local, remote);
    this.foundation = pairFoundation(local, remote);
    this.priority = pairPriorityForRole(role, local.priority, remote.priority);
  }

  get component(): number {
    return this.local.component;
  }

  /** Recomputes priority and foundation after a role change or a candidate update (§6.1.2.3, §7.2.5.1). */
  refresh(role: IceRole): void {
    this.foundation = pairFoundation(this.local, this.remote);
    this.priority = pairPriorityForRole(role, this.local.priority, this.remote.priority);
  }
}

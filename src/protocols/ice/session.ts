/**
 * IceSession: the checklist set of one ICE session (RFC 8445 §6.1.2) with the agent's role and tie-breaker, check
 * pacing across checklists (§6.1.4.2) and bookkeeping of checks in flight. Pure: the agent feeds it events with the
 * current time and executes the checks and effects it returns. The parts live beside it: session-init.ts holds the
 * options and their checks, checklist-set.ts the operations that span all checklists, effect-log.ts the effects
 * each operation returns; this class keeps the role, hands out checks and settles their outcomes.
 */
import { DEFAULT_TYPE_PREFERENCES, peerReflexivePriority, validateTypePreferences, type TypePreferences } from './candidate-priority';
import { applyFailure, applyRoleConflict, applySuccess, type CheckRecord } from './check-outcome';
import { Checklist } from './checklist';
import type { ChecklistContext } from './checklist-context';
import {
  anyCheckToSend, enforcePairLimit, hasSucceededFoundation, isFoundationActive, pendingPairCount, setInitialStates, unfreezeFoundation,
} from './checklist-set';
import { EffectLog } from './effect-log';
import type { BindingRequestFields, CheckFailureReason, CheckOutcome, CheckResponse, IceEffect, IceState, PlannedCheck } from './effects';
import { IceUsageError } from './errors';
import type { CandidatePair, PairRecord } from './pair';
import { roleAttributeFor, type IceRole } from './role-conflict';
import { checkTieBreaker, nat64PrefixOf, positive, type IceSessionInit, type StreamInit } from './session-init';
import type { Nat64Prefix } from '../../net/nat64-prefix';
import { checkRto, DEFAULT_TA_MS } from './timing';

/** One ICE session: its checklists, role and checks in flight. */
export class IceSession implements ChecklistContext {
  /** Ta in ms. */
  readonly ta: number;
  readonly pairLimit: number;
  readonly typePreferences: TypePreferences;
  readonly trickle: boolean;
  readonly rtoN: number;
  readonly nat64Prefix: Nat64Prefix | undefined;
  private currentRole: IceRole;
  private currentTieBreaker: bigint;
  private readonly lists: Checklist[] = [];
  private readonly checks = new Map<number, CheckRecord>(); // key: checkId
  private nextCheckId = 1;
  private roundRobin = 0;
  private isStarted = false;
  private readonly log = new EffectLog();

  /**
   * @param role initial role (RFC 8445 §6.1.1: the initiating full agent is controlling)
   * @param tieBreaker random unsigned 64-bit tie-breaker (§7.1.3), drawn by the agent from its RandomSource
   */
  constructor(role: IceRole, tieBreaker: bigint, init: IceSessionInit = {}) {
    if (role !== 'controlling' && role !== 'controlled') throw new IceUsageError('IceSession(role)', `must be 'controlling' or 'controlled', got ${String(role)}`);
    checkTieBreaker('IceSession(tieBreaker)', tieBreaker);
    this.currentRole = role;
    this.currentTieBreaker = tieBreaker;
    this.ta = positive('IceSessionInit.ta', init.ta ?? DEFAULT_TA_MS);
    this.pairLimit = positive('IceSessionInit.pairLimit', init.pairLimit ?? 100);
    this.rtoN = positive('IceSessionInit.rtoN', init.rtoN ?? 1);
    this.typePreferences = init.typePreferences ?? DEFAULT_TYPE_PREFERENCES;
    validateTypePreferences(this.typePreferences);
    this.trickle = init.trickle ?? false;
    this.nat64Prefix = nat64PrefixOf('IceSessionInit.nat64Prefix', init.nat64Prefix);
  }

  /** Current role. */
  get role(): IceRole {
    return this.currentRole;
  }

  /** Current tie-breaker (changed after a 487, §7.2.5.1). */
  get tieBreaker(): bigint {
    return this.currentTieBreaker;
  }

  /** True once start() has run. */
  get started(): boolean {
    return this.isStarted;
  }

  /** ICE state (RFC 8445 §6.1.3). */
  get state(): IceState {
    if (this.lists.length > 0 && this.lists.every((l) => l.state === 'Completed')) return 'Completed';
    if (this.lists.length > 0 && this.lists.every((l) => l.state === 'Failed')) return 'Failed';
    return 'Running';
  }

  /** Adds a data stream; checklist order is the order of addition (§6.1.2.6 step 1). */
  addStream(init: StreamInit = {}): Checklist {
    const id = init.id ?? String(this.lists.length);
    if (this.lists.some((l) => l.streamId === id)) throw new IceUsageError('addStream(id)', `stream "${id}" already exists`);
    const components = init.components ?? 1;
    if (!Number.isInteger(components) || components < 1 || components > 256) {
      throw new IceUsageError('addStream(components)', `must be an integer in 1..256, got ${components}`);
    }
    const list = new Checklist(id, components, this);
    this.lists.push(list);
    return list;
  }

  /** The checklist of a stream. @throws IceUsageError for an unknown id */
  stream(id: string): Checklist {
    const list = this.lists.find((l) => l.streamId === id);
    if (!list) throw new IceUsageError('stream(id)', `no stream "${id}"; streams: ${this.lists.map((l) => l.streamId).join(', ') || 'none'}`);
    return list;
  }

  /** All checklists, in checklist-set order. */
  streams(): readonly Checklist[] {
    return [...this.lists];
  }

  /**
   * Computes the initial pair states (RFC 8445 §6.1.2.6): per foundation, the first pair (lowest component, then
   * highest priority) in the first checklist that has it becomes Waiting; the rest stay Frozen. Idempotent.
   */
  start(): IceEffect[] {
    if (this.isStarted) return [];
    return this.capture(() => {
      this.isStarted = true;
      setInitialStates(this.lists);
    }).effects;
  }

  /**
   * Call on every Ta tick (RFC 8445 §6.1.4.2): picks the next Running checklist in turn and returns the check to
   * send (triggered queue first, else the best Waiting pair, else an unfrozen pair), or undefined when no checklist
   * has a check to send. The pair moves to In-Progress.
   * @throws IceUsageError before start()
   */
  nextCheck(now: number): PlannedCheck | undefined {
    if (!this.isStarted) throw new IceUsageError('nextCheck', 'call start() first (RFC 8445 §6.1.2.6)');
    const { result, effects } = this.capture(() => {
      for (let i = 0; i < this.lists.length; i++) {
        const index = (this.roundRobin + i) % this.lists.length;
        const list = this.lists[index];
        if (list.state !== 'Running') continue;
        const pick = list.pickCheck();
        if (!pick) continue;
        this.roundRobin = (index + 1) % this.lists.length;
        return this.beginCheck(list, pick.pair, pick.triggered, now);
      }
      return undefined;
    });
    return result && { ...result, effects };
  }

  /** True when nextCheck() would return a check now (the agent may idle its Ta timer otherwise). */
  hasCheckToSend(): boolean {
    return anyCheckToSend(this.lists, this.currentRole);
  }

  /** A success response to check `checkId` arrived at `now` (RFC 8445 §7.2.5.2.1, §7.2.5.3). */
  onCheckSuccess(checkId: number, response: CheckResponse, now: number): CheckOutcome {
    return this.settle(checkId, (rec) => applySuccess(this, rec, response, now));
  }

  /** Check `checkId` failed: transaction timeout, unrecoverable error response, or ICMP error (§7.2.5.2). */
  onCheckFailure(checkId: number, reason: Exclude<CheckFailureReason, 'non-symmetric'>): CheckOutcome {
    return this.settle(checkId, (rec) => applyFailure(this, rec, reason));
  }

  /**
   * Check `checkId` got a 487 Role Conflict (§7.2.5.1): the role switches, the tie-breaker becomes `newTieBreaker`
   * (a fresh random value drawn by the agent), and the pair is re-queued as a triggered check.
   */
  onRoleConflict(checkId: number, newTieBreaker: bigint): CheckOutcome {
    checkTieBreaker('onRoleConflict(newTieBreaker)', newTieBreaker);
    return this.settle(checkId, (rec) => applyRoleConflict(this, rec, newTieBreaker));
  }

  /** RTO for a new check transaction now (RFC 8445 §14.3), counting Waiting and In-Progress pairs of all checklists. */
  checkRto(): number {
    return checkRto(this.ta, pendingPairCount(this.lists), this.rtoN);
  }

  // ---------------------------------------------------------------- ChecklistContext (used by checklists)

  /** @internal */
  emit(effect: IceEffect): void {
    this.log.emit(effect);
  }

  /** @internal */
  capture<T>(fn: () => T): { readonly result: T; readonly effects: IceEffect[] } {
    return this.log.capture(fn);
  }

  /** @internal */
  isFoundationActive(foundation: string): boolean {
    return isFoundationActive(this.lists, foundation);
  }

  /** @internal */
  hasSucceededFoundation(foundation: string): boolean {
    return hasSucceededFoundation(this.lists, foundation);
  }

  /** @internal */
  unfreezeFoundation(foundation: string): void {
    unfreezeFoundation(this.lists, foundation);
  }

  /** @internal drops lowest-priority Frozen/Waiting pairs (not queued) from the largest checklists first (§6.1.2.5) */
  enforcePairLimit(): void {
    enforcePairLimit(this.lists, this.pairLimit);
  }

  /** @internal */
  switchRole(role: IceRole, newTieBreaker?: bigint): void {
    if (role === this.currentRole && newTieBreaker === undefined) return;
    const from = this.currentRole;
    this.currentRole = role;
    if (newTieBreaker !== undefined) this.currentTieBreaker = newTieBreaker;
    for (const l of this.lists) {
      if (role === 'controlled') for (const p of l.pairRecords) p.nominating = false;
      l.refreshPriorities(); // §6.1.2.3 priorities depend on the role
    }
    this.emit({ kind: 'role-changed', from, to: role, tieBreaker: this.currentTieBreaker });
  }

  /**
   * The Binding request fields for a pair outside the checklist schedule, e.g. a consent-freshness check on the
   * selected pair (RFC 7675 §5.1 uses ordinary ICE connectivity-check requests).
   */
  bindingRequestFor(pair: CandidatePair, useCandidate = false): BindingRequestFields {
    const tcp = pair.local.transport === 'tcp' ? ({ transport: 'tcp' } as const) : {};
    return {
      from: { address: pair.local.baseAddress, port: pair.local.basePort, ...tcp },
      to: { address: pair.remote.address, port: pair.remote.port, ...tcp },
      priority: peerReflexivePriority(pair.local.priority, this.typePreferences), // §7.1.1
      useCandidate: useCandidate && this.currentRole === 'controlling', // §7.1.2: never from the controlled agent
      role: this.currentRole,
      roleAttribute: roleAttributeFor(this.currentRole),
      tieBreaker: this.currentTieBreaker,
    };
  }

  private beginCheck(list: Checklist, pair: PairRecord, triggered: boolean, now: number): Omit<PlannedCheck, 'effects'> {
    const checkId = this.nextCheckId++;
    list.setPairState(pair, 'In-Progress');
    pair.activeCheckId = checkId;
    const fields = this.bindingRequestFor(pair, pair.nominating);
    this.checks.set(checkId, { id: checkId, list, pair, from: fields.from, to: fields.to, priority: fields.priority, useCandidate: fields.useCandidate, role: fields.role, sentAt: now });
    return { checkId, streamId: list.streamId, pair, triggered, rtoMs: this.checkRto(), ...fields };
  }

  private settle(checkId: number, apply: (rec: CheckRecord) => Omit<CheckOutcome, 'effects'>): CheckOutcome {
    const rec = this.checks.get(checkId);
    if (!rec) return { ignored: 'unknown-check', effects: [] };
    this.checks.delete(checkId);
    const { result, effects } = this.capture(() => apply(rec));
    return { ...result, effects };
  }
}

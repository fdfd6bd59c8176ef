/**
 * One checklist (RFC 8445 §6.1.2): the candidates, pairs, triggered-check queue and valid list of one data stream.
 * Created by IceSession.addStream; the session owns role, scheduling and check bookkeeping.
 */
import { sameTransportAddress, type Candidate, type TransportAddress } from './candidate';
import { insertLocal, insertRemote } from './checklist-candidates';
import { synthesizeNat64Candidate } from './nat64-candidates';
import type { ChecklistContext } from './checklist-context';
import type { ChecklistState, IceEffect, IncomingCheck, PairRemovalReason, RequestDecision } from './effects';
import { IceUsageError } from './errors';
import { handleIncomingRequest } from './incoming-request';
import { nominatePair } from './nomination';
import { comparePairs, compareForUnfreeze, type CandidatePair, type PairRecord, type PairState } from './pair';

const PENDING: ReadonlySet<PairState> = new Set<PairState>(['Frozen', 'Waiting', 'In-Progress']);

/** The checklist of one data stream. Methods that change it return the effects they produced. */
export class Checklist {
  /** @internal local candidates, including learned peer-reflexive ones */
  readonly locals: Candidate[] = [];
  /** @internal remote candidates, including learned peer-reflexive ones */
  readonly remotes: Candidate[] = [];
  /** @internal the pairs on the checklist, unordered */
  readonly pairRecords: PairRecord[] = [];
  /** @internal the triggered-check queue, FIFO (§6.1.4.1) */
  readonly triggered: PairRecord[] = [];
  /** @internal the valid list (§7.2.5.3.2) */
  readonly validRecords: PairRecord[] = [];
  /** @internal remote prflx candidates learned from requests, not (yet) signalled */
  readonly learnedRemotes = new Set<Candidate>();
  /** @internal counter for learned remote prflx foundations */
  prflxCount = 0;
  private current: ChecklistState = 'Running';
  private nominationFailed = false;
  private localComplete: boolean;
  private remoteComplete: boolean;

  /** @internal use IceSession.addStream */
  constructor(
    /** The data stream's id. */
    readonly streamId: string,
    /** Number of components (IDs 1..n) of the data stream. */
    readonly componentCount: number,
    private readonly ctx: ChecklistContext,
  ) {
    this.localComplete = !ctx.trickle;
    this.remoteComplete = !ctx.trickle;
  }

  /** Checklist state (RFC 8445 §6.1.2.1). */
  get state(): ChecklistState {
    return this.current;
  }

  /** Adds a gathered local candidate and pairs it with the remote candidates (§6.1.2.2; RFC 8838 for trickle). */
  addLocalCandidate(c: Candidate): IceEffect[] {
    this.checkComponent('addLocalCandidate(component)', c.component);
    return this.ctx.capture(() => insertLocal(this, this.ctx, c)).effects;
  }

  /**
   * Adds a signalled remote candidate (initial or trickled) and pairs it; upgrades a matching learned prflx. With a
   * NAT64 prefix set, a remote IPv4 candidate also gets its synthesised IPv6 twin (RFC 8445 §5.1.1.1, RFC 6052),
   * announced as a 'remote-candidate-synthesized' effect.
   */
  addRemoteCandidate(c: Candidate): IceEffect[] {
    return this.ctx.capture(() => {
      insertRemote(this, this.ctx, c);
      const twin = this.ctx.nat64Prefix && synthesizeNat64Candidate(c, this.ctx.nat64Prefix);
      if (twin) {
        this.ctx.emit({ kind: 'remote-candidate-synthesized', streamId: this.streamId, candidate: twin, from: c });
        insertRemote(this, this.ctx, twin);
      }
    }).effects;
  }

  /** Local gathering finished (RFC 8838): with trickle on, the checklist may now fail. */
  endOfLocalCandidates(): IceEffect[] {
    return this.ctx.capture(() => {
      this.localComplete = true;
      this.updateState();
    }).effects;
  }

  /** The peer signalled end-of-candidates (RFC 8838): with trickle on, the checklist may now fail. */
  endOfRemoteCandidates(): IceEffect[] {
    return this.ctx.capture(() => {
      this.remoteComplete = true;
      this.updateState();
    }).effects;
  }

  /**
   * Processes an authenticated Binding request received for this stream (RFC 8445 §7.3.1): role conflict, peer-
   * reflexive learning, triggered check, nomination by USE-CANDIDATE. Returns how to answer and what changed.
   */
  onRequest(req: IncomingCheck): RequestDecision {
    return handleIncomingRequest(this, this.ctx, req);
  }

  /**
   * Controlling agent: nominates a valid pair (RFC 8445 §8.1.1) by queueing a USE-CANDIDATE check on the pair that
   * produced it. `target`: a valid pair, or a component whose best valid pair is nominated. @default component 1
   * @throws IceUsageError when not controlling, when no valid pair exists, or when the component already has a
   *   nominated pair or a nomination in progress (a new nomination needs an ICE restart)
   */
  nominate(target: CandidatePair | number = 1): IceEffect[] {
    return this.ctx.capture(() => nominatePair(this, this.ctx, target)).effects;
  }

  /** Local candidates, in the order added (learned prflx included). */
  localCandidates(): readonly Candidate[] {
    return [...this.locals];
  }

  /** Remote candidates, in the order added (learned prflx included). */
  remoteCandidates(): readonly Candidate[] {
    return [...this.remotes];
  }

  /** The checklist's pairs in checklist order (priority descending, §6.1.2.3). */
  pairs(): readonly CandidatePair[] {
    return [...this.pairRecords].sort(comparePairs);
  }

  /** The triggered-check queue, head first (§6.1.4.1). */
  triggeredQueue(): readonly CandidatePair[] {
    return this.triggered.filter((p) => p.inChecklist);
  }

  /** Valid pairs (§7.2.5.3.2), optionally of one component, highest priority first. */
  validPairs(component?: number): readonly CandidatePair[] {
    return this.validRecords.filter((p) => component === undefined || p.component === component).sort(comparePairs);
  }

  /** The highest-priority valid pair of a component. */
  bestValidPair(component = 1): CandidatePair | undefined {
    return this.validPairs(component)[0];
  }

  /**
   * A simple nomination stopping rule (RFC 8445 §8.1.1 leaves it to the agent): the best valid pair of the component
   * once no pending (Frozen/Waiting/In-Progress) pair of that component has a higher priority; else undefined.
   */
  readyToNominate(component = 1): CandidatePair | undefined {
    const best = this.bestValidPair(component);
    if (!best) return undefined;
    const better = this.pairRecords.some((p) => p.component === component && PENDING.has(p.state) && p.priority > best.priority);
    return better ? undefined : best;
  }

  /** The nominated valid pair of a component (the highest-priority one if several, §8.1.1). */
  nominatedPair(component = 1): CandidatePair | undefined {
    return this.validPairs(component).find((p) => p.nominated);
  }

  /** The selected pair of a component: its nominated pair once the checklist is Completed (§8.1.1). */
  selectedPair(component = 1): CandidatePair | undefined {
    return this.current === 'Completed' ? this.nominatedPair(component) : undefined;
  }

  /** Component IDs that must each get a nominated pair: 1..min(n, highest remote component) (§6.1.2.2). */
  requiredComponents(): number[] {
    let n = this.componentCount;
    if (this.remoteComplete && this.remotes.length > 0) n = Math.min(n, Math.max(...this.remotes.map((r) => r.component)));
    return Array.from({ length: n }, (_, i) => i + 1);
  }

  // ---------------------------------------------------------------- internal operations (used by the session)

  /** @internal the checklist pair for (local, remote) by id */
  findPair(component: number, local: TransportAddress, remote: TransportAddress): PairRecord | undefined {
    return this.pairRecords.find((p) => p.component === component && sameTransportAddress(p.local, local) && sameTransportAddress(p.remote, remote));
  }

  /** @internal */
  setPairState(p: PairRecord, to: PairState): void {
    if (p.state === to) return;
    const from = p.state;
    p.state = to;
    if (to === 'Succeeded' || to === 'Failed') p.activeCheckId = undefined;
    this.ctx.emit({ kind: 'pair-state', pair: p, from, to });
  }

  /** @internal appends to the triggered-check queue unless already queued (§6.1.4.1, §7.3.1.4) */
  enqueueTriggered(p: PairRecord): void {
    if (this.triggered.includes(p)) return;
    this.triggered.push(p);
    this.ctx.emit({ kind: 'triggered-check-queued', pair: p });
  }

  /** @internal removes a pair from the checklist and the triggered queue, cancelling its check */
  removePair(p: PairRecord, reason: PairRemovalReason): void {
    const i = this.pairRecords.indexOf(p);
    if (i < 0) return;
    this.pairRecords.splice(i, 1);
    const q = this.triggered.indexOf(p);
    if (q >= 0) this.triggered.splice(q, 1);
    p.inChecklist = false;
    if (p.activeCheckId !== undefined) {
      this.ctx.emit({ kind: 'cancel-check', checkId: p.activeCheckId, pair: p });
      p.activeCheckId = undefined;
    }
    this.ctx.emit({ kind: 'pair-removed', pair: p, reason });
  }

  /** @internal adds to the valid list (§7.2.5.3.2) */
  addValid(p: PairRecord): void {
    if (p.valid) return;
    p.valid = true;
    this.validRecords.push(p);
    this.ctx.emit({ kind: 'valid-pair', pair: p });
  }

  /** @internal sets the nominated flag and concludes the component (§7.2.5.3.4, §8.1.2) */
  markNominated(valid: PairRecord, via: PairRecord): void {
    via.nominating = false;
    via.peerNominated = false;
    if (valid.nominated) return;
    valid.nominated = true;
    this.ctx.emit({ kind: 'nominated', pair: valid });
    if (this.current === 'Running') {
      for (const p of [...this.pairRecords]) {
        if (p.component === valid.component && p !== valid && p !== via) this.removePair(p, 'component-nominated');
      }
    }
    this.updateState();
  }

  /** @internal a nomination check failed: leave the valid list, pair Failed, checklist Failed (§7.2.5.3.4) */
  failNomination(via: PairRecord): void {
    const valid = via.validPair ?? (via.valid ? via : undefined);
    for (const p of [valid, via]) {
      if (p?.valid) {
        p.valid = false;
        this.validRecords.splice(this.validRecords.indexOf(p), 1);
      }
    }
    via.nominating = false;
    via.peerNominated = false;
    this.setPairState(via, 'Failed');
    this.nominationFailed = true;
    this.ctx.emit({ kind: 'nomination-failed', pair: valid ?? via });
    this.updateState();
  }

  /** @internal picks the next check of this checklist (RFC 8445 §6.1.4.2 steps 1-3) */
  pickCheck(): { pair: PairRecord; triggered: boolean } | undefined {
    while (this.triggered.length > 0) {
      const p = this.triggered.shift() as PairRecord;
      if (!p.inChecklist) continue;
      const nominating = p.nominating && this.ctx.role === 'controlling' && p.state === 'Succeeded';
      if (p.state === 'Waiting' || nominating) return { pair: p, triggered: true };
    }
    if (!this.pairRecords.some((p) => p.state === 'Waiting')) {
      for (const p of this.pairRecords.filter((x) => x.state === 'Frozen').sort(compareForUnfreeze)) {
        if (!this.ctx.isFoundationActive(p.foundation)) this.setPairState(p, 'Waiting');
      }
    }
    let best: PairRecord | undefined;
    for (const p of this.pairRecords) if (p.state === 'Waiting' && (!best || comparePairs(p, best) < 0)) best = p;
    return best ? { pair: best, triggered: false } : undefined;
  }

  /** @internal recomputes every pair priority for the current role (§6.1.2.3) */
  refreshPriorities(): void {
    for (const p of new Set([...this.pairRecords, ...this.validRecords])) p.refresh(this.ctx.role);
  }

  /** @internal recomputes the checklist state (§6.1.2.1, §7.2.5.4, §8.1.2) */
  updateState(): void {
    const prev = this.current;
    const comps = this.requiredComponents();
    let next: ChecklistState = 'Running';
    if (this.nominationFailed) next = 'Failed';
    else if (prev === 'Completed' || comps.every((c) => this.nominatedPair(c))) next = 'Completed';
    else if (
      this.ctx.started &&
      this.localComplete &&
      this.remoteComplete &&
      !this.pairRecords.some((p) => PENDING.has(p.state)) &&
      comps.some((c) => !this.validRecords.some((v) => v.component === c))
    ) {
      next = 'Failed';
    }
    if (next === prev) return;
    this.current = next;
    this.ctx.emit({ kind: 'checklist-state', streamId: this.streamId, from: prev, to: next });
  }

  private checkComponent(where: string, component: number): void {
    if (!Number.isInteger(component) || component < 1 || component > this.componentCount) {
      throw new IceUsageError(where, `stream "${this.streamId}" has components 1..${this.componentCount}, got ${component}`);
    }
  }
}

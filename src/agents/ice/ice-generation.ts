/**
 * One ICE generation: the credentials and IceSession between two ICE restarts (RFC 8445 §9). It gathers its
 * candidates, signals them (trickle, RFC 8838), pairs remote ones, paces checks every Ta (§6.1.4.2), sends them as
 * authenticated Binding requests (§7.2.4), answers the peer's checks (§7.3), applies the nomination stopping rule of
 * the controlling agent (§8.1.1) and tells the agent when its checklist completes or fails. The parts live beside
 * it: check-sender.ts sends checks and takes their outcomes, check-responder.ts answers the peer's, nominator.ts
 * applies the stopping rule; this class ties them to the ICE core and to the agent.
 */
import type { HostEnv } from '../../net/host-env';
import {
  formatCandidate,
  IceSession,
  parseCandidate,
  type Candidate,
  type CandidatePair,
  type Checklist,
  type IceEffect,
  type IceRole,
  type TransportAddress,
} from '../../protocols/ice';
import type { DecodedStunMessage } from '../../protocols/stun';
import type { SignalingMessage } from '../signaling';
import type { AuthenticatedCheck, CheckCredentials } from './check-messages';
import { CheckPacer } from './check-pacer';
import { CheckResponder } from './check-responder';
import { CheckSender } from './check-sender';
import type { CheckTransactions } from './check-transactions';
import { gatherCandidates, type GatherContext } from './gatherer';
import { describeFailure, FailureTally } from './failure-tally';
import type { IceAgentStats, IceChecksFailedEvent } from './ice-events';
import type { KeyCache } from './key-cache';
import { NominationWatch } from './nomination-watch';
import { Nominator } from './nominator';
import type { TcpEndpoint } from './tcp-endpoints';
import type { Arrival, HostTransport, LocalEndpoint } from './transports';

/** What a generation needs from its agent. */
export interface GenerationContext extends GatherContext {
  readonly env: HostEnv;
  readonly keys: KeyCache;
  readonly txs: CheckTransactions<Arrival>;
  readonly stats: IceAgentStats;
  /** The host socket or relay whose address is `local`. */
  endpoint(local: TransportAddress): LocalEndpoint | undefined;
  /** Installs TURN permissions for a remote candidate's IP on every relay (RFC 8656 §9). */
  permitRemote(ip: string): void;
  signal(m: SignalingMessage): void;
  /** The checklist completed: `pair` is selected (RFC 8445 §8.1.1). */
  completed(gen: IceGeneration, pair: CandidatePair): void;
  /** The checklist failed (RFC 8445 §7.2.5.4, §8.1.2). */
  failed(gen: IceGeneration, e: IceChecksFailedEvent): void;
}

/** ICE credentials of one side (RFC 8445 §5.3). */
export interface IceCredentials {
  readonly ufrag: string;
  readonly pwd: string;
}

/** One ICE session generation. */
export class IceGeneration {
  readonly session: IceSession;
  readonly list: Checklist;
  /** Virtual ms when the generation began. */
  readonly startedAt: number;
  remote: IceCredentials | undefined;
  /** The selected pair once the checklist completed. */
  selected: CandidatePair | undefined;
  private outcome: 'running' | 'completed' | 'failed' = 'running';
  /** The outcome is 'failed' because the checklist failed (it may run again, see checkOutcome). */
  private checklistFailed = false;
  private readonly pacer: CheckPacer;
  /** Our checks and their outcomes (RFC 8445 §7.2). */
  private readonly checks: CheckSender;
  /** Answers to the peer's checks (RFC 8445 §7.3). */
  private readonly responder: CheckResponder;
  /** Controlling agent: when to nominate (RFC 8445 §8.1.1). */
  private readonly nominator: Nominator;
  private readonly tally = new FailureTally();
  /** Candidates held back until gathering is done, when not trickling. */
  private readonly held: SignalingMessage[] = [];
  private gatheringDone = false;
  private retiredFlag = false;
  /** Controlled agent: how long to wait for a nomination that may never come (see nomination-watch.ts). */
  private readonly watch: NominationWatch;
  /** The peer signalled end-of-candidates for this generation (RFC 8838). */
  private remoteEnded = false;

  constructor(
    private readonly ctx: GenerationContext,
    readonly generation: number,
    readonly local: IceCredentials,
    role: IceRole,
  ) {
    this.startedAt = ctx.env.timers.now();
    const nat64 = ctx.config.nat64Prefix;
    this.session = new IceSession(role, ctx.env.random.uint64(), { ta: ctx.config.taMs, trickle: true, ...(nat64 ? { nat64Prefix: nat64.toString() } : {}) });
    this.list = this.session.addStream({ id: 'data', components: 1 });
    this.pacer = new CheckPacer(ctx.env.timers, ctx.config.taMs, () => this.canCheck(), () => this.checks.sendNext());
    this.watch = new NominationWatch(ctx.env.timers, ctx.config.consentTimeoutMs, (at) => this.stopWaitingForNomination(at));
    this.checks = new CheckSender(ctx, this, { heard: () => this.watch.heard(), apply: (effects, kick) => this.apply(effects, kick) });
    this.responder = new CheckResponder(ctx, this);
    this.nominator = new Nominator(ctx, this, () => this.apply([]));
  }

  /** True once retire() ran. */
  get retired(): boolean {
    return this.retiredFlag;
  }

  /** 'running' until the checklist completes or fails. */
  get state(): 'running' | 'completed' | 'failed' {
    return this.outcome;
  }

  /** Signals the credentials and gathers on `hosts` (RFC 8445 §5.1.1, RFC 8838 §4). */
  begin(hosts: readonly HostTransport[], tcp: readonly TcpEndpoint[] = []): void {
    this.announce({ kind: 'credentials', ufrag: this.local.ufrag, pwd: this.local.pwd, generation: this.generation }, true);
    gatherCandidates(this.ctx, hosts, tcp, {
      addLocal: (c) => this.addLocal(c),
      gatheringDone: () => this.finishGathering(),
      relayFailed: (server, reason) => this.tally.relayFailures.push(`${server}: ${reason}`),
    });
  }

  /** The peer's credentials for this generation arrived: checks may start (RFC 8445 §6.1.2.6). */
  setRemoteCredentials(creds: IceCredentials): void {
    if (this.remote) return;
    this.remote = creds;
    this.nominator.checksStarted();
    this.apply(this.session.start());
  }

  /** A trickled or signalled remote candidate line (RFC 8839 §5.1); unparsable and non-UDP lines are traced and skipped. */
  addRemoteCandidate(line: string): void {
    if (this.retiredFlag) return;
    const r = parseCandidate(line);
    if (!r.ok) {
      this.ctx.trace('remote-candidate-rejected', { candidate: line, error: r.error.message });
      return;
    }
    this.ctx.trace('remote-candidate', { generation: this.generation, candidate: line });
    this.ctx.permitRemote(r.value.candidate.address);
    this.apply(this.list.addRemoteCandidate(r.value.candidate));
  }

  /** The peer sent end-of-candidates (RFC 8838 §13). */
  endOfRemoteCandidates(): void {
    if (this.retiredFlag) return;
    this.ctx.trace('remote-end-of-candidates', { generation: this.generation });
    this.remoteEnded = true;
    this.apply(this.list.endOfRemoteCandidates());
  }

  /** Answers an authenticated check received on `endpoint` (RFC 8445 §7.3.1) and acts on what it changed. */
  handleRequest(req: DecodedStunMessage, auth: AuthenticatedCheck, arrival: Arrival, endpoint: LocalEndpoint): void {
    this.ctx.stats.checksReceived++;
    this.watch.heard();
    const effects = this.responder.answer(req, auth, arrival, endpoint);
    if (effects) this.apply(effects);
  }

  /** Stops checking and timers (a newer generation took over, or the agent closed). Transactions just lapse. */
  retire(): void {
    this.retiredFlag = true;
    this.pacer.stop();
    this.watch.stop();
    this.nominator.stop();
    this.checks.dropAll();
  }

  /** Credentials for requests we send in this generation (RFC 8445 §7.2.2). */
  credentials(): CheckCredentials | undefined {
    return this.remote && { localUfrag: this.local.ufrag, remoteUfrag: this.remote.ufrag, remotePwd: this.remote.pwd };
  }

  private addLocal(c: Candidate): void {
    if (this.retiredFlag) return;
    // RFC 8445 §5.1.3: a candidate with the transport address and base of a known one is redundant (e.g. srflx = host).
    if (this.list.localCandidates().some((l) => l.address === c.address && l.port === c.port && l.baseAddress === c.baseAddress && l.basePort === c.basePort)) return;
    const line = formatCandidate(c);
    this.ctx.trace('candidate', { generation: this.generation, candidate: line });
    this.apply(this.list.addLocalCandidate(c));
    this.announce({ kind: 'candidate', ufrag: this.local.ufrag, candidate: line });
  }

  private finishGathering(): void {
    if (this.retiredFlag) return;
    this.gatheringDone = true;
    for (const m of this.held.splice(0)) this.ctx.signal(m);
    this.ctx.trace('end-of-candidates', { generation: this.generation, candidates: this.list.localCandidates().length });
    this.announce({ kind: 'end-of-candidates', ufrag: this.local.ufrag });
    this.apply(this.list.endOfLocalCandidates());
  }

  /** Trickle: send now. Otherwise hold everything until gathering is done (credentials first, then candidates). */
  private announce(m: SignalingMessage, first = false): void {
    if (this.ctx.config.trickle || this.gatheringDone) this.ctx.signal(m);
    else if (first) this.held.unshift(m);
    else this.held.push(m);
  }

  private canCheck(): boolean {
    return !this.retiredFlag && this.remote !== undefined && this.session.state === 'Running' && this.session.hasCheckToSend();
  }

  /** Executes and traces the core's effects, then re-evaluates nomination, completion and pacing. */
  private apply(effects: readonly IceEffect[], kick = true): void {
    for (const e of effects) this.applyOne(e);
    if (this.retiredFlag) return;
    for (const e of this.nominator.consider()) this.applyOne(e);
    this.checkOutcome();
    this.watch.update(this.awaitingNomination());
    if (kick) this.pacer.kick();
  }

  /** Controlled, nothing left to check on either side, a valid pair but no nomination yet (RFC 8445 §8.1.1). */
  private awaitingNomination(): boolean {
    if (this.outcome !== 'running' || this.session.role !== 'controlled' || !this.remote || !this.gatheringDone || !this.remoteEnded) return false;
    if (this.list.state !== 'Running' || this.list.nominatedPair(1) || this.session.hasCheckToSend()) return false;
    return this.list.pairs().every((p) => p.state === 'Succeeded' || p.state === 'Failed');
  }

  /** The nomination watch expired: the controlling agent is silent and never nominated (see nomination-watch.ts). */
  private stopWaitingForNomination(lastHeardAt: number): void {
    if (this.retiredFlag || this.outcome !== 'running') return;
    this.outcome = 'failed';
    this.responder.refuseNominations();
    this.pacer.stop();
    const n = this.list.validPairs(1).length;
    this.ctx.failed(this, {
      generation: this.generation,
      reason: 'no-nomination',
      detail: `${n} valid pair${n === 1 ? '' : 's'} but no nomination from the controlling agent, last heard from at ${lastHeardAt} ms (${this.ctx.config.consentTimeoutMs} ms of silence)`,
    });
  }

  private applyOne(e: IceEffect): void {
    const g = this.generation;
    switch (e.kind) {
      case 'cancel-check':
        this.checks.cancel(e.checkId); // RFC 8445 §7.3.1.4: stop retransmitting, still accept a response
        break;
      case 'check-failed':
        this.tally.add(e.pair, e.reason);
        this.ctx.trace('check-failed', { generation: g, pair: e.pair.id, reason: e.reason });
        break;
      case 'local-candidate-learned':
        this.ctx.trace('prflx-learned', { generation: g, side: 'local', candidate: formatCandidate(e.candidate) });
        break;
      case 'remote-candidate-learned':
        this.ctx.trace('prflx-learned', { generation: g, side: 'remote', candidate: formatCandidate(e.candidate) });
        break;
      case 'valid-pair':
        this.ctx.trace('valid-pair', { generation: g, pair: e.pair.id, local: e.pair.local.type, remote: e.pair.remote.type, rttMs: e.pair.rttMs ?? null });
        break;
      case 'nominated':
        this.ctx.trace('nominated', { generation: g, pair: e.pair.id });
        break;
      case 'nomination-failed':
        this.tally.nominationFailed = true;
        this.ctx.trace('nomination-failed', { generation: g, pair: e.pair.id });
        break;
      case 'role-changed':
        this.nominator.roleChanged();
        this.ctx.trace('role-changed', { generation: g, from: e.from, to: e.to });
        break;
      case 'checklist-state':
        this.ctx.trace('checklist-state', { generation: g, from: e.from, to: e.to });
        break;
      default:
        break;
    }
  }

  private checkOutcome(): void {
    // A checklist that failed can run again when the peer reaches us on a pair we could not form ourselves (a
    // peer-reflexive remote learned from its check, RFC 8445 §7.3.1.3), e.g. an IPv4-only agent that the peer
    // reaches through a NAT64: take the checks up again. A nomination that failed stays failed (§7.2.5.3.4).
    if (this.outcome === 'failed' && this.checklistFailed && this.list.state === 'Running' && !this.retiredFlag) {
      this.outcome = 'running';
      this.checklistFailed = false;
      this.pacer.resume();
    }
    if (this.outcome !== 'running') return;
    if (this.list.state === 'Completed') {
      const pair = this.list.selectedPair(1);
      if (!pair) return;
      this.outcome = 'completed';
      this.selected = pair;
      this.ctx.completed(this, pair);
    } else if (this.list.state === 'Failed') {
      this.outcome = 'failed';
      this.checklistFailed = true;
      this.pacer.stop();
      const nominationFailed = this.tally.nominationFailed;
      this.ctx.failed(this, {
        generation: this.generation,
        reason: nominationFailed ? 'nomination-failed' : 'no-valid-pair',
        detail: describeFailure(this.tally, this.list.localCandidates(), this.list.remoteCandidates()),
      });
    }
  }
}

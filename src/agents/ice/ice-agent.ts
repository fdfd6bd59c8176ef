/**
 * IceAgent: a full ICE agent (RFC 8445) for one data stream with one component, over HostEnv sockets and timers.
 * It gathers host, server-reflexive and relayed candidates, trickles them over a signaling endpoint (RFC 8838,
 * RFC 8839 lines), runs connectivity checks through the pure core (src/protocols/ice), nominates, keeps the selected
 * pair alive and fresh (RFC 8445 §11, RFC 7675), restarts on demand (§9) and carries application data.
 * Callback-driven: every method returns at once; progress happens in simulator events. The parts live beside it:
 * local-endpoints.ts holds the host sockets and TURN relays, packet-demux.ts sorts incoming datagrams,
 * generation-list.ts keeps the live generations and ice-generation.ts runs one generation's checks; this class ties
 * them together, selects the pair that carries data and reports to the application.
 */
import type { IceEventName } from './ice-events';
import type { HostEnv } from '../../net/host-env';
import type { CandidatePair } from '../../protocols/ice';
import type { SignalingMessage } from '../signaling';
import { CheckTransactions } from './check-transactions';
import { IceAgentUsageError } from './errors';
import { GenerationList } from './generation-list';
import { resolveIceConfig, type IceAgentConfig, type IceAgentInit } from './ice-agent-init';
import type {
  IceAgentCallbacks, IceAgentState, IceAgentStats, IceChecksFailedEvent, IceConsentEvent, SelectedPairInfo,
} from './ice-events';
import type { GenerationContext, IceCredentials, IceGeneration } from './ice-generation';
import { KeyCache } from './key-cache';
import { LocalEndpoints } from './local-endpoints';
import { PacketDemux } from './packet-demux';
import { PairMonitor } from './pair-monitor';
import { pairInfo } from './pair-info';
import type { RelayAllocator } from './relay-endpoint';
import { SignalRouter } from './signal-router';
import { TcpEndpoint } from './tcp-endpoints';
import { HostTransport, type Arrival } from './transports';
import { turnRelayAllocator } from './turn-relay';

/** A full ICE agent on one host. */
export class IceAgent {
  readonly config: IceAgentConfig;
  /** Counters (checks, consent, keepalives, data). */
  readonly stats: IceAgentStats = { checksSent: 0, requestsSent: 0, checksReceived: 0, consentChecksSent: 0, keepalivesSent: 0, dataSent: 0, dataReceived: 0 };
  private stateValue: IceAgentState = 'new';
  private readonly callbacks: IceAgentCallbacks;
  private readonly ctx: GenerationContext;
  private readonly txs: CheckTransactions<Arrival>;
  /** Host sockets and TURN relays. */
  private readonly endpoints: LocalEndpoints;
  /** Incoming datagrams: checks, responses, keepalives, data. */
  private readonly demux: PacketDemux;
  /** Live generations, oldest first: the one carrying data and, during a restart, the new one. */
  private readonly gens: GenerationList;
  private active: { gen: IceGeneration; monitor: PairMonitor } | undefined;
  private readonly signals: SignalRouter;
  private startedAt = 0;
  private connectedAtValue: number | undefined;

  /**
   * @param env the host's environment (sockets, timers, randomness, trace)
   * @param init options; see IceAgentInit
   * @param allocator how relayed candidates are allocated. @default the TURN client (src/agents/turn)
   */
  constructor(
    readonly env: HostEnv,
    init: IceAgentInit = {},
    allocator: RelayAllocator = turnRelayAllocator,
  ) {
    // The host's NAT64 prefix (RFC 7050's result, HostEnv.nat64Prefix) unless the options name one.
    this.config = resolveIceConfig(init.nat64Prefix === undefined && env.nat64Prefix !== undefined ? { ...init, nat64Prefix: env.nat64Prefix } : init);
    this.callbacks = init.callbacks ?? {};
    this.txs = new CheckTransactions(env.timers);
    this.endpoints = new LocalEndpoints(env, allocator, (b, a) => this.demux.onPacket(b, a), (e, d) => this.trace(e, d));
    this.ctx = this.makeContext();
    this.gens = new GenerationList(this.ctx);
    this.demux = new PacketDemux(this.ctx, {
      closed: () => this.stateValue === 'closed',
      generations: () => this.gens.all(),
      deliver: (bytes, info) => this.callbacks.onData?.(bytes, info),
    });
    this.signals = new SignalRouter(
      { generations: () => this.gens.all(), peerRestarted: () => this.beginRestart('remote'), trace: (e, d) => this.trace(e, d) },
      init.signaling,
      this.config.peer,
      this.callbacks.onSignal,
    );
    init.signaling?.onMessage((m) => this.onSignal(m));
  }

  /** Current state. */
  get state(): IceAgentState {
    return this.stateValue;
  }

  /** Current role (RFC 8445 §6.1.1), after any role-conflict repair. */
  get role(): 'controlling' | 'controlled' {
    return (this.gens.newest?.session.role ?? this.config.role);
  }

  /** The ICE generation in use: 0, then +1 per restart. */
  get generation(): number {
    return this.gens.latestNumber;
  }

  /** Our current credentials (the newest generation's). */
  get localCredentials(): IceCredentials | undefined {
    return this.gens.newest?.local;
  }

  /** The selected pair carrying data, with its types, or undefined. */
  get selectedPair(): SelectedPairInfo | undefined {
    return this.active && pairInfo(this.active.gen.generation, this.active.monitor.pair);
  }

  /** Virtual ms of the latest 'connected' event (the latest pair selection), if any. */
  get connectedAt(): number | undefined {
    return this.connectedAtValue;
  }

  /** The newest generation's checklist (read-only use: pairs, valid list, candidates). */
  get checklist(): IceGeneration['list'] | undefined {
    return this.gens.newest?.list;
  }

  /**
   * Takes a signaling message from the peer by hand (when no `signaling` endpoint was given; outgoing messages then
   * go to callbacks.onSignal).
   */
  receiveSignal(message: SignalingMessage): void {
    this.onSignal(message);
  }

  /** Opens the host sockets, then gathers and signals (RFC 8445 §5.1). Messages from the peer wait until now. */
  start(): void {
    if (this.stateValue !== 'new') throw new IceAgentUsageError('start()', `the agent already started (state ${this.stateValue})`);
    this.startedAt = this.env.timers.now();
    this.setState('checking');
    const addresses = this.config.addresses ?? this.env.localAddresses();
    if (addresses.length === 0) throw new IceAgentUsageError('start()', 'the host has no address to gather on');
    const tcp = this.config.tcpCandidates && this.config.policy === 'all';
    if (tcp && (!this.env.createTcpServer || !this.env.connectTcp)) {
      throw new IceAgentUsageError('tcpCandidates', 'this host has no TCP (HostEnv.createTcpServer/connectTcp): turn tcpCandidates off');
    }
    const gen = this.gens.create(this.config.role);
    let unbound = addresses.length * (tcp ? 4 : 1);
    const ready = (): void => {
      if (--unbound === 0 && !gen.retired) gen.begin(this.endpoints.hosts, this.endpoints.tcp);
    };
    const sink = (b: Uint8Array, a: Arrival): void => this.demux.onPacket(b, a);
    for (const ip of addresses) {
      this.endpoints.hosts.push(new HostTransport(this.env, ip, this.config.port, this.config.name, sink, ready));
      if (!tcp) continue;
      for (const dir of ['passive', 'active', 'so'] as const) {
        this.endpoints.tcp.push(new TcpEndpoint(this.env, ip, dir, this.config.port, sink, (e, d) => this.trace(e, d), ready));
      }
    }
    this.signals.flush();
  }

  /**
   * ICE restart (RFC 8445 §9): new ufrag/pwd and a new session, candidates gathered again and signalled; the current
   * selected pair keeps carrying data until the new generation selects one.
   */
  restart(): void {
    if (this.stateValue === 'new' || this.stateValue === 'closed') throw new IceAgentUsageError('restart()', `not possible in state ${this.stateValue}`);
    this.beginRestart('local');
  }

  /**
   * Sends application data over the selected pair (directly or through the TURN relay). Returns false when there is
   * no selected pair or consent expired (RFC 7675 §5.1: stop sending).
   */
  send(data: Uint8Array): boolean {
    const a = this.active;
    if (!a || !a.monitor.usable) return false;
    const endpoint = a.monitor.endpoint();
    if (!endpoint) return false;
    a.monitor.noteSent();
    this.stats.dataSent++;
    const remote = a.monitor.pair.remote;
    endpoint.send({ address: remote.address, port: remote.port, ...(remote.transport === 'tcp' ? { transport: 'tcp' as const } : {}) }, data);
    return true;
  }

  /** Stops everything: checks, consent, allocations (released) and sockets. */
  close(): void {
    if (this.stateValue === 'closed') return;
    this.gens.retireAll();
    this.active?.monitor.stop();
    this.active = undefined;
    this.txs.clear();
    this.endpoints.close();
    this.setState('closed');
  }

  // ------------------------------------------------------------------ internals

  private makeContext(): GenerationContext {
    return {
      env: this.env,
      config: this.config,
      keys: new KeyCache(),
      txs: this.txs,
      stats: this.stats,
      endpoint: (local) => this.endpoints.find(local),
      permitRemote: (ip) => this.endpoints.permitRemote(ip),
      signal: (m) => this.signal(m),
      completed: (gen, pair) => this.onCompleted(gen, pair),
      failed: (gen, e) => this.onChecksFailed(gen, e),
      relayFor: (host, server, done) => this.endpoints.relayFor(host, server, done),
      trace: (e, d) => this.trace(e, d),
    };
  }

  private beginRestart(initiator: 'local' | 'remote'): void {
    const latest = this.gens.newest;
    // A restart that has not selected a pair yet is abandoned in favour of the new one.
    if (latest && latest !== this.active?.gen) this.gens.dropNewest();
    const role = latest?.session.role ?? this.config.role;
    const gen = this.gens.create(role);
    const ev = { generation: gen.generation, initiator, ufrag: gen.local.ufrag };
    this.trace('restart', { ...ev });
    this.callbacks.onRestart?.(ev);
    if (!this.active?.monitor.usable) this.setState('checking');
    if (this.endpoints.hosts.every((h) => h.ready)) gen.begin(this.endpoints.hosts, this.endpoints.tcp);
  }

  private signal(m: SignalingMessage): void {
    this.signals.send(m);
  }

  private onSignal(m: SignalingMessage): void {
    if (this.stateValue === 'closed') return;
    this.signals.receive(m, this.stateValue === 'new');
  }

  private onCompleted(gen: IceGeneration, pair: CandidatePair): void {
    const old = this.active;
    if (old && old.gen.generation > gen.generation) return;
    old?.monitor.stop();
    // The new generation took over: retire every older one (RFC 8445 §9: the old pair is kept until now).
    this.gens.retireOlderThan(gen);
    const monitor: PairMonitor = new PairMonitor(this.ctx, gen, pair, {
      onDisconnected: (e) => this.onConsent(monitor, 'disconnected', e),
      onRestored: () => {
        if (this.active?.monitor !== monitor) return;
        this.trace('consent-restored', { generation: gen.generation });
        this.setState('connected');
      },
      onExpired: (e) => this.onConsent(monitor, 'failed', e),
    });
    this.active = { gen, monitor };
    this.connectedAtValue = this.env.timers.now();
    const info = pairInfo(gen.generation, pair);
    const ev = { ...info, elapsedMs: this.env.timers.now() - (gen.generation === 0 ? this.startedAt : gen.startedAt), checksSent: this.stats.checksSent };
    this.trace('connected', { ...ev });
    if (gen.generation > 0) this.trace('restarted', { generation: gen.generation, localType: info.localType, remoteType: info.remoteType, viaRelay: info.viaRelay });
    this.setState('connected');
    this.callbacks.onConnected?.(ev);
  }

  private onConsent(monitor: PairMonitor, state: 'disconnected' | 'failed', e: IceConsentEvent): void {
    if (this.active?.monitor !== monitor) return;
    if (state === 'failed') this.trace('consent-lost', { generation: e.generation, lastResponseAt: e.lastResponseAt });
    this.trace(state, { ...e });
    this.setState(state);
    if (state === 'disconnected') this.callbacks.onDisconnected?.(e);
    else this.callbacks.onFailed?.(e);
    // restartOnFailure: restart unless a restart (ours or the peer's) is already under way.
    const restarting = this.gens.newest !== this.active.gen;
    if (state === 'failed' && this.config.restartOnFailure && !restarting && this.stateValue === 'failed') this.beginRestart('local');
  }

  private onChecksFailed(gen: IceGeneration, e: IceChecksFailedEvent): void {
    if (gen !== this.gens.newest) return;
    this.trace('failed', { ...e });
    if (this.active?.monitor.usable) return; // the previous generation's pair still works
    this.setState('failed');
    this.callbacks.onFailed?.(e);
  }

  private setState(s: IceAgentState): void {
    if (s === this.stateValue) return;
    const prev = this.stateValue;
    this.stateValue = s;
    this.trace('state', { from: prev, to: s });
    this.callbacks.onStateChange?.(s, prev);
  }

  private trace(event: IceEventName, data?: Record<string, unknown>): void {
    this.env.emit(this.config.name, event, data);
  }
}

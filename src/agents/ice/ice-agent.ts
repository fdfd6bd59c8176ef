/**
 * IceAgent: a full ICE agent (RFC 8445) for one data stream with one component, over HostEnv sockets and timers.
 * It gathers host, server-reflexive and relayed candidates, trickles them over a signaling endpoint (RFC 8838,
 * RFC 8839 lines), runs connectivity checks through the pure core (src/protocols/ice), nominates, keeps the selected
 * pair alive and fresh (RFC 8445 §11, RFC 7675), restarts on demand (§9) and carries application data.
 * Callback-driven: every method returns at once; progress happens in simulator events.
 */
import type { HostEnv } from '../../net/host-env';
import { formatCandidate, type CandidatePair, type TransportAddress } from '../../protocols/ice';
import { decode, StunMethod, type DecodedStunMessage } from '../../protocols/stun';
import type { SignalingMessage } from '../signaling';
import { authenticateCheck, encodeCheckError } from './check-messages';
import { CheckTransactions } from './check-transactions';
import { IceAgentUsageError } from './errors';
import { resolveIceConfig, type IceAgentConfig, type IceAgentInit, type IceTurnServer } from './ice-agent-init';
import type {
  IceAgentCallbacks, IceAgentState, IceAgentStats, IceChecksFailedEvent, IceConsentEvent, IceDataInfo, SelectedPairInfo,
} from './ice-events';
import { IceGeneration, type GenerationContext, type IceCredentials } from './ice-generation';
import { KeyCache } from './key-cache';
import { PairMonitor } from './pair-monitor';
import type { RelayAllocator, RelayEndpoint, RelayResult } from './relay-endpoint';
import { SignalRouter } from './signal-router';
import { HostTransport, type Arrival, type LocalEndpoint } from './transports';
import { turnRelayAllocator } from './turn-relay';

const key = (t: TransportAddress): string => `${t.address}:${t.port}`;

/** A full ICE agent on one host. */
export class IceAgent {
  readonly config: IceAgentConfig;
  /** Counters (checks, consent, keepalives, data). */
  readonly stats: IceAgentStats = { checksSent: 0, requestsSent: 0, checksReceived: 0, consentChecksSent: 0, keepalivesSent: 0, dataSent: 0, dataReceived: 0 };
  private stateValue: IceAgentState = 'new';
  private readonly callbacks: IceAgentCallbacks;
  private readonly ctx: GenerationContext;
  private readonly txs: CheckTransactions<Arrival>;
  private readonly hosts: HostTransport[] = [];
  /** key: "hostIp:port|serverIp:port" */
  private readonly relays = new Map<string, RelayEndpoint>();
  private readonly remoteIps = new Set<string>();
  /** Live generations, oldest first: the one carrying data and, during a restart, the new one. */
  private readonly gens: IceGeneration[] = [];
  private active: { gen: IceGeneration; monitor: PairMonitor } | undefined;
  private readonly signals: SignalRouter;
  private generationCounter = -1;
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
    private readonly allocator: RelayAllocator = turnRelayAllocator,
  ) {
    this.config = resolveIceConfig(init);
    this.callbacks = init.callbacks ?? {};
    this.txs = new CheckTransactions(env.timers);
    this.ctx = this.makeContext();
    this.signals = new SignalRouter(
      { generations: () => this.gens, peerRestarted: () => this.beginRestart('remote'), trace: (e, d) => this.trace(e, d) },
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
    return (this.gens[this.gens.length - 1]?.session.role ?? this.config.role);
  }

  /** The ICE generation in use: 0, then +1 per restart. */
  get generation(): number {
    return Math.max(0, this.generationCounter);
  }

  /** Our current credentials (the newest generation's). */
  get localCredentials(): IceCredentials | undefined {
    return this.gens[this.gens.length - 1]?.local;
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
    return this.gens[this.gens.length - 1]?.list;
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
    if (addresses.length === 0) throw new IceAgentUsageError('start()', 'the host has no IPv4 address to gather on');
    const gen = this.newGeneration(this.config.role);
    let unbound = addresses.length;
    for (const ip of addresses) {
      this.hosts.push(new HostTransport(this.env, ip, this.config.port, this.config.name, (b, a) => this.onPacket(b, a), () => {
        if (--unbound === 0 && !gen.retired) gen.begin(this.hosts);
      }));
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
    endpoint.send({ address: a.monitor.pair.remote.address, port: a.monitor.pair.remote.port }, data);
    return true;
  }

  /** Stops everything: checks, consent, allocations (released) and sockets. */
  close(): void {
    if (this.stateValue === 'closed') return;
    for (const g of this.gens) g.retire();
    this.gens.length = 0;
    this.active?.monitor.stop();
    this.active = undefined;
    this.txs.clear();
    for (const r of this.relays.values()) r.close();
    for (const h of this.hosts) h.close();
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
      endpoint: (local) => this.endpoint(local),
      permitRemote: (ip) => this.permitRemote(ip),
      signal: (m) => this.signal(m),
      completed: (gen, pair) => this.onCompleted(gen, pair),
      failed: (gen, e) => this.onChecksFailed(gen, e),
      relayFor: (host, server, done) => this.relayFor(host, server, done),
      trace: (e, d) => this.trace(e, d),
    };
  }

  private newGeneration(role: 'controlling' | 'controlled'): IceGeneration {
    const creds = { ufrag: this.env.random.string(8), pwd: this.env.random.string(24) }; // RFC 8445 §5.3: ≥ 24 / 128 bits
    const gen = new IceGeneration(this.ctx, ++this.generationCounter, creds, role);
    this.gens.push(gen);
    this.trace('credentials', { generation: gen.generation, ufrag: creds.ufrag, role });
    return gen;
  }

  private beginRestart(initiator: 'local' | 'remote'): void {
    const latest = this.gens[this.gens.length - 1];
    // A restart that has not selected a pair yet is abandoned in favour of the new one.
    if (latest && latest !== this.active?.gen) {
      latest.retire();
      this.gens.pop();
    }
    const role = latest?.session.role ?? this.config.role;
    const gen = this.newGeneration(role);
    const ev = { generation: gen.generation, initiator, ufrag: gen.local.ufrag };
    this.trace('restart', { ...ev });
    this.callbacks.onRestart?.(ev);
    if (!this.active?.monitor.usable) this.setState('checking');
    if (this.hosts.every((h) => h.ready)) gen.begin(this.hosts);
  }

  private endpoint(local: TransportAddress): LocalEndpoint | undefined {
    for (const h of this.hosts) if (h.ready && h.address.address === local.address && h.address.port === local.port) return h;
    for (const r of this.relays.values()) if (r.alive && r.address.address === local.address && r.address.port === local.port) return r;
    return undefined;
  }

  private permitRemote(ip: string): void {
    this.remoteIps.add(ip);
    for (const r of this.relays.values()) if (r.alive) r.permit(ip);
  }

  private relayFor(host: HostTransport, server: Required<IceTurnServer>, done: (r: RelayResult) => void): void {
    const k = `${key(host.address)}|${server.address}:${server.port}`;
    const existing = this.relays.get(k);
    if (existing?.alive) {
      this.env.timers.setTimeout(() => done({ ok: true, relay: existing }), 0);
      return;
    }
    this.allocator(host, server, (b, a) => this.onPacket(b, a), (r) => {
      if (r.ok) {
        this.relays.set(k, r.relay);
        for (const ip of this.remoteIps) r.relay.permit(ip);
        this.trace('relay-allocated', { relayed: key(r.relay.address), mapped: key(r.relay.mapped), server: key(r.relay.server) });
      }
      done(r);
    });
  }

  private signal(m: SignalingMessage): void {
    this.signals.send(m);
  }

  private onSignal(m: SignalingMessage): void {
    if (this.stateValue === 'closed') return;
    this.signals.receive(m, this.stateValue === 'new');
  }

  /** Demultiplexes a datagram for the agent (RFC 7983): ICE STUN traffic, else application data. */
  private onPacket(bytes: Uint8Array, arrival: Arrival): void {
    if (this.stateValue === 'closed') return;
    if (bytes.length >= 20 && bytes[0] < 4) {
      const r = decode(bytes);
      if (r.ok) {
        this.onStun(r.message, arrival);
        return;
      }
    }
    this.onAppData(bytes, arrival);
  }

  private onStun(msg: DecodedStunMessage, arrival: Arrival): void {
    if (msg.method !== StunMethod.Binding) return this.trace('ignored', { reason: 'not a Binding message', from: key(arrival.source) });
    if (msg.class === 'indication') return; // a keepalive (RFC 8445 §11): nothing to do
    if (msg.class !== 'request') {
      if (!this.txs.offer(msg, arrival)) this.trace('ignored', { reason: 'response to no pending check', from: key(arrival.source) });
      return;
    }
    const endpoint = this.endpoint(arrival.local);
    if (!endpoint || (this.config.policy === 'relay' && !arrival.viaRelay)) return;
    const auth = authenticateCheck(msg, (ufrag) => this.gens.find((g) => g.local.ufrag === ufrag)?.local.pwd, this.ctx.keys);
    if (!auth.ok) {
      this.trace('check-rejected', { from: key(arrival.source), reason: auth.reason, ...(auth.code ? { code: auth.code } : {}) });
      if (auth.code) endpoint.send(arrival.source, encodeCheckError(msg, auth.code, undefined, this.ctx.keys));
      return;
    }
    this.gens.find((g) => g.local.ufrag === auth.localUfrag)?.handleRequest(msg, auth, arrival, endpoint);
  }

  private onAppData(bytes: Uint8Array, arrival: Arrival): void {
    const from = key(arrival.source);
    const known = this.gens.some((g) => g.list.validPairs().some((p) => key(p.remote) === from));
    if (!known) return this.trace('data-dropped', { from, reason: 'not from a valid pair' });
    this.stats.dataReceived++;
    const info: IceDataInfo = { from, viaRelay: arrival.viaRelay };
    this.callbacks.onData?.(bytes, info);
  }

  private onCompleted(gen: IceGeneration, pair: CandidatePair): void {
    const old = this.active;
    if (old && old.gen.generation > gen.generation) return;
    old?.monitor.stop();
    // The new generation took over: retire every older one (RFC 8445 §9: the old pair is kept until now).
    for (const g of this.gens.filter((x) => x.generation < gen.generation)) {
      g.retire();
      this.gens.splice(this.gens.indexOf(g), 1);
    }
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
    if (gen.generation > 0) this.trace('restarted', { generation: gen.generation });
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
    const restarting = this.gens[this.gens.length - 1] !== this.active.gen;
    if (state === 'failed' && this.config.restartOnFailure && !restarting && this.stateValue === 'failed') this.beginRestart('local');
  }

  private onChecksFailed(gen: IceGeneration, e: IceChecksFailedEvent): void {
    if (gen !== this.gens[this.gens.length - 1]) return;
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

  private trace(event: string, data?: Record<string, unknown>): void {
    this.env.emit(this.config.name, event, data);
  }
}

/** Types and lines of a selected pair. */
function pairInfo(generation: number, p: CandidatePair): SelectedPairInfo {
  return {
    generation,
    localType: p.local.type,
    remoteType: p.remote.type,
    viaRelay: p.local.type === 'relay' || p.remote.type === 'relay',
    local: key(p.local),
    remote: key(p.remote),
    localCandidate: formatCandidate(p.local),
    remoteCandidate: formatCandidate(p.remote),
  };
}

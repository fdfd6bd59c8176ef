/**
 * A deliberately simple UDP hole-punch agent for teaching (RFC 5128 §3.3 "UDP hole punching"), easier to follow
 * than ICE (RFC 8445), which does the same job with candidates, pairs and priorities:
 *
 * 1. learn its public address with one STUN Binding request (RFC 8489 §3; the XOR-MAPPED-ADDRESS is the
 *    server-reflexive address of RFC 8445 §5.1.1.1);
 * 2. swap public addresses with the peer over the out-of-band signalling channel (an `address` message);
 * 3. both send PUNCH datagrams to each other's public address every `punchIntervalMs`. The first ones usually die
 *    in the peer's NAT (nothing went out to us yet, RFC 4787 §5 filtering), but each one also opens our own NAT for
 *    the peer's address. A PUNCH that gets through is answered with an ACK; an ACK proves both directions work;
 * 4. report 'connected' (with the peer address that worked) or, after `timeoutMs`, 'failed' with the reason.
 *
 * One refinement keeps it honest about NATs: a PUNCH from the peer that arrives from another address than the one
 * the peer announced (its NAT gave this flow a new port: address-dependent mapping, RFC 4787 §4.1) is answered at
 * the address it came from, and later punches go there too. ICE calls such an address peer-reflexive
 * (RFC 8445 §7.3.1.3). The agent emits 'peer-address-learned' so the trace shows it.
 *
 * Events (agent events in the trace, under the agent's name): 'mapped' (public address known), 'peer-address', 'punching',
 * 'punch-received', 'peer-address-learned', 'connected', 'failed', 'stopped'. The agent runs on a HostEnv, so it runs
 * unchanged on virtual time or on real sockets.
 */
import { STUN_CLIENT_EVENTS } from '../stun/stun-client-events';
import { StunMessage, StunMethod } from '../../protocols/stun';
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import type { TimerHandle } from '../../sim/timers';
import { StunClient, type StunInboundPacket } from '../stun/stun-client';
import { formatTransportAddress, sameTransportAddress, type TransportAddress } from '../stun/transport-address';
import { HolePunchConfigError } from './hole-punch-errors';
import type { HolePunchConnected, HolePunchInit } from './hole-punch-types';
import { decodePunch, encodePunch, type PunchKind } from './punch-message';
import { FailureCounts, PunchExchange } from './punch-exchange';

export type { HolePunchConnected, HolePunchFailed, HolePunchFailure, HolePunchInit, HolePunchState } from './hole-punch-types';

/**
 * Every event a hole-punch agent records under its name: its own (emit() takes only these) and those of the
 * STUN client it runs under the same name.
 */
export const HOLE_PUNCH_EVENTS = [
  'mapped', 'peer-address', 'punching', 'punch-received', 'peer-address-learned', 'connected', 'failed', 'socket-error',
  ...STUN_CLIENT_EVENTS,
] as const;
/** One of HOLE_PUNCH_EVENTS. */
export type HolePunchEventName = (typeof HOLE_PUNCH_EVENTS)[number];

/** One side of a UDP hole punch. */
export class HolePunchAgent extends PunchExchange {
  private socket: UdpSocketLike | undefined;
  private stun: StunClient | undefined;
  private learnedTarget = false;
  private punchTimer: TimerHandle | undefined;
  private keepaliveTimer: TimerHandle | undefined;
  private sent = 0;
  private received = 0;
  private keepalives = 0;
  /** Sources of PUNCHes already reported, so each shows once in the trace. key: ip:port */
  private readonly seenSources = new Set<string>();
  private readonly keepaliveEvery: number;
  protected readonly stunVia = '';

  constructor(env: HostEnv, init: HolePunchInit) {
    super(env, init, 100, 'punch datagrams');
    this.keepaliveEvery = init.keepaliveMs ?? 0;
    if (!(Number.isFinite(this.keepaliveEvery) && this.keepaliveEvery >= 0)) {
      throw new HolePunchConfigError('keepaliveMs', `must be 0 (none) or a positive number of milliseconds, got ${String(init.keepaliveMs)}`);
    }
  }

  /** Punches and keepalives sent so far. */
  get stats(): { punchesSent: number; punchesReceived: number; keepalivesSent: number } {
    return { punchesSent: this.sent, punchesReceived: this.received, keepalivesSent: this.keepalives };
  }

  /** Step 1: binds the socket and asks the STUN server for the public address. Starting twice does nothing. */
  start(): void {
    if (this.stateValue !== 'idle') return;
    this.stateValue = 'asking-stun';
    const socket = this.env.createSocket();
    this.socket = socket;
    socket.on('error', (err: Error) => this.emit('socket-error', { error: err.message }));
    this.stun = new StunClient(this.env, socket, { agent: this.init.name, onUnmatched: (p) => this.onDatagram(p) });
    this.listenAndArmDeadline();
    socket.bind(this.init.port ?? 0, undefined, () => this.askStun());
  }

  /** Stops everything and closes the socket. */
  close(): void {
    if (this.stateValue === 'closed') return;
    this.stopTimers();
    this.stun?.close();
    this.socket?.close();
    this.stateValue = 'closed';
  }

  private askStun(): void {
    if (this.stateValue !== 'asking-stun' || !this.stun) return;
    const server = this.init.stunServer;
    this.stun.request(StunMessage.request(StunMethod.Binding, this.stun.newTransactionId()), server.address, server.port, {
      onResponse: (res) => {
        const mapped = res.class === 'success' ? res.get('XOR-MAPPED-ADDRESS') ?? res.get('MAPPED-ADDRESS') : undefined;
        if (!mapped) {
          this.fail('stun-failed', `the STUN server ${formatTransportAddress(server)} answered without a mapped address (${res.class})`);
          return;
        }
        this.learnedPublicAddress({ address: mapped.address, port: mapped.port }, () => {
          const local = this.socket!.address();
          return { local: `${this.env.localAddresses()[0] ?? local.address}:${local.port}` };
        });
      },
      onTimeout: () => this.fail('stun-failed', `no answer from the STUN server ${formatTransportAddress(server)}, so the public address is unknown`),
    });
  }

  /** Step 3: punch now and every interval until an ACK arrives. */
  protected startPunching(): void {
    this.stateValue = 'punching';
    this.emit('punching', { to: formatTransportAddress(this.target!), everyMs: this.interval });
    this.punch();
    this.punchTimer = this.env.timers.setInterval(() => this.punch(), this.interval);
  }

  private punch(): void {
    this.send('PUNCH', this.sent, this.target!);
    this.sent++;
  }

  /** Non-STUN datagrams: the peer's PUNCH, ACK and KEEPALIVE. Returns true when it was one of ours. */
  private onDatagram(p: StunInboundPacket): boolean {
    const m = decodePunch(p.bytes);
    if (!m || m.from !== this.init.peer || m.to !== this.init.name) return false;
    if (this.stateValue === 'closed' || this.stateValue === 'failed') return true;
    const source = { address: p.rinfo.address, port: p.rinfo.port };
    if (m.kind === 'PUNCH') this.onPunch(m.seq, source, p.rinfo);
    else if (m.kind === 'ACK') this.onAck(source);
    return true;
  }

  private onPunch(seq: number, source: TransportAddress, rinfo: RemoteInfo): void {
    this.received++;
    const key = `${rinfo.address}:${rinfo.port}`;
    if (!this.seenSources.has(key)) {
      this.seenSources.add(key);
      this.emit('punch-received', { from: key, seq });
    }
    // The peer's NAT chose another port for us than for the STUN server: answer and punch where it came from.
    if (!sameTransportAddress(source, this.target)) {
      this.emit('peer-address-learned', { announced: this.target ? formatTransportAddress(this.target) : null, seen: key });
      this.target = source;
      this.learnedTarget = true;
    }
    this.send('ACK', seq, source);
    // A late-starting peer's punch can outrun its address message: the punch taught us where to send, so go.
    if (this.stateValue === 'waiting-for-peer') this.startPunching();
  }

  /** Step 4: an ACK means our punch reached the peer and its answer reached us. */
  private onAck(source: TransportAddress): void {
    if (this.stateValue !== 'punching') return;
    this.stateValue = 'connected';
    this.target = source;
    this.env.timers.clearInterval(this.punchTimer);
    this.env.timers.clearTimeout(this.deadline);
    const e: HolePunchConnected = {
      peer: formatTransportAddress(source), learned: this.learnedTarget, publicAddress: formatTransportAddress(this.publicAddress!), punchesSent: this.sent,
    };
    this.emit('connected', { via: 'direct', peer: e.peer, learned: e.learned, publicAddress: e.publicAddress, punchesSent: e.punchesSent });
    if (this.keepaliveEvery > 0) {
      this.keepaliveTimer = this.env.timers.setInterval(() => this.send('KEEPALIVE', this.keepalives++, this.target!), this.keepaliveEvery);
    }
    this.init.onConnected?.(e);
  }

  protected noAnswerDetail(): string {
    const got = this.received === 0 ? 'none of the peer\'s punches arrived' : `${this.received} of the peer's punches arrived but no ACK came back`;
    return `sent ${this.sent} punches to ${formatTransportAddress(this.target!)}; ${got}`;
  }

  protected failureCounts(): FailureCounts {
    return { punchesSent: this.sent, punchesReceived: this.received, traced: { punchesSent: this.sent, punchesReceived: this.received } };
  }

  private send(kind: PunchKind, seq: number, to: TransportAddress): void {
    const bytes = encodePunch({ kind, from: this.init.name, to: this.init.peer, seq });
    this.socket?.send(bytes, to.port, to.address);
  }

  protected stopTimers(): void {
    const t = this.env.timers;
    t.clearInterval(this.punchTimer);
    t.clearInterval(this.keepaliveTimer);
    t.clearTimeout(this.deadline);
  }

  protected emit(event: HolePunchEventName, data?: Record<string, unknown>): void {
    this.env.emit(this.init.name, event, data);
  }
}

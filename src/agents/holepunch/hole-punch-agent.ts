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
import type { SignalingEndpoint, SignalingMessage } from '../signaling';
import { StunClient, type StunInboundPacket } from '../stun/stun-client';
import { formatTransportAddress, sameTransportAddress, type TransportAddress } from '../stun/transport-address';
import { HolePunchConfigError } from './hole-punch-errors';
import { decodePunch, encodePunch, type PunchKind } from './punch-message';

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

/** One side of a UDP hole punch. */
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

export class HolePunchAgent {
  private stateValue: HolePunchState = 'idle';
  private socket: UdpSocketLike | undefined;
  private stun: StunClient | undefined;
  private publicAddress: TransportAddress | undefined;
  /** Where punches go: the announced address, or a learned one. */
  private target: TransportAddress | undefined;
  private learnedTarget = false;
  private punchTimer: TimerHandle | undefined;
  private keepaliveTimer: TimerHandle | undefined;
  private deadline: TimerHandle | undefined;
  private sent = 0;
  private received = 0;
  private keepalives = 0;
  /** Sources of PUNCHes already reported, so each shows once in the trace. key: ip:port */
  private readonly seenSources = new Set<string>();
  private readonly interval: number;
  private readonly timeout: number;
  private readonly keepaliveEvery: number;

  constructor(private readonly env: HostEnv, private readonly init: HolePunchInit) {
    this.interval = positive(init.punchIntervalMs ?? 100, 'punchIntervalMs');
    this.timeout = positive(init.timeoutMs ?? 10_000, 'timeoutMs');
    this.keepaliveEvery = init.keepaliveMs ?? 0;
    if (!(Number.isFinite(this.keepaliveEvery) && this.keepaliveEvery >= 0)) {
      throw new HolePunchConfigError('keepaliveMs', `must be 0 (none) or a positive number of milliseconds, got ${String(init.keepaliveMs)}`);
    }
    if (init.name === init.peer) throw new HolePunchConfigError('peer', `must name another agent than '${init.name}' itself`);
    if (/\s/u.test(init.name) || /\s/u.test(init.peer)) throw new HolePunchConfigError('name', 'agent names in punch datagrams cannot contain spaces');
  }

  get state(): HolePunchState {
    return this.stateValue;
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
    this.init.signaling.onMessage((m, from) => this.onSignal(m, from));
    this.deadline = this.env.timers.setTimeout(() => this.giveUp(), this.timeout);
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
        this.learnedPublicAddress({ address: mapped.address, port: mapped.port });
      },
      onTimeout: () => this.fail('stun-failed', `no answer from the STUN server ${formatTransportAddress(server)}, so the public address is unknown`),
    });
  }

  /** Step 2: tell the peer our public address, then punch as soon as we know theirs. */
  private learnedPublicAddress(pub: TransportAddress): void {
    if (this.stateValue !== 'asking-stun') return;
    this.publicAddress = pub;
    const local = this.socket!.address();
    this.emit('mapped', { address: formatTransportAddress(pub), local: `${this.env.localAddresses()[0] ?? local.address}:${local.port}` });
    this.init.signaling.send({ kind: 'address', address: pub.address, port: pub.port }, this.init.peer);
    this.stateValue = 'waiting-for-peer';
    if (this.target) this.startPunching();
  }

  private onSignal(m: SignalingMessage, from: string): void {
    if (m.kind !== 'address' || from !== this.init.peer || this.target) return;
    this.target = { address: m.address, port: m.port };
    this.emit('peer-address', { address: formatTransportAddress(this.target) });
    if (this.stateValue === 'waiting-for-peer') this.startPunching();
  }

  /** Step 3: punch now and every interval until an ACK arrives. */
  private startPunching(): void {
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

  private giveUp(): void {
    if (this.stateValue === 'asking-stun') {
      this.fail('stun-failed', `no public address from the STUN server within ${this.timeout} ms`);
    } else if (this.stateValue === 'waiting-for-peer') {
      this.fail('no-peer-address', `the peer's address did not arrive over signalling within ${this.timeout} ms`);
    } else if (this.stateValue === 'punching') {
      const got = this.received === 0 ? 'none of the peer\'s punches arrived' : `${this.received} of the peer's punches arrived but no ACK came back`;
      this.fail('no-answer', `sent ${this.sent} punches to ${formatTransportAddress(this.target!)}; ${got}`);
    }
  }

  private fail(reason: HolePunchFailure, detail: string): void {
    if (this.stateValue === 'failed' || this.stateValue === 'closed' || this.stateValue === 'connected') return;
    this.stateValue = 'failed';
    this.stopTimers();
    const seen = this.init.explainFailure?.();
    const e: HolePunchFailed = { reason, detail: seen ? `${detail}; ${seen}` : detail, punchesSent: this.sent, punchesReceived: this.received };
    this.emit('failed', { reason: e.detail, code: reason, punchesSent: e.punchesSent, punchesReceived: e.punchesReceived });
    this.init.onFailed?.(e);
  }

  private send(kind: PunchKind, seq: number, to: TransportAddress): void {
    const bytes = encodePunch({ kind, from: this.init.name, to: this.init.peer, seq });
    this.socket?.send(bytes, to.port, to.address);
  }

  private stopTimers(): void {
    const t = this.env.timers;
    t.clearInterval(this.punchTimer);
    t.clearInterval(this.keepaliveTimer);
    t.clearTimeout(this.deadline);
  }

  private emit(event: HolePunchEventName, data?: Record<string, unknown>): void {
    this.env.emit(this.init.name, event, data);
  }
}

function positive(v: number, key: string): number {
  if (!(Number.isFinite(v) && v > 0)) throw new HolePunchConfigError(key, `must be a positive number of milliseconds, got ${String(v)}`);
  return v;
}

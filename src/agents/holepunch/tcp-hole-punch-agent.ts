/**
 * TCP hole punching for teaching (RFC 5128 §3.4; Ford, Srisuresh and Kegel, "Peer-to-Peer Communication Across
 * Network Address Translators", USENIX 2005, §4): the same four steps as the UDP agent, on TCP.
 *
 * 1. listen on a local port P, and from the same port P (SO_REUSEADDR) open a TCP connection to a STUN server and
 *    ask for the public address (STUN over TCP, RFC 8489 §6.2.2). The answer is the NAT's TCP mapping for P
 *    (RFC 5382 §4.1). The connection stays open, as in Ford et al. (a NAT may drop an idle mapping's state);
 * 2. swap public addresses with the peer over signalling;
 * 3. both `connect()` from P to the other's public address at about the same time. Each outbound SYN opens the
 *    sender's own NAT for the peer (RFC 5382 REQ-2); when the two SYNs cross, both ends see the other's SYN in
 *    SYN-SENT and the connection completes by simultaneous open (RFC 9293 §3.5, Figure 8). When one SYN reaches
 *    the peer's listener instead, the peer accepts an ordinary connection. A SYN that the other NAT refuses with a
 *    RST (RFC 5382 REQ-3 allows it) fails the attempt with ECONNREFUSED, and the agent tries again every
 *    `punchIntervalMs`; a SYN the NAT drops silently is retransmitted by TCP itself;
 * 4. the first connection on which both hellos (`HELLO <from> <to>`) have been exchanged is the result:
 *    'connected' with how it came (`outbound`: our connect() succeeded; `inbound`: our listener accepted it),
 *    or after `timeoutMs` 'failed' with the reason.
 *
 * Only the public address is exchanged (Ford et al. also try the private one, for peers behind the same NAT).
 * Events (under the agent's name): 'mapped', 'peer-address', 'punching', 'attempt-failed', 'connected', 'failed',
 * 'socket-error'. The agent runs on a HostEnv with TCP (HostEnv.createTcpServer/connectTcp).
 */
import { StunMessage, StunMethod, decode, encode, newTransactionId } from '../../protocols/stun';
import { TurnStreamDecoder } from '../../protocols/turn/stream-framing';
import type { HostEnv } from '../../net/host-env';
import type { TcpServerLike, TcpSocketLike } from '../../net/tcp-socket.types';
import type { TimerHandle } from '../../sim/timers';
import { formatTransportAddress } from '../stun/transport-address';
import type { HolePunchConnected, HolePunchInit } from './hole-punch-types';
import { HolePunchConfigError } from './hole-punch-errors';
import { FailureCounts, PunchExchange } from './punch-exchange';

/** Every event a TCP hole-punch agent records under its name. */
export const TCP_HOLE_PUNCH_EVENTS = [
  'mapped', 'peer-address', 'punching', 'attempt-failed', 'connected', 'failed', 'socket-error',
] as const;
/** One of TCP_HOLE_PUNCH_EVENTS. */
export type TcpHolePunchEventName = (typeof TCP_HOLE_PUNCH_EVENTS)[number];

/** How the working connection came about. */
export type TcpPunchDirection = 'outbound' | 'inbound';

/** The hello each side writes first on a punched connection. */
function hello(from: string, to: string): string {
  return `HELLO ${from} ${to}\n`;
}

/** One side of a TCP hole punch. */
export class TcpHolePunchAgent extends PunchExchange {
  private listener: TcpServerLike | undefined;
  private stunConn: TcpSocketLike | undefined;
  private localPort = 0;
  private attempts = 0;
  private refused = 0;
  private retry: TimerHandle | undefined;
  /** Connections being tried or accepted, not yet confirmed by the peer's hello. */
  private readonly candidates = new Set<TcpSocketLike>();
  private chosen: TcpSocketLike | undefined;
  protected readonly stunVia = ' over TCP';

  constructor(env: HostEnv, init: HolePunchInit) {
    super(env, init, 500, 'hellos');
    if (!env.createTcpServer || !env.connectTcp) throw new HolePunchConfigError('transport', 'this host has no TCP (HostEnv.createTcpServer/connectTcp)');
  }

  /** The connection that worked (after 'connected'). */
  get connection(): TcpSocketLike | undefined {
    return this.chosen;
  }

  /** connect() attempts so far, and how many a NAT refused with RST. */
  get stats(): { attempts: number; refused: number } {
    return { attempts: this.attempts, refused: this.refused };
  }

  /** Step 1: listen on P, then ask the STUN server over TCP from P. Starting twice does nothing. */
  start(): void {
    if (this.stateValue !== 'idle') return;
    this.stateValue = 'asking-stun';
    this.listenAndArmDeadline();
    const listener = this.env.createTcpServer!();
    this.listener = listener;
    listener.on('error', (err) => this.emit('socket-error', { error: err.message }));
    listener.on('connection', (s) => this.onInbound(s));
    listener.listen(this.init.port ?? 0, undefined, () => {
      this.localPort = listener.address()?.port ?? 0;
      this.askStun();
    });
  }

  /** Stops everything and closes every socket (the punched connection too). */
  close(): void {
    if (this.stateValue === 'closed') return;
    this.stopTimers();
    this.closeExcept(undefined);
    this.chosen?.destroy();
    this.stunConn?.destroy();
    this.listener?.close();
    this.stateValue = 'closed';
  }

  private askStun(): void {
    const server = this.init.stunServer;
    const conn = this.env.connectTcp!({ host: server.address, port: server.port, localPort: this.localPort, reuseAddress: true });
    this.stunConn = conn;
    const id = newTransactionId(this.env.random);
    const decoder = new TurnStreamDecoder();
    conn.on('connect', () => conn.write(encode(StunMessage.request(StunMethod.Binding, id))));
    conn.on('data', (chunk: Buffer) => {
      decoder.push(chunk, (frame) => {
        const r = frame.kind === 'stun' ? decode(frame.bytes) : undefined;
        if (!r?.ok || r.message.class === 'request') return;
        const mapped = r.message.get('XOR-MAPPED-ADDRESS') ?? r.message.get('MAPPED-ADDRESS');
        if (!mapped) return this.fail('stun-failed', `the STUN server ${formatTransportAddress(server)} answered without a mapped address`);
        this.learnedPublicAddress({ address: mapped.address, port: mapped.port },
          () => ({ local: `${this.env.localAddresses()[0]}:${this.localPort}`, transport: 'tcp' }));
      });
    });
    conn.on('error', (err: Error & { code?: string }) => {
      if (this.stateValue === 'asking-stun') this.fail('stun-failed', `TCP to the STUN server ${formatTransportAddress(server)} failed: ${err.code ?? err.message}`);
    });
  }

  /** Step 3: connect() from P to the peer's public address, again after a refusal. */
  protected startPunching(): void {
    this.stateValue = 'punching';
    this.emit('punching', { to: formatTransportAddress(this.target!), from: this.localPort, transport: 'tcp' });
    this.attempt();
  }

  private attempt(): void {
    if (this.stateValue !== 'punching') return;
    this.attempts++;
    const t = this.target!;
    const conn = this.env.connectTcp!({ host: t.address, port: t.port, localPort: this.localPort, reuseAddress: true });
    this.candidates.add(conn);
    conn.on('connect', () => this.greet(conn, 'outbound'));
    conn.on('error', (err: Error & { code?: string }) => {
      this.candidates.delete(conn);
      if (this.stateValue !== 'punching') return;
      if (err.code === 'ECONNREFUSED') this.refused++;
      this.emit('attempt-failed', { attempt: this.attempts, error: err.code ?? err.message });
      this.retry = this.env.timers.setTimeout(() => this.attempt(), this.interval);
    });
  }

  /** An inbound connection: the peer's SYN reached our listener. It counts once the peer's hello arrives. */
  private onInbound(conn: TcpSocketLike): void {
    if (this.stateValue === 'closed' || this.stateValue === 'failed' || this.stateValue === 'connected') return void conn.destroy();
    this.candidates.add(conn);
    conn.on('error', () => this.candidates.delete(conn));
    this.greet(conn, 'inbound');
  }

  /** Step 4: write our hello and wait for the peer's on the same connection. */
  private greet(conn: TcpSocketLike, how: TcpPunchDirection): void {
    conn.write(hello(this.init.name, this.init.peer));
    let text = '';
    const expected = hello(this.init.peer, this.init.name);
    conn.on('data', (chunk: Buffer) => {
      if (this.chosen) return;
      text += chunk.toString('latin1');
      if (text.length >= expected.length) {
        if (text.startsWith(expected)) this.connected(conn, how);
        else conn.destroy();
      }
    });
  }

  private connected(conn: TcpSocketLike, how: TcpPunchDirection): void {
    if (this.stateValue !== 'punching' && this.stateValue !== 'waiting-for-peer') return;
    this.stateValue = 'connected';
    this.chosen = conn;
    this.stopTimers();
    this.closeExcept(conn);
    const peer = `${conn.remoteFamily === 'IPv6' ? `[${conn.remoteAddress}]` : conn.remoteAddress}:${conn.remotePort}`;
    const e: HolePunchConnected = {
      peer, learned: !this.target || peer !== formatTransportAddress(this.target), publicAddress: formatTransportAddress(this.publicAddress!), punchesSent: this.attempts,
    };
    this.emit('connected', { via: 'direct', transport: 'tcp', how, peer, publicAddress: e.publicAddress, attempts: this.attempts, refused: this.refused });
    this.init.onConnected?.(e);
  }

  protected noAnswerDetail(): string {
    const refused = this.refused ? `, ${this.refused} refused with RST` : '';
    return `${this.attempts} connect() attempts to ${formatTransportAddress(this.target!)} got no connection${refused}`;
  }

  protected failureCounts(): FailureCounts {
    return { punchesSent: this.attempts, punchesReceived: 0, traced: { attempts: this.attempts, refused: this.refused } };
  }

  protected override dropAttempts(): void {
    this.closeExcept(undefined);
  }

  private closeExcept(keep: TcpSocketLike | undefined): void {
    for (const c of this.candidates) if (c !== keep) c.destroy();
    this.candidates.clear();
  }

  protected stopTimers(): void {
    this.env.timers.clearTimeout(this.retry);
    this.env.timers.clearTimeout(this.deadline);
  }

  protected emit(event: TcpHolePunchEventName, data?: Record<string, unknown>): void {
    this.env.emit(this.init.name, event, data);
  }
}

/**
 * StunServer: a STUN Binding server (RFC 8489) on any host, in RFC 5780 mode when given two addresses and two
 * ports. It runs on a HostEnv and UdpSocketLike sockets only, so it runs unchanged on real sockets (src/real).
 * No input crashes it: every malformed or refused datagram is counted in `stats` and traced as
 * env.emit('stun-server', 'rejected', { reason, from }).
 */
import { decode, encode } from '../../protocols/stun';
import { SourceLimits } from '../../protocols/turn/source-limits';
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import { decideBinding, ServerDecision, StunServerRejectReason } from './stun-server-handler';
import { resolveStunServerConfig, StunServerConfig, StunServerInit } from './stun-server-config';
import { emptyServerStats, StunServerStats } from './stun-server-stats';
import { StunStreamServer } from './stun-stream-server';
import { formatTransportAddress, socketFor, TransportAddress } from './transport-address';

/**
 * Events a StunServer records in the trace under its agent name (StunServerInit.agent): 'started' once every
 * socket is bound, 'socket-error', 'rejected' for every refused or malformed datagram, and 'request' per answered
 * request only with StunServerInit.requestEvents. Its trace calls take only these names, so the list is complete.
 */
export const STUN_SERVER_EVENTS = ['started', 'socket-error', 'rejected', 'request'] as const;
/** One of STUN_SERVER_EVENTS. */
export type StunServerEventName = (typeof STUN_SERVER_EVENTS)[number];

/** A STUN Binding server. Create, then start(). */
export class StunServer {
  /** Options with defaults applied. */
  readonly config: StunServerConfig;
  /** Counters; read at any time. */
  readonly stats: StunServerStats = emptyServerStats();
  /** Local address of each socket; index = addressIndex × ports.length + portIndex (A1:P1, A1:P2, A2:P1, A2:P2). */
  readonly endpoints: readonly TransportAddress[];
  private readonly sockets: UdpSocketLike[] = [];
  /** The TCP listener at the primary endpoint (RFC 8489 §6.2.2), when config.tcp. */
  private stream: StunStreamServer | undefined;
  /** Per-source request rate, when requestsPerSecondPerSource is set. */
  private readonly limits: SourceLimits | undefined;
  private started = false;

  /**
   * @param env the host the server runs on
   * @throws StunServerConfigError for an address the host does not have, a bad port, ...
   */
  constructor(private readonly env: HostEnv, init: StunServerInit = {}) {
    this.config = resolveStunServerConfig(init, env.localAddresses());
    const rate = init.requestsPerSecondPerSource;
    this.limits = rate === undefined ? undefined : new SourceLimits({ requestsPerSecond: rate }, 'stunServer');
    this.endpoints = this.config.addresses.flatMap((address) => this.config.ports.map((port) => ({ address, port })));
  }

  /** 'rfc5780' (two addresses, two ports) or 'basic'. */
  get mode(): 'rfc5780' | 'basic' {
    return this.config.mode;
  }

  /** The primary address A1:P1, where clients send Test I. */
  get primary(): TransportAddress {
    return this.endpoints[0];
  }

  /** Binds every socket; once all are bound, emits 'started' and runs `onListening`. */
  start(onListening?: () => void): this {
    if (this.started) return this;
    this.started = true;
    let pending = this.endpoints.length + (this.config.tcp ? 1 : 0);
    const bound = (): void => {
      if (--pending > 0) return;
      // Only once every socket is bound: a port in use fails the bind ('socket-error'), and then never 'started'.
      this.emit('started', { mode: this.mode, endpoints: this.endpoints.map(formatTransportAddress) });
      onListening?.();
    };
    if (this.config.tcp) {
      this.stream = new StunStreamServer(this.env, this.config, this.primary, {
        answered: (ok) => { this.stats.received++; if (ok) this.stats.success++; else this.stats.errorResponses++; },
        reject: (reason, rinfo, detail) => this.reject(reason, rinfo, undefined, detail),
        error: (err) => this.emit('socket-error', { socket: `tcp ${formatTransportAddress(this.primary)}`, error: err.message }),
      });
      this.stream.start(bound);
    }
    this.endpoints.forEach((ep, i) => {
      const socket = socketFor(this.env, ep.address);
      this.sockets.push(socket);
      socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.onDatagram(i, msg, rinfo));
      socket.on('error', (err: Error) => this.emit('socket-error', { socket: formatTransportAddress(ep), error: err.message }));
      socket.bind(ep.port, ep.address, bound);
    });
    return this;
  }

  /** Closes every socket. */
  close(): void {
    for (const s of this.sockets.splice(0)) s.close();
    this.stream?.close();
    this.stream = undefined;
  }

  private onDatagram(arrivedOn: number, bytes: Uint8Array, rinfo: RemoteInfo): void {
    this.stats.received++;
    // Checked on the header, before decoding: a flooding source costs a few byte reads (top bits 00, class request).
    const request = bytes.length >= 2 && (bytes[0] & 0xc1) === 0 && (bytes[1] & 0x10) === 0;
    if (request && this.limits && !this.limits.admitRequest(rinfo.address, this.env.timers.now())) return this.reject('rate-limited', rinfo);
    let decision: ServerDecision;
    try {
      decision = decideBinding({ config: this.config, sockets: this.endpoints, arrivedOn }, bytes, rinfo);
    } catch (err) {
      return this.reject('internal-error', rinfo, undefined, err instanceof Error ? err.message : String(err));
    }
    if (decision.kind === 'indication') {
      this.stats.indications++;
      return;
    }
    if (decision.kind === 'discard') return this.reject(decision.reason, rinfo);
    if (decision.rejected) {
      this.stats.errorResponses++;
      this.reject(decision.rejected, rinfo, decision.message.get('ERROR-CODE')?.code);
    } else {
      this.stats.success++;
    }
    if (this.config.requestEvents) this.emitRequest(arrivedOn, bytes, decision, rinfo);
    this.send(decision, rinfo);
  }

  private send(decision: Extract<ServerDecision, { kind: 'reply' }>, rinfo: RemoteInfo): void {
    try {
      const bytes = encode(decision.message, {
        fingerprint: this.config.fingerprint,
        ...(decision.key ? { integrity: { key: decision.key } } : {}),
      });
      this.sockets[decision.via].send(bytes, decision.to.port, decision.to.address, (err) => {
        if (err) this.reject('send-failed', rinfo, undefined, err.message);
      });
    } catch (err) {
      this.reject('send-failed', rinfo, undefined, err instanceof Error ? err.message : String(err));
    }
  }

  /** The 'request' event (StunServerInit.requestEvents): who asked where, what for, and what was answered from where. */
  private emitRequest(arrivedOn: number, bytes: Uint8Array, d: Extract<ServerDecision, { kind: 'reply' }>, rinfo: RemoteInfo): void {
    const req = decode(bytes); // a second decode, only when the events are wanted (serve stun --verbose)
    const change = req.ok ? req.message.get('CHANGE-REQUEST') : undefined;
    const responsePort = req.ok ? req.message.get('RESPONSE-PORT') : undefined;
    this.emit('request', {
      from: `${rinfo.address}:${rinfo.port}`,
      to: formatTransportAddress(this.endpoints[arrivedOn]),
      ...(change ? { change: [change.changeIp ? 'ip' : '', change.changePort ? 'port' : ''].filter(Boolean).join('+') || 'none' } : {}),
      ...(responsePort !== undefined ? { responsePort } : {}),
      status: d.message.get('ERROR-CODE')?.code ?? 'success',
      via: formatTransportAddress(this.endpoints[d.via]),
    });
  }

  private reject(reason: StunServerRejectReason, rinfo: RemoteInfo, code?: number, detail?: string): void {
    this.stats.rejected++;
    this.stats.byReason[reason]++;
    this.emit('rejected', {
      reason, from: `${rinfo.address}:${rinfo.port}`, ...(code !== undefined ? { code } : {}), ...(detail ? { detail } : {}),
    });
  }

  private emit(event: StunServerEventName, data: Record<string, unknown>): void {
    this.env.emit(this.config.agent, event, data);
  }
}

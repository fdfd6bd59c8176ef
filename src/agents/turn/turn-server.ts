/**
 * The TURN server agent (RFC 8656 over UDP) on a HostEnv: one listening socket for clients, one relay socket per
 * allocation, one timer at the allocation table's next expiry. It wires the pure TURN core (AllocationTable,
 * LongTermAuthenticator, relay routes, ChannelData codec) to sockets and timers, so the same server runs on the
 * simulator or, through src/real, on real UDP sockets. Nothing a client or peer sends can make it throw: every
 * discarded datagram is counted in `stats.dropped` and traced as ('turn-server', 'dropped', { reason, ... }).
 */
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo } from '../../net/udp-socket.types';
import { decode, methodName, StunMessage, StunMethod, type DecodedStunMessage, type StunDecodeError } from '../../protocols/stun';
import {
  AllocationTable,
  decodeChannelData,
  encodeChannelData,
  formatChannelNumber,
  isChannelData,
  relayFamilies,
  routeChannelData,
  routeFromPeer,
  routeSendIndication,
  type AllocationExpiry,
  type TransportAddress,
  type TurnExpiry,
  type TurnFiveTuple,
  TokenBucket,
} from '../../protocols/turn';
import { addressText, fromRemoteInfo, fromStunAddress } from './addresses';
import { DeadlineTimer } from './deadline-timer';
import { ListenSockets } from './listen-sockets';
import { RelaySockets } from './relay-sockets';
import { resolveServerConfig, type TurnServerConfig, type TurnServerInit } from './server-config';
import type { ServerContext } from './server-context';
import type { TurnServerEventName } from './server-events';
import { dataIndication, encodeServerMessage, errorResponse } from './server-messages';
import { ServerRequestHandler } from './server-request-handler';
import { newServerStats, type TurnServerDropReason, type TurnServerStats } from './server-stats';
import { isStreamClient, StreamLinks, type StreamClientAddress, type StreamTransport } from './stream-links';
import { streamLinkHandlers } from './stream-server-events';
import type { TcpServerLike } from '../../net/tcp-socket.types';
import { listenModelledTls } from './stream-tls-listener';

/** Agent name in trace events. */
export const TURN_SERVER_AGENT = 'turn-server';

/** Largest peer datagram that still fits a Data indication (65535-byte STUN body minus the other attributes). */
const MAX_DATA_INDICATION_PAYLOAD = 65535 - 64;

/** True when `bytes` start like a STUN request: top bits 00 and the request class (C1 C0 = 00, RFC 8489 §5). */
function looksLikeRequest(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && (bytes[0] & 0xc0) === 0 && (bytes[0] & 0x01) === 0 && (bytes[1] & 0x10) === 0;
}

/** A TURN server (RFC 8656) listening on UDP, and on TCP/TLS streams when asked (RFC 8656 §3.1, stream-links.ts). */
export class TurnServer {
  readonly config: TurnServerConfig;
  /** Live counters. */
  readonly stats: TurnServerStats = newServerStats();
  /** The allocation state (read it; change it only through requests). */
  readonly table: AllocationTable;
  private readonly relays: RelaySockets;
  private readonly requests: ServerRequestHandler;
  private readonly expiry: DeadlineTimer;
  private readonly serverAddress: TransportAddress;
  private readonly listeners: ListenSockets;
  /** Clients over TCP and TLS (RFC 8656 §3.1). */
  private readonly streams: StreamLinks;
  /** key: relayed port -> bandwidth buckets (to peers, to the client), when maxBandwidthBytesPerSecond is set. */
  private readonly bandwidth = new Map<number, { readonly toPeer: TokenBucket; readonly toClient: TokenBucket }>();

  constructor(
    private readonly env: HostEnv,
    init: TurnServerInit = {},
  ) {
    const c = (this.config = resolveServerConfig(env, init));
    this.serverAddress = { address: c.listenAddress, port: c.listenPort };
    this.table = new AllocationTable({
      relayAddresses: [c.relayAddress, ...relayFamilies(c.relayAddresses).map((f) => c.relayAddresses[f] as string).filter((a) => a !== c.relayAddress)],
      relayPorts: { ...c.relayPorts },
      random: env.random,
      lifetime: c.lifetime,
      userQuota: c.userQuota,
      maxAllocations: c.maxAllocations,
      maxPermissionsPerAllocation: c.maxPermissionsPerAllocation,
      maxChannelsPerAllocation: c.maxChannelsPerAllocation,
      legacyChannelNumbers: c.legacyChannelNumbers,
    });
    this.relays = new RelaySockets(
      env,
      c.relayAddresses,
      (port, msg, rinfo) => this.guard(() => this.onPeerDatagram(port, msg, rinfo)),
      (port, err) => this.guard(() => this.onRelayError(port, err)),
    );
    this.listeners = new ListenSockets(
      env,
      c.listen,
      (msg, rinfo, server) => this.guard(() => this.onDatagram(msg, rinfo, server)),
      (err) => this.trace('socket-error', { message: err.message }),
    );
    this.expiry = new DeadlineTimer(env.timers, () => this.guard(() => this.runExpiry()));
    this.requests = new ServerRequestHandler(this.context());
    this.streams = new StreamLinks(
      { legacyChannelNumbers: c.legacyChannelNumbers, maxConnections: c.maxStreamConnections },
      streamLinkHandlers({
        message: (frame, from) => this.guard(() => this.onClientMessage(frame.bytes, from)),
        drop: (reason, data) => this.drop(reason, data),
        trace: (event, data) => this.trace(event, data),
        closed: (from) => this.guard(() => this.onStreamClosed(from)),
      }),
    );
  }

  /** The listening transport address (the server side of every 5-tuple). */
  get address(): TransportAddress {
    return this.serverAddress;
  }

  /** Relayed ports with an open relay socket, ascending. */
  relayedPorts(): number[] {
    return this.relays.ports();
  }

  /**
   * Binds the listening socket(s) (with `tcp`, a TCP listener on each listen address and port too; with `tls`, the
   * modelled TLS listener); `callback(null)` once all listen, or `callback(error)` (e.g. EADDRINUSE) once, for the
   * first failure.
   */
  start(callback?: (err: Error | null) => void): this {
    if (this.listeners.started) throw new Error(`TurnServer.start on ${this.env.name}: already started`);
    let waiting = 1 + (this.config.tcp ? this.config.listen.length : 0) + (this.config.tlsPort !== undefined ? 1 : 0);
    let failed = false;
    const done = (err: Error | null): void => {
      if (failed) return;
      if (err) failed = true;
      if (err || --waiting === 0) callback?.(err);
    };
    this.listeners.start((err) => {
      if (err) {
        this.trace('socket-error', { message: err.message });
        return done(err);
      }
      this.trace('listening', this.listeningData());
      done(null);
    });
    if (this.config.tcp) this.listenTcp(done);
    if (this.config.tlsPort !== undefined) listenModelledTls(this.env, this.streams, this.config, (e, d) => this.trace(e, d), done);
    return this;
  }

  /** The TCP listeners of TurnServerInit.tcp, one on each UDP listen address and port (RFC 8656 §3.1). */
  private listenTcp(done: (err: Error | null) => void): void {
    for (const local of this.config.listen) {
      const createTcpServer = this.env.createTcpServer?.bind(this.env);
      if (!createTcpServer) {
        done(new Error(`TurnServer on ${this.env.name}: tcp is on but the host has no TCP (HostEnv.createTcpServer)`));
        continue;
      }
      const wildcard = local.address === '0.0.0.0' || local.address === '::';
      this.streams.attach(createTcpServer(), 'tcp', local, { port: local.port, host: wildcard ? undefined : local.address }, (err) => {
        if (!err) this.trace('listening', { address: addressText(local), transport: 'tcp' });
        done(err);
      });
    }
  }

  /**
   * Serves TURN clients on a stream listener the caller made (node:tls in src/real, a modelled TLS listener in the
   * simulator): `transport` is the 5-tuple's transport; `local` the listener's address. Listen on it yourself.
   */
  acceptStreams(server: TcpServerLike, transport: StreamTransport, local: TransportAddress): void {
    this.streams.attach(server, transport, local);
  }

  /** Open TCP/TLS client connections. */
  get streamConnections(): number {
    return this.streams.size;
  }

  /** The 'listening' event: address and relay as before; every listen and relay address when there are several. */
  private listeningData(): Record<string, unknown> {
    const c = this.config;
    const data: Record<string, unknown> = { address: addressText(this.serverAddress), relay: c.relayAddress };
    if (c.listen.length > 1) data.listen = c.listen.map(addressText);
    if (c.relayAddresses[4] !== undefined && c.relayAddresses[6] !== undefined) data.relays = [c.relayAddresses[4], c.relayAddresses[6]];
    return data;
  }

  /** Stops serving: closes the listening socket and every relay socket, cancels the timer. */
  close(): void {
    this.expiry.cancel();
    this.relays.closeAll();
    this.streams.closeAll();
    this.listeners.close();
  }

  private context(): ServerContext {
    return {
      env: this.env,
      config: this.config,
      table: this.table,
      stats: this.stats,
      relays: this.relays,
      serverAddress: this.serverAddress,
      now: () => this.env.timers.now(),
      send: (bytes, to, unauthenticated, via) => this.send(bytes, to, unauthenticated, via),
      trace: (event, data) => this.trace(event, data),
      fiveTuple: (from, server) => this.fiveTuple(from, server),
      stateChanged: () => this.expiry.set(this.table.nextExpiry()),
      allocationEnded: (ev) => this.allocationEnded(ev),
    };
  }

  /** The safety net: a bug on any input is counted and traced, never thrown into the socket's event loop. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.drop('internal-error', { detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }

  private onDatagram(bytes: Buffer, rinfo: RemoteInfo, server: TransportAddress = this.serverAddress): void {
    this.onClientMessage(bytes, fromRemoteInfo(rinfo), server);
  }

  /**
   * A datagram on a UDP listen socket (`server`: which), or one message framed from a TCP/TLS client's stream
   * (`from` is then a StreamClientAddress and carries its own server side).
   */
  private onClientMessage(bytes: Uint8Array, from: TransportAddress, server: TransportAddress = this.serverAddress): void {
    this.catchUp();
    this.stats.datagramsIn++;
    this.stats.bytesIn += bytes.length;
    if (isChannelData(bytes, this.config.legacyChannelNumbers)) return this.onClientChannelData(bytes, from, server);
    // The request rate is checked on the header, before decoding: a flooding source costs a few byte reads.
    if (looksLikeRequest(bytes) && !this.admit(from)) return;
    const r = decode(bytes);
    if (!r.ok) return this.onUndecodable(r.error, from, server);
    const m = r.message;
    if (m.class === 'request') return this.requests.handle(m, from, server);
    if (m.class === 'indication') return this.onIndication(m, from, server);
    this.drop('unexpected-message', { from: addressText(from), detail: `${m.class} ${methodName(m.method)}` });
  }

  /** RFC 8489 §6.3: a request whose header was readable gets 400; anything else is silently discarded. */
  private onUndecodable(error: StunDecodeError, from: TransportAddress, server: TransportAddress): void {
    const h = error.header;
    if (h && h.class === 'request') {
      this.stats.requests++;
      const msg = errorResponse(StunMessage.request(h.method, h.transactionId), { code: 400 }, this.config.software);
      if (!this.send(encodeServerMessage(msg, undefined, this.config.fingerprint), from, true, server)) return;
      this.stats.errorResponses[400] = (this.stats.errorResponses[400] ?? 0) + 1;
      this.trace('error-response', { client: addressText(from), method: methodName(h.method), code: 400, reason: error.message });
      return;
    }
    this.drop('malformed', { from: addressText(from), detail: `${error.code} at byte ${error.offset}: ${error.message}` });
  }

  /** Send indications are relayed (RFC 8656 §11.2); Binding indications are keepalives; the rest is discarded. */
  private onIndication(m: DecodedStunMessage, from: TransportAddress, server: TransportAddress): void {
    if (m.method === StunMethod.Binding) return;
    if (m.method !== StunMethod.Send) {
      return this.drop('unexpected-message', { from: addressText(from), detail: `${methodName(m.method)} indication` });
    }
    this.stats.sendIndicationsIn++;
    if (m.unknownRequired.length > 0) return this.drop('unknown-attribute', { from: addressText(from), detail: 'Send indication' });
    const xpa = m.get('XOR-PEER-ADDRESS');
    const r = routeSendIndication(
      this.table,
      { fiveTuple: this.fiveTuple(from, server), peer: xpa && fromStunAddress(xpa), data: m.get('DATA'), dontFragment: m.has('DONT-FRAGMENT') },
      this.env.timers.now(),
      this.config.policy,
    );
    if (!r.ok) return this.drop(r.reason, { from: addressText(from), detail: r.detail });
    this.relay(r.allocation.relayed.port, r.data, r.peer);
  }

  /** ChannelData from a client goes to the channel's peer (RFC 8656 §12.6). */
  private onClientChannelData(bytes: Uint8Array, from: TransportAddress, server: TransportAddress): void {
    this.stats.channelDataIn++;
    const cd = decodeChannelData(bytes);
    if (!cd.ok) return this.drop('malformed', { from: addressText(from), detail: `ChannelData ${cd.error.code}: ${cd.error.message}` });
    const r = routeChannelData(this.table, this.fiveTuple(from, server), cd.channel, this.env.timers.now());
    if (!r.ok) return this.drop(r.reason, { from: addressText(from), channel: formatChannelNumber(cd.channel), detail: r.detail });
    this.relay(r.allocation.relayed.port, cd.data, r.peer);
  }

  private relay(port: number, data: Uint8Array, peer: TransportAddress): void {
    if (!this.withinBandwidth(port, 'toPeer', data.length)) {
      return this.drop('bandwidth', { relayedPort: port, peer: addressText(peer), bytes: data.length });
    }
    if (this.relays.send(port, data, peer)) this.stats.relayedToPeers++;
    else this.drop('relay-closed', { relayedPort: port, peer: addressText(peer) });
  }

  /** A relay socket's send failed after the fact (e.g. EACCES for broadcast): not relayed after all. */
  private onRelayError(port: number, err: Error): void {
    if (this.stats.relayedToPeers > 0) this.stats.relayedToPeers--;
    this.drop('relay-failed', { relayedPort: port, detail: err.message });
  }

  /** Per-source request rate (TurnServerInit.sourceLimits): false, counted and traced, when over it. */
  private admit(from: TransportAddress): boolean {
    if (this.config.sourceLimits.admitRequest(from.address, this.env.timers.now())) return true;
    this.drop('rate-limited', { from: addressText(from) });
    return false;
  }

  /** Relayed bandwidth of the allocation on `port`, one direction (TurnServerInit.maxBandwidthBytesPerSecond). */
  private withinBandwidth(port: number, way: 'toPeer' | 'toClient', bytes: number): boolean {
    const rate = this.config.maxBandwidthBytesPerSecond;
    if (rate === undefined) return true;
    const now = this.env.timers.now();
    let b = this.bandwidth.get(port);
    if (!b) this.bandwidth.set(port, (b = { toPeer: new TokenBucket(rate, rate, now), toClient: new TokenBucket(rate, rate, now) }));
    return b[way].take(bytes, now);
  }

  /**
   * A peer's datagram on relayed port `port` (RFC 8656 §11.3, §12.7): with a permission, to the client as
   * ChannelData when a channel is bound to the peer (§12.5 MUST), else as a Data indication.
   */
  private onPeerDatagram(port: number, msg: Buffer, rinfo: RemoteInfo): void {
    this.catchUp();
    this.stats.peerDatagramsIn++;
    const peer = fromRemoteInfo(rinfo);
    const r = routeFromPeer(this.table, port, peer, this.env.timers.now());
    if (!r.ok) return this.drop(r.reason, { peer: addressText(peer), relayedPort: port, detail: r.detail });
    const { server } = r.allocation.fiveTuple;
    const client = this.clientOf(r.allocation.fiveTuple);
    if (!this.withinBandwidth(port, 'toClient', msg.length)) {
      return this.drop('bandwidth', { peer: addressText(peer), relayedPort: port, bytes: msg.length });
    }
    if (r.channel !== undefined) {
      // A channel above 0x4FFF was only bound under legacyChannelNumbers (RFC 5766 range): encode it as such.
      if (this.sendRelayed(encodeChannelData(r.channel, msg, { legacyRange: this.config.legacyChannelNumbers }), client, port, server)) this.stats.channelDataOut++;
      return;
    }
    if (msg.length > MAX_DATA_INDICATION_PAYLOAD) {
      return this.drop('malformed', { peer: addressText(peer), relayedPort: port, detail: `${msg.length} bytes do not fit a Data indication` });
    }
    if (this.sendRelayed(encodeServerMessage(dataIndication(this.env.random, peer, msg), undefined, this.config.fingerprint), client, port, server)) {
      this.stats.dataIndicationsOut++;
    }
  }

  /** Relayed data to a client; over a stream that is not reading (congested) it is dropped, not buffered. */
  private sendRelayed(bytes: Uint8Array, to: TransportAddress, port: number, via: TransportAddress): boolean {
    if (!isStreamClient(to)) return this.send(bytes, to, false, via);
    if (this.streams.send(bytes, to, true)) return true;
    this.drop('stream-congested', { client: addressText(to), transport: to.transport, relayedPort: port, bytes: bytes.length });
    return false;
  }

  /** The client side of a 5-tuple as send() takes it: a stream client carries its transport and server side. */
  private clientOf(t: TurnFiveTuple): TransportAddress {
    if (t.transport !== 'tcp' && t.transport !== 'tls') return t.client;
    const c: StreamClientAddress = { address: t.client.address, port: t.client.port, transport: t.transport, server: t.server };
    return c;
  }

  /**
   * A client's TCP/TLS connection closed: its 5-tuple can never send again, so its allocation is deleted at once
   * (as coturn does) instead of lingering until its lifetime runs out.
   */
  private onStreamClosed(from: StreamClientAddress): void {
    const fiveTuple = this.streams.fiveTuple(from);
    const a = this.table.find(fiveTuple, this.env.timers.now());
    if (!a) return;
    const r = this.table.refresh({ fiveTuple, username: a.username, lifetimeS: 0 }, this.env.timers.now());
    if (r.ok && r.deleted) this.allocationEnded(r.deleted);
    this.expiry.set(this.table.nextExpiry());
  }

  /** Runs overdue expiries before handling a datagram, so a freed relay port is closed before it is reused. */
  private catchUp(): void {
    if (this.expiry.dueBy(this.env.timers.now())) this.runExpiry();
  }

  private runExpiry(): void {
    for (const ev of this.table.expire(this.env.timers.now())) this.onExpiry(ev);
    this.expiry.set(this.table.nextExpiry());
  }

  private onExpiry(ev: TurnExpiry): void {
    if (ev.kind === 'allocation') return this.allocationEnded(ev);
    if (ev.kind === 'reservation') return this.trace('reservation-expired', { port: ev.port, at: ev.at });
    const client = addressText(ev.fiveTuple.client);
    if (ev.kind === 'permission') return this.trace('permission-expired', { client, peerIp: ev.peerIp, at: ev.at });
    const data = { client, channel: formatChannelNumber(ev.channel), peer: addressText(ev.peer), at: ev.at };
    this.trace(ev.kind === 'channel' ? 'channel-expired' : 'channel-hold-released', data);
  }

  /** An allocation ended (RFC 8656 §6 expiry or §8.2 deletion): its relay socket closes and its port is free. */
  private allocationEnded(ev: AllocationExpiry): void {
    this.relays.close(ev.relayed.port);
    this.bandwidth.delete(ev.relayed.port);
    if (ev.cause === 'expired') this.stats.allocationsExpired++;
    else this.stats.allocationsDeleted++;
    this.trace(ev.cause === 'expired' ? 'allocation-expired' : 'allocation-deleted', {
      client: addressText(ev.fiveTuple.client),
      username: ev.username ?? null,
      relayed: addressText(ev.relayed),
      at: ev.at,
    });
  }

  private fiveTuple(client: TransportAddress, server: TransportAddress = this.serverAddress): TurnFiveTuple {
    if (isStreamClient(client)) return this.streams.fiveTuple(client);
    return { client, server, transport: 'udp' };
  }

  /**
   * Sends to a client: down its TCP/TLS connection when it came on one (a stream is not an amplification vector:
   * the handshake proved the source address), else from UDP listen address `via` (default: the first of `to`'s
   * family).
   */
  private send(bytes: Uint8Array, to: TransportAddress, unauthenticated = false, via?: TransportAddress): boolean {
    if (isStreamClient(to)) return this.streams.send(bytes, to, false);
    if (!this.listeners.started) return false;
    if (unauthenticated) {
      if (!this.config.sourceLimits.chargeUnauthenticated(to.address, bytes.length, this.env.timers.now())) {
        this.drop('amplification-budget', { to: addressText(to), bytes: bytes.length });
        return false;
      }
      this.stats.unauthenticatedBytesOut += bytes.length;
    }
    return this.listeners.send(bytes, to, via);
  }

  private drop(reason: TurnServerDropReason, data: Record<string, unknown>): void {
    this.stats.dropped[reason] = (this.stats.dropped[reason] ?? 0) + 1;
    this.trace('dropped', { reason, ...data });
  }

  private trace(event: TurnServerEventName, data: Record<string, unknown>): void {
    this.env.emit(TURN_SERVER_AGENT, event, data);
  }
}

/**
 * The TCP host candidates of an ICE agent (RFC 6544): a passive endpoint (a listening socket that accepts the peer's
 * connections) and an active endpoint (opens one connection per remote passive candidate, from an ephemeral port)
 * per host address. Checks and data travel on the connections framed as RFC 4571 says (RFC 6544 §3); each packet
 * reaches the agent as an Arrival whose addresses carry `transport: 'tcp'`, so the ICE core tells the connection's
 * pair apart from a UDP pair on the same addresses. A simultaneous-open (so) endpoint (RFC 6544 §4.1) binds one
 * port, listens on it, and connects from that same port to each remote so candidate (SO_REUSEADDR, the stack's
 * `reuseAddress`): when both agents do so at once, the SYNs cross and TCP completes by simultaneous open (RFC 9293
 * §3.5), through NATs that allow it (RFC 5382 REQ-2); a connection the listener accepts instead carries the checks
 * just as well.
 */
import type { HostEnv } from '../../net/host-env';
import type { TcpServerLike, TcpSocketLike } from '../../net/tcp-socket.types';
import { TCP_ACTIVE_PORT, transportKey, type TcpType, type TransportAddress } from '../../protocols/ice';
import { encodeRfc4571, Rfc4571Decoder } from '../../protocols/stream';
import type { IceEventName } from './ice-events';
import type { LocalEndpoint, PacketSink } from './transports';

/** Most bytes queued on a connection that is still connecting; beyond, packets are dropped (as UDP would lose them). */
const MAX_PENDING_BYTES = 64 * 1024;

/** One TCP connection carrying RFC 4571 frames, with what it queued while connecting. */
class FramedConnection {
  private readonly decoder = new Rfc4571Decoder();
  private pending: Uint8Array[] | undefined = [];
  private pendingBytes = 0;
  closed = false;

  constructor(
    readonly socket: TcpSocketLike,
    /** The remote end (as the ICE core names it, transport 'tcp'). */
    readonly remote: TransportAddress,
    connected: boolean,
    private readonly deliver: (bytes: Uint8Array, local: TransportAddress) => void,
    private readonly ended: (why: string) => void,
  ) {
    if (connected) this.pending = undefined;
    socket.on('connect', () => this.flush());
    socket.on('data', (chunk) => {
      const err = this.decoder.push(chunk, (packet) => this.deliver(Uint8Array.from(packet), this.local()));
      if (err) {
        this.ended(`RFC 4571 framing: ${err.message}`);
        socket.destroy();
      }
    });
    socket.on('error', (e) => this.ended(e.code ?? e.message));
    socket.on('close', () => {
      this.closed = true;
      this.ended('closed');
    });
  }

  /** Our end of the connection. */
  local(): TransportAddress {
    return { address: this.socket.localAddress ?? '', port: this.socket.localPort ?? 0, transport: 'tcp' };
  }

  /** Writes one framed packet, or queues it until the connection is up. */
  send(packet: Uint8Array): void {
    if (this.closed) return;
    const frame = encodeRfc4571(packet);
    if (this.pending) {
      if (this.pendingBytes + frame.byteLength > MAX_PENDING_BYTES) return;
      this.pending.push(frame);
      this.pendingBytes += frame.byteLength;
      return;
    }
    this.socket.write(frame);
  }

  private flush(): void {
    const queued = this.pending ?? [];
    this.pending = undefined;
    this.pendingBytes = 0;
    for (const f of queued) this.socket.write(f);
  }
}

/** A TCP host candidate's endpoint: the passive listener or the active connector on one address. */
export class TcpEndpoint implements LocalEndpoint {
  readonly kind = 'host' as const;
  /** key: transportKey of the remote end */
  private readonly conns = new Map<string, FramedConnection>();
  private server: TcpServerLike | undefined;
  private port: number;
  private closedFlag = false;

  /**
   * @param onReady called once the endpoint can be gathered (a passive one listens; an active one at once)
   */
  constructor(
    private readonly env: HostEnv,
    readonly ip: string,
    readonly tcpType: TcpType,
    port: number,
    private readonly sink: PacketSink,
    private readonly trace: (event: IceEventName, data: Record<string, unknown>) => void,
    onReady: (e: TcpEndpoint) => void,
  ) {
    this.port = tcpType === 'active' ? TCP_ACTIVE_PORT : port;
    if (tcpType === 'active') {
      env.timers.setTimeout(() => onReady(this), 0);
      return;
    }
    const server = (this.server = env.createTcpServer!());
    server.on('connection', (s) => this.accept(s));
    server.on('error', (e) => this.trace('gathering-failed', { server: `tcp:${ip}`, reason: `TCP listen: ${e.code ?? e.message}` }));
    server.listen(port, ip, () => {
      this.port = server.address()?.port ?? port;
      if (!this.closedFlag) onReady(this);
    });
  }

  /** The candidate's transport address (an active one's port is 9, RFC 6544 §4.5). */
  get address(): TransportAddress {
    return { address: this.ip, port: this.port, transport: 'tcp' };
  }

  /**
   * True when `local` names this endpoint: a passive or so one by IP and port, an active one by IP and port 9 or
   * the ephemeral port of one of its connections.
   */
  owns(local: TransportAddress): boolean {
    if (this.closedFlag || local.transport !== 'tcp' || local.address !== this.ip) return false;
    if (local.port === this.port) return true;
    // An active endpoint's connections leave from ephemeral ports; an so or passive port belongs to its own endpoint.
    if (this.tcpType !== 'active') return false;
    for (const c of this.conns.values()) if (c.local().port === local.port) return true;
    return false;
  }

  /** Sends one packet to `to` on its connection; an active endpoint opens the connection on first use. */
  send(to: TransportAddress, bytes: Uint8Array): void {
    if (this.closedFlag) return;
    const remote: TransportAddress = { address: to.address, port: to.port, transport: 'tcp' };
    const key = transportKey(remote);
    let conn = this.conns.get(key);
    if (!conn || conn.closed) {
      if (this.tcpType === 'passive') {
        this.trace('ignored', { reason: 'no TCP connection from this peer on the passive candidate', from: key });
        return;
      }
      conn = this.open(remote, key);
    }
    conn.send(bytes);
  }

  /** Closes the listener and every connection. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.server?.close();
    for (const c of this.conns.values()) c.socket.destroy();
    this.conns.clear();
  }

  private open(remote: TransportAddress, key: string): FramedConnection {
    // An so endpoint connects from its own (listening) port, so the peer's SYN and ours can cross (RFC 6544 §4.1).
    const socket = this.env.connectTcp!(this.tcpType === 'so'
      ? { host: remote.address, port: remote.port, localAddress: this.ip, localPort: this.port, reuseAddress: true }
      : { host: remote.address, port: remote.port, localAddress: this.ip });
    const conn = this.track(socket, remote, key, false);
    this.trace('tcp-connect', { local: `tcp:${this.ip}`, remote: key });
    return conn;
  }

  private accept(socket: TcpSocketLike): void {
    if (this.closedFlag) {
      socket.destroy();
      return;
    }
    const remote: TransportAddress = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, transport: 'tcp' };
    const key = transportKey(remote);
    this.conns.get(key)?.socket.destroy();
    this.track(socket, remote, key, true);
    this.trace('tcp-accepted', { local: transportKey(this.address), remote: key });
  }

  private track(socket: TcpSocketLike, remote: TransportAddress, key: string, connected: boolean): FramedConnection {
    const conn: FramedConnection = new FramedConnection(
      socket,
      remote,
      connected,
      (bytes, local) => this.sink(bytes, { local, source: remote, viaRelay: false }),
      (why) => {
        if (this.conns.get(key) === conn) this.conns.delete(key);
        if (why !== 'closed') this.trace('tcp-closed', { remote: key, reason: why });
      },
    );
    this.conns.set(key, conn);
    return conn;
  }
}

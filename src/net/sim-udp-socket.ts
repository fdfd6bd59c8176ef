/**
 * A simulated UDP socket with the dgram.Socket shape (UdpSocketLike). bind() takes effect at once, but its
 * callback and 'listening' fire later in the same virtual instant, as in Node; errors are emitted as 'error'
 * events with Node's error codes (EADDRINUSE, EADDRNOTAVAIL, ERR_SOCKET_DGRAM_NOT_RUNNING). send() reports the
 * errors Linux returns from sendmsg (EMSGSIZE, ENETUNREACH, EACCES) to its callback only, as Node does.
 */
import { EventEmitter } from 'events';
import type { Datagram } from './datagram';
import { isPort } from './endpoint';
import type { Host } from './host';
import type { Iface } from './iface';
import { ANY_IPV4, Ipv4, formatIpv4, tryParseIpv4 } from './ipv4';
import { SocketErrnoError, SocketError } from './socket-errors';
import type { RemoteInfo, SocketAddress, UdpSocketLike } from './udp-socket.types';

export { SocketError } from './socket-errors';

/** Largest UDP payload in one IPv4 datagram: 65535 - 20 (IPv4) - 8 (UDP); Linux refuses more with EMSGSIZE. */
export const MAX_UDP_IPV4_PAYLOAD = 65_507;

/** The errors sendmsg can return for a UDP datagram here. */
export type SendErrno = 'EMSGSIZE' | 'EACCES' | 'ENETUNREACH';

/** A UDP socket on a simulated Host. */
export class SimUdpSocket extends EventEmitter implements UdpSocketLike {
  /** Bound address (0 = any) and port; port undefined until bound. */
  private boundIp: Ipv4 = ANY_IPV4;
  private boundPort: number | undefined;
  private closed = false;
  /** SO_BROADCAST (setBroadcast): without it a send to a broadcast address fails with EACCES. */
  private broadcast = false;
  /** IP_TTL for datagrams this socket sends (Node's setTTL); undefined = the host default, 64. */
  ttl: number | undefined;
  /** Sets DF on datagrams this socket sends (Linux IP_MTU_DISCOVER = IP_PMTUDISC_DO): they are never fragmented. */
  dontFragment = false;
  /** The connected peer (connect()), which ICMP errors are reported for; undefined when not connected. */
  private peer: { ip: Ipv4; port: number } | undefined;
  /**
   * The last destination found not to be a broadcast address, and the host's interface list it was checked
   * against (a new list on every attach or detach), so a flow's datagrams skip the check (the hot path).
   */
  private unicastIp = -1;
  private unicastIfaces: readonly Iface[] | undefined;

  constructor(readonly host: Host) {
    super();
  }

  /** True once bound and not closed. */
  get isBound(): boolean {
    return this.boundPort !== undefined && !this.closed;
  }

  /** Bound local address (0 = any interface). */
  get localIp(): Ipv4 {
    return this.boundIp;
  }

  /** Bound local port (undefined before bind). */
  get localPort(): number | undefined {
    return this.boundPort;
  }

  bind(port?: number, address?: string, callback?: () => void): this {
    if (this.closed) throw new SocketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'socket is closed');
    if (this.boundPort !== undefined) throw new SocketError('ERR_SOCKET_ALREADY_BOUND', 'socket is already bound');
    const ip = address === undefined || address === '0.0.0.0' ? ANY_IPV4 : tryParseIpv4(address);
    const later = (fn: () => void): void => void this.host.sim.scheduler.schedule(0, fn);
    if (port !== undefined && !isPort(port)) {
      throw new SocketError('ERR_SOCKET_BAD_PORT', `port must be an integer 0-65535, got ${port}`);
    }
    if (ip === undefined || (ip !== ANY_IPV4 && !this.host.ownsAddress(ip))) {
      later(() => this.emit('error', new SocketError('EADDRNOTAVAIL', `${address} is not an address of ${this.host.name}`)));
      return this;
    }
    const bound = this.host.bindSocket(this, ip, port ?? 0);
    if (bound === undefined) {
      later(() => this.emit('error', new SocketError('EADDRINUSE', `${address ?? '0.0.0.0'}:${port} is in use on ${this.host.name}`)));
      return this;
    }
    this.boundIp = ip;
    this.boundPort = bound;
    later(() => {
      if (callback) callback();
      this.emit('listening');
    });
    return this;
  }

  send(msg: Uint8Array, port: number, address: string, callback?: (err: Error | null, bytes: number) => void): void {
    if (this.closed) throw new SocketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'socket is closed');
    const ip = this.host.addresses.parse(address);
    if (ip === undefined || !isPort(port) || port === 0) {
      const err = new SocketError('EINVAL', `bad destination ${address}:${port}`);
      this.host.sim.scheduler.schedule(0, () => (callback ? callback(err, 0) : this.emit('error', err)));
      return;
    }
    const err = this.sendTo(msg, ip, port);
    // Node: a failed sendmsg goes to the callback only; without a callback it is silently dropped (lib/dgram.js).
    if (callback) {
      const result = err ? new SocketErrnoError(err, 'send', { address, port }) : null;
      this.host.sim.scheduler.schedule(0, () => callback(result, result ? 0 : msg.byteLength));
    }
  }

  /**
   * Fast path: send to a numeric address. Binds to an ephemeral port first if needed. Returns the error sendmsg
   * would return on Linux (nothing is sent then), or undefined once the datagram has left.
   */
  sendTo(msg: Uint8Array, ip: Ipv4, port: number): SendErrno | undefined {
    if (this.boundPort === undefined) {
      const p = this.host.bindSocket(this, ANY_IPV4, 0);
      if (p === undefined) throw new SocketError('EADDRINUSE', `no ephemeral port left on ${this.host.name}`);
      this.boundPort = p;
    }
    if (msg.byteLength > MAX_UDP_IPV4_PAYLOAD) return 'EMSGSIZE';
    const host = this.host;
    if (!this.broadcast && (ip !== this.unicastIp || host.ifaces !== this.unicastIfaces)) {
      if (host.isBroadcast(ip)) return 'EACCES';
      this.unicastIp = ip;
      this.unicastIfaces = host.ifaces;
    }
    return host.sendFrom(this, msg, ip, port);
  }

  /** SO_BROADCAST: allows sending to broadcast addresses (Node's setBroadcast). */
  setBroadcast(flag: boolean): void {
    this.broadcast = flag;
  }

  /**
   * Fixes the peer (Node's connect, after its checks): ICMP errors about datagrams to it are reported. Returns
   * ENETUNREACH when the host has no route to `ip`, as connect(2) on a UDP socket does on Linux.
   */
  connectTo(ip: Ipv4, port: number): 'ENETUNREACH' | undefined {
    if (!this.host.hasRoute(ip)) return 'ENETUNREACH';
    this.peer = { ip, port };
    return undefined;
  }

  /** Forgets the connected peer. */
  disconnectPeer(): void {
    this.peer = undefined;
  }

  address(): SocketAddress {
    if (this.boundPort === undefined || this.closed) throw new SocketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'socket is not bound');
    return { address: formatIpv4(this.boundIp), family: 'IPv4', port: this.boundPort };
  }

  close(callback?: () => void): this {
    if (this.closed) return this;
    this.closed = true;
    if (this.boundPort !== undefined) this.host.unbindSocket(this.boundIp, this.boundPort);
    this.host.sim.scheduler.schedule(0, () => {
      if (callback) callback();
      this.emit('close');
    });
    return this;
  }

  /**
   * Internal (ICMP): an ICMP error arrived about a datagram this socket sent to `dst:dstPort`. As on Linux without
   * IP_RECVERR, only a connected socket hears of it, and only about its peer: Node reads the pending socket error
   * (so_error) on its next recvmsg and emits it as an 'error' event (RFC 1122 §4.1.3.3: UDP passes ICMP errors up).
   */
  icmpError(code: 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH', dst: Ipv4, dstPort: number): boolean {
    const peer = this.peer;
    if (this.closed || !peer || peer.ip !== dst || peer.port !== dstPort) return false;
    const err = new SocketErrnoError(code, 'recvmsg');
    this.host.sim.scheduler.schedule(0, () => this.emit('error', err));
    return true;
  }

  /**
   * Internal: the host delivers a datagram addressed to this socket. Like Node, the program gets a Buffer of its
   * own and a fresh rinfo. The Buffer is the payload the sending host copied at send() (no second copy), unless
   * something else may still hold those bytes: at trace level 'full' listeners may keep the packet, and a payload
   * that is not a Buffer was not made by a sending host; then the program gets a copy.
   */
  deliver(pkt: Datagram): void {
    if (this.closed) return;
    const host = this.host;
    const payload = pkt.payload;
    const msg = !host.sim.trace.full && Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const rinfo: RemoteInfo = { address: host.addresses.format(pkt.src), family: 'IPv4', port: pkt.srcPort, size: payload.byteLength };
    this.emit('message', msg, rinfo);
  }
}

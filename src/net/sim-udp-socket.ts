/**
 * A simulated UDP socket with the dgram.Socket shape (UdpSocketLike). bind() takes effect at once, but its
 * callback and 'listening' fire later in the same virtual instant, as in Node; errors are emitted as 'error'
 * events with Node's error codes (EADDRINUSE, EADDRNOTAVAIL, ERR_SOCKET_DGRAM_NOT_RUNNING).
 */
import { EventEmitter } from 'events';
import type { Datagram } from './datagram';
import { isPort } from './endpoint';
import type { Host } from './host';
import { ANY_IPV4, Ipv4, formatIpv4, tryParseIpv4 } from './ipv4';
import type { RemoteInfo, SocketAddress, UdpSocketLike } from './udp-socket.types';

/** An Error carrying a Node-style `code`. */
export class SocketError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'SocketError';
  }
}

/** A UDP socket on a simulated Host. */
export class SimUdpSocket extends EventEmitter implements UdpSocketLike {
  /** Bound address (0 = any) and port; port undefined until bound. */
  private boundIp: Ipv4 = ANY_IPV4;
  private boundPort: number | undefined;
  private closed = false;

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
    this.sendTo(msg, ip, port);
    if (callback) this.host.sim.scheduler.schedule(0, () => callback(null, msg.byteLength));
  }

  /** Fast path: send to a numeric address. Binds to an ephemeral port first if needed. */
  sendTo(msg: Uint8Array, ip: Ipv4, port: number): void {
    if (this.boundPort === undefined) {
      const p = this.host.bindSocket(this, ANY_IPV4, 0);
      if (p === undefined) throw new SocketError('EADDRINUSE', `no ephemeral port left on ${this.host.name}`);
      this.boundPort = p;
    }
    this.host.sendFrom(this, msg, ip, port);
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

/**
 * A simulated UDP socket with the dgram.Socket shape (UdpSocketLike). bind() takes effect at once, but its
 * callback and 'listening' fire later in the same virtual instant, as in Node; errors are emitted as 'error'
 * events with Node's error codes (EADDRINUSE, EADDRNOTAVAIL, ERR_SOCKET_DGRAM_NOT_RUNNING). send() reports the
 * errors Linux returns from sendmsg (EMSGSIZE, ENETUNREACH, EACCES) to its callback only, as Node does.
 *
 * Families, as Node on Linux (checked against node:dgram): a `udp4` socket takes IPv4 only (an IPv6 address in
 * bind or send fails with EINVAL, `send EINVAL ::1:9`); a `udp6` socket takes IPv6 text and refuses a dotted quad
 * with EINVAL too. Unless `ipv6Only`, a udp6 socket is dual-stack (RFC 3493 §3.7): bound to `::` it also receives
 * IPv4 datagrams, their sender shown as the IPv4-mapped `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2) with family 'IPv6',
 * and a send to `::ffff:a.b.c.d` leaves as IPv4; with `ipv6Only` such a send fails with ENETUNREACH.
 */
import { Buffer } from 'buffer'; // the module's binding: the global `Buffer` is a getter in Node.js, called on every use
import { EventEmitter } from 'events';
import type { Datagram } from './datagram';
import { isPort } from './endpoint';
import type { Host } from './host';
import type { Iface } from './iface';
import { ANY_IPV4 } from './ipv4';
import { ANY_IPV6, IPV6_NUMBER_BASE, IpNumber, internIpv6, ipv6BytesOf } from './ip-number';
import { SocketErrnoError, SocketError } from './socket-errors';
import type { RemoteInfo, SocketAddress, UdpSocketLike } from './udp-socket.types';

export { SocketError } from './socket-errors';

/** Largest UDP payload in one IPv4 datagram: 65535 - 20 (IPv4) - 8 (UDP); Linux refuses more with EMSGSIZE. */
export const MAX_UDP_IPV4_PAYLOAD = 65_507;
/** Largest UDP payload in one IPv6 datagram without jumbograms: 65535 (Payload Length, RFC 8200 §3) - 8 (UDP). */
export const MAX_UDP_IPV6_PAYLOAD = 65_527;

/** A socket's type and options, as Node's createSocket takes them. */
export interface SimUdpSocketInit {
  /** `udp4` or `udp6`. @default 'udp4' */
  type?: 'udp4' | 'udp6';
  /** For udp6: IPV6_V6ONLY, no IPv4 traffic (Node's ipv6Only). @default false */
  ipv6Only?: boolean;
}

/** `::ffff:0:0/96` (RFC 4291 §2.5.5.2): the IPv4 address inside an IPv4-mapped IPv6 number, else undefined. */
export function unmapIpv4(ip: IpNumber): IpNumber | undefined {
  if (ip < IPV6_NUMBER_BASE) return undefined;
  const b = ipv6BytesOf(ip);
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return undefined;
  if (b[10] !== 0xff || b[11] !== 0xff) return undefined;
  return ((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) >>> 0;
}

/** The IPv4-mapped IPv6 number `::ffff:a.b.c.d` of an IPv4 address (RFC 4291 §2.5.5.2). */
export function mapIpv4(ip: IpNumber): IpNumber {
  return internIpv6(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255));
}

/** Node's EventEmitter.prototype.emit: deliver() may call a lone 'message' listener itself only while `emit` is this one. */
const NODE_EMIT = EventEmitter.prototype.emit;

/** The part of Node's EventEmitter internals deliver() reads: listeners by event name (one: the function itself). */
interface EmitterListeners {
  readonly _events: Record<string | symbol, unknown>;
}

/** The errors sendmsg can return for a UDP datagram here. */
export type SendErrno = 'EMSGSIZE' | 'EACCES' | 'ENETUNREACH';

/** A UDP socket on a simulated Host. */
export class SimUdpSocket extends EventEmitter implements UdpSocketLike {
  /** 4 for udp4, 6 for udp6. */
  readonly family: 4 | 6;
  /** IPV6_V6ONLY: a udp6 socket that neither sends nor receives IPv4. Always false for udp4. */
  readonly ipv6Only: boolean;
  /**
   * Bound address (ANY_IPV4 or ANY_IPV6 = any) and port; port undefined until bound. A dual-stack udp6 socket bound
   * to `::ffff:a.b.c.d` holds the IPv4 number here (it is an IPv4 binding, as on Linux).
   */
  private boundIp: IpNumber;
  private boundPort: number | undefined;
  private closed = false;
  /** SO_BROADCAST (setBroadcast): without it a send to a broadcast address fails with EACCES. */
  private broadcast = false;
  /** IP_TTL for datagrams this socket sends (Node's setTTL); undefined = the host default, 64. */
  ttl: number | undefined;
  /** Sets DF on datagrams this socket sends (Linux IP_MTU_DISCOVER = IP_PMTUDISC_DO): they are never fragmented. */
  dontFragment = false;
  /** The connected peer (connect()), which ICMP errors are reported for; undefined when not connected. */
  private peer: { ip: IpNumber; port: number } | undefined;
  /**
   * The last destination found not to be a broadcast address, and the host's interface list it was checked
   * against (a new list on every attach or detach), so a flow's datagrams skip the check (the hot path).
   */
  private unicastIp = -1;
  private unicastIfaces: readonly Iface[] | undefined;
  /** EventEmitter.captureRejections when the socket was made: then emit() must handle a listener's promise. */
  private readonly capturesRejections: boolean;

  constructor(readonly host: Host, init: SimUdpSocketInit = {}) {
    super();
    this.capturesRejections = EventEmitter.captureRejections;
    this.family = init.type === 'udp6' ? 6 : 4;
    this.ipv6Only = this.family === 6 && init.ipv6Only === true;
    this.boundIp = this.family === 6 ? ANY_IPV6 : ANY_IPV4;
  }

  /** True once bound and not closed. */
  get isBound(): boolean {
    return this.boundPort !== undefined && !this.closed;
  }

  /** Bound local address (ANY_IPV4 / ANY_IPV6 = any interface). */
  get localIp(): IpNumber {
    return this.boundIp;
  }

  /** Bound local port (undefined before bind). */
  get localPort(): number | undefined {
    return this.boundPort;
  }

  bind(port?: number, address?: string, callback?: () => void): this {
    if (this.closed) throw new SocketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'socket is closed');
    if (this.boundPort !== undefined) throw new SocketError('ERR_SOCKET_ALREADY_BOUND', 'socket is already bound');
    const any = this.family === 6 ? ANY_IPV6 : ANY_IPV4;
    const parsed = address === undefined ? any : this.host.addresses.parse(address);
    const later = (fn: () => void): void => void this.host.sim.scheduler.schedule(0, fn);
    if (port !== undefined && !isPort(port)) {
      throw new SocketError('ERR_SOCKET_BAD_PORT', `port must be an integer 0-65535, got ${port}`);
    }
    const mapped = parsed === undefined ? undefined : unmapIpv4(parsed);
    // Node on Linux: `bind EINVAL ::1` for a udp4 socket, `bind EINVAL 127.0.0.1` for a udp6 one; a v4-mapped
    // address on an IPV6_V6ONLY socket is EINVAL too (inet6_bind).
    if (parsed !== undefined && ((parsed >= IPV6_NUMBER_BASE) !== (this.family === 6) || (mapped !== undefined && this.ipv6Only))) {
      const err = new SocketErrnoError('EINVAL', 'bind', { address });
      later(() => this.emit('error', err));
      return this;
    }
    const ip = mapped ?? parsed;
    if (ip === undefined || (ip !== ANY_IPV4 && ip !== ANY_IPV6 && !this.host.ownsAddress(ip))) {
      later(() => this.emit('error', new SocketError('EADDRNOTAVAIL', `${address} is not an address of ${this.host.name}`)));
      return this;
    }
    const bound = this.host.bindSocket(this, ip, port ?? 0);
    if (bound === undefined) {
      later(() => this.emit('error', new SocketError('EADDRINUSE', `${address ?? (this.family === 6 ? '::' : '0.0.0.0')}:${port} is in use on ${this.host.name}`)));
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
    if (ip === undefined || !isPort(port) || port === 0) return this.badDestination(address, port, callback);
    const err = (this.family === 4 && ip < IPV6_NUMBER_BASE ? undefined : this.familyError(ip)) ?? this.sendTo(msg, this.unmapped(ip), port);
    // Node: a failed sendmsg goes to the callback only; without a callback it is silently dropped (lib/dgram.js).
    if (callback) this.sent(callback, err, address, port, msg.byteLength);
  }

  /** send() to an address or port that is not one: EINVAL, to the callback or as an 'error' event. */
  private badDestination(address: string, port: number, callback: ((err: Error | null, bytes: number) => void) | undefined): void {
    const err = new SocketError('EINVAL', `bad destination ${address}:${port}`);
    this.host.sim.scheduler.schedule(0, () => (callback ? callback(err, 0) : this.emit('error', err)));
  }

  /** send()'s callback, later in this instant: the error sendmsg gave, or the bytes sent. */
  private sent(callback: (err: Error | null, bytes: number) => void, err: SendErrno | 'EINVAL' | 'ENETUNREACH' | undefined,
    address: string, port: number, bytes: number): void {
    const result = err ? new SocketErrnoError(err, 'send', { address, port }) : null;
    this.host.sim.scheduler.schedule(0, () => callback(result, result ? 0 : bytes));
  }

  /**
   * Fast path: send to a numeric address. Binds to an ephemeral port first if needed. Returns the error sendmsg
   * would return on Linux (nothing is sent then), or undefined once the datagram has left.
   */
  sendTo(msg: Uint8Array, ip: IpNumber, port: number): SendErrno | undefined {
    if (this.boundPort === undefined) this.bindEphemeral();
    if (msg.byteLength > (ip < IPV6_NUMBER_BASE ? MAX_UDP_IPV4_PAYLOAD : MAX_UDP_IPV6_PAYLOAD)) return 'EMSGSIZE';
    if (!this.broadcast && (ip !== this.unicastIp || this.host.ifaces !== this.unicastIfaces) && this.refusedBroadcast(ip)) return 'EACCES';
    return this.host.sendFrom(this, msg, ip, port);
  }

  /** An unbound socket's first send binds it to an ephemeral port, as Node's does. */
  private bindEphemeral(): void {
    const p = this.host.bindSocket(this, this.boundIp, 0);
    if (p === undefined) throw new SocketError('EADDRINUSE', `no ephemeral port left on ${this.host.name}`);
    this.boundPort = p;
  }

  /** True when `ip` is a broadcast address (without SO_BROADCAST: EACCES); a unicast one is remembered as checked. */
  private refusedBroadcast(ip: IpNumber): boolean {
    const host = this.host;
    if (host.isBroadcast(ip)) return true;
    this.unicastIp = ip;
    this.unicastIfaces = host.ifaces;
    return false;
  }

  /**
   * The error Linux gives for a destination of the wrong family, or undefined when this socket may send there:
   * EINVAL for IPv6 from udp4 or a dotted quad from udp6 (Node's `send EINVAL ::1:9`), ENETUNREACH for
   * `::ffff:a.b.c.d` from an ipv6Only socket (udpv6_sendmsg), and EINVAL for an IPv4-mapped destination when the
   * socket is bound to an IPv6 address (or for a native IPv6 one when bound to a mapped IPv4 address).
   */
  familyError(ip: IpNumber): 'EINVAL' | 'ENETUNREACH' | undefined {
    const v6 = ip >= IPV6_NUMBER_BASE;
    if (this.family === 4) return v6 ? 'EINVAL' : undefined;
    if (!v6) return 'EINVAL';
    const mapped = unmapIpv4(ip) !== undefined;
    if (mapped && this.ipv6Only) return 'ENETUNREACH';
    const bound = this.boundIp;
    if (this.boundPort !== undefined && bound !== ANY_IPV6 && bound !== ANY_IPV4 && mapped !== bound < IPV6_NUMBER_BASE) return 'EINVAL';
    return undefined;
  }

  /** The destination as the packet core addresses it: `::ffff:a.b.c.d` becomes IPv4 on a dual-stack socket. */
  unmapped(ip: IpNumber): IpNumber {
    return this.family === 6 ? unmapIpv4(ip) ?? ip : ip;
  }

  /** SO_BROADCAST: allows sending to broadcast addresses (Node's setBroadcast). */
  setBroadcast(flag: boolean): void {
    this.broadcast = flag;
  }

  /**
   * Fixes the peer (Node's connect, after its checks): ICMP errors about datagrams to it are reported. Returns
   * ENETUNREACH when the host has no route to `ip`, as connect(2) on a UDP socket does on Linux.
   */
  connectTo(ip: IpNumber, port: number): 'ENETUNREACH' | undefined {
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
    return { address: this.formatPeer(this.boundIp), family: this.family === 6 ? 'IPv6' : 'IPv4', port: this.boundPort };
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
  icmpError(code: 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH', dst: IpNumber, dstPort: number): boolean {
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
    const payload = pkt.payload;
    const msg = payload instanceof Buffer && !this.host.sim.trace.full ? payload : Buffer.from(payload);
    const rinfo: RemoteInfo = this.family === 4
      ? { address: this.host.addresses.format(pkt.src), family: 'IPv4', port: pkt.srcPort, size: payload.byteLength }
      : this.rinfo6(pkt);
    // A lone listener, and emit() as Node made it (no spy or override on the socket, no rejection capture): call it
    // as emit() would, with the socket as `this`, skipping emit's own work (about 120 instructions a delivery).
    const listener = (this as unknown as EmitterListeners)._events.message;
    if (typeof listener === 'function' && this.emit === NODE_EMIT && !this.capturesRejections) listener.call(this, msg, rinfo);
    else this.emit('message', msg, rinfo);
  }

  /** A udp6 socket's rinfo: IPv4 senders as `::ffff:a.b.c.d`. */
  private rinfo6(pkt: Datagram): RemoteInfo {
    return { address: this.formatPeer(pkt.src), family: 'IPv6', port: pkt.srcPort, size: pkt.payload.byteLength };
  }

  /** An address as this socket's programs see it: on udp6, IPv4 as `::ffff:a.b.c.d` (and `::` for any). */
  formatPeer(ip: IpNumber): string {
    if (this.family === 4 || ip >= IPV6_NUMBER_BASE) return this.host.addresses.format(ip);
    return this.host.addresses.format(ip === ANY_IPV4 ? ANY_IPV6 : mapIpv4(ip));
  }
}

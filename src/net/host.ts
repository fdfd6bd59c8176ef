/**
 * A host: interfaces, a default route, UDP sockets, and sleep/wake. It does not forward packets. Programs on it
 * get a HostEnv (host.env(name)) with sockets, sleep-aware timers and their own random stream.
 */
import { NumberMap } from './number-map';
import { copyPayload } from './payload-copy';
import type { Route } from './route-table';
import { Nat64Prefix } from './nat64-prefix';
import type { Rng } from '../sim/rng';
import type { Sim } from '../sim/sim';
import { AddressBook } from './address-book';
import { Datagram, DEFAULT_TTL, UDP_IPV4_OVERHEAD } from './datagram';
import { endpointKey } from './endpoint';
import type { HostEnv } from './host-env';
import { HostTimers } from './host-timers';
import type { Iface } from './iface';
import { ANY_IPV4 } from './ipv4';
import { ANY_IPV6, IPV6_NUMBER_BASE, IpNumber, LOOPBACK_IPV6 } from './ip-number';
import { NetNode, NODE_TRACE_KINDS } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';
import { ICMP_TYPE, IcmpDatagram, TIME_EXCEEDED_CODE, UNREACHABLE_CODE, icmpSocketError, isIcmp, sendIcmpError } from './icmp';
import { isFragment } from './ipv4-fragments';
import { Reassembly } from './reassembly';
import { SendErrno, SimUdpSocket, SimUdpSocketInit } from './sim-udp-socket';
import type { TcpConnectOptions } from './tcp-socket.types';
import { SimTcpServer } from './tcp/sim-tcp-server';
import { SimTcpSocket } from './tcp/sim-tcp-socket';
import { TcpStack, refuseSegment } from './tcp/tcp-stack';

/** Ephemeral port range (IANA dynamic ports, RFC 6335 §6). */
export const EPHEMERAL_PORTS: readonly [number, number] = [49152, 65535];

/** Trace kinds a host records under its name: a node's, 'sent' by its sockets, 'delivered' to them; its agents' events are 'agent'. */
export const HOST_TRACE_KINDS = [...NODE_TRACE_KINDS, 'delivered'] as const;
/** One of HOST_TRACE_KINDS. */
export type HostTraceKind = (typeof HOST_TRACE_KINDS)[number];

/** A simulated end host. */
export class Host extends NetNode {
  /** Bound sockets. key: endpointKey(bound IP or 0 for any, port). Created at the first bind (most hosts of a big world never bind). */
  private sockets: NumberMap<SimUdpSocket> | undefined;
  /**
   * The endpoint key (endpointKey) a datagram was last delivered to (-1: none) and the socket that took it:
   * socketAt's one-entry cache, cleared by every bind and unbind.
   */
  private lastSocketKey = -1;
  private lastSocket: SimUdpSocket | undefined = undefined;
  /** Random stream for ephemeral ports, forked at the first ephemeral bind. */
  private portRng: Rng | undefined;
  private asleep = false;
  /** Timers handed to programs; held while asleep. */
  readonly timers: HostTimers;
  /** IPv4 reassembly buffer (RFC 791 §3.2), made at the first fragment (most hosts never see one: memory per host). */
  private reassembly: Reassembly | undefined;
  /** The TCP table (src/net/tcp), made at the first TCP use (most hosts of a big world never use TCP). */
  private tcpStack: TcpStack | undefined;
  /**
   * The NAT64 prefix this host knows (RFC 6052), canonical text, as RFC 7050 discovery (or RFC 8781's PREF64 router
   * option) would have told it; natsim does not model DNS, so it is configured (HostInit.nat64Prefix,
   * setNat64Prefix). Agents read it from HostEnv.nat64Prefix to synthesise IPv6 addresses for IPv4 peers.
   */
  private nat64PrefixText: string | undefined;

  /**
   * @param addresses the world's address book (address text caches); World passes its own
   */
  constructor(sim: Sim, name: string, readonly addresses: AddressBook = new AddressBook()) {
    super(sim, name);
    this.timers = new HostTimers(sim.timers);
  }

  /** The NAT64 prefix this host was configured with (canonical), or undefined. See setNat64Prefix. */
  get nat64Prefix(): string | undefined {
    return this.nat64PrefixText;
  }

  /** Configures (or with undefined forgets) the NAT64 prefix; throws AddressError unless RFC 6052 §2.2 allows it. */
  setNat64Prefix(prefix: string | undefined): void {
    this.nat64PrefixText = prefix === undefined ? undefined : Nat64Prefix.parse(prefix).toString();
  }

  /** The reassembly buffer, made on first use. */
  private reassembler(): Reassembly {
    this.reassembly ??= new Reassembly(this.sim, {
      complete: (pkt) => this.deliverLocal(pkt),
      timedOut: (last, first) => {
        this.drop(last, 'reassembly-timeout');
        if (first) sendIcmpError(this, first, ICMP_TYPE.timeExceeded, TIME_EXCEEDED_CODE.reassembly);
      },
    });
    return this.reassembly;
  }

  /** True while asleep: nothing is sent or received and program timers are held. */
  get sleeping(): boolean {
    return this.asleep;
  }

  /** Puts the host to sleep. */
  sleep(): void {
    this.asleep = true;
    this.timers.sleep();
  }

  /** Wakes the host; held timers run now. */
  wake(): void {
    this.asleep = false;
    this.timers.wake();
  }

  /** A new unbound UDP socket: `udp4` (the default), or `udp6` (dual-stack unless `ipv6Only`), as Node's dgram. */
  createSocket(type: SimUdpSocketInit['type'] | SimUdpSocketInit = 'udp4'): SimUdpSocket {
    return new SimUdpSocket(this, typeof type === 'string' ? { type } : type);
  }

  /** Every interface address of both families, as text, in interface order (each interface's primary first). */
  localAddressTexts(): string[] {
    return this.ifaces.flatMap((i) => i.addresses.map((a) => this.addresses.format(a)));
  }

  /** The host's TCP table, made on first use. */
  tcp(): TcpStack {
    return (this.tcpStack ??= new TcpStack(this));
  }

  /** A new TCP listener (Node's net.createServer). */
  createTcpServer(): SimTcpServer {
    return new SimTcpServer(this);
  }

  /** A new TCP connection (Node's net.connect); it completes later ('connect') or fails ('error'). */
  connectTcp(options: TcpConnectOptions): SimTcpSocket {
    return new SimTcpSocket(this).connect(options);
  }

  /** The environment a program named `program` sees on this host (its own random stream). */
  env(program: string): HostEnv {
    const random = this.sim.rng.fork(`host:${this.name}:${program}`);
    const nat64Prefix = (): string | undefined => this.nat64Prefix;
    return {
      name: this.name,
      get nat64Prefix() {
        return nat64Prefix();
      },
      timers: this.timers,
      random,
      createSocket: (type) => this.createSocket(type),
      createTcpServer: () => this.createTcpServer(),
      connectTcp: (options) => this.connectTcp(options),
      localAddresses: () => this.localAddressTexts(),
      emit: (agent, event, data) => {
        const trace = this.sim.trace;
        if (trace.on) trace.record({ kind: 'agent', t: this.sim.now, node: this.name, agent, event, ...(data ? { data } : {}) });
      },
    };
  }

  /**
   * Internal (SimUdpSocket): claims ip:port (`ip` of either family; ANY_IPV6 for a udp6 socket on every address);
   * port 0 picks an ephemeral port. Returns the port or undefined if taken.
   */
  bindSocket(socket: SimUdpSocket, ip: IpNumber, port: number): number | undefined {
    const p = port === 0 ? this.ephemeralPort(ip, socket.ipv6Only) : port;
    if (p === undefined || !this.portFree(ip, p, socket.ipv6Only)) return undefined;
    (this.sockets ??= new NumberMap()).set(endpointKey(ip, p), socket);
    this.lastSocketKey = -1; // a new specific binding may take over from a wildcard one
    return p;
  }

  /** Internal (SimUdpSocket): releases ip:port. */
  unbindSocket(ip: IpNumber, port: number): void {
    this.sockets?.delete(endpointKey(ip, port));
    this.lastSocketKey = -1;
    this.lastSocket = undefined;
  }

  /**
   * True when `ip` is the limited broadcast address or the directed broadcast address of an attached IPv4 network.
   * IPv6 has no broadcast (RFC 4291 §2), so never for an IPv6 address.
   */
  isBroadcast(ip: IpNumber): boolean {
    if (ip === 0xffffffff) return true;
    if (ip >= IPV6_NUMBER_BASE) return false;
    // Asked at every send to a new destination (a server answering many clients): each network keeps its broadcast
    // address as a number, so this reads an interface and its network, not the network's prefix object too.
    const ifaces = this.ifaces;
    for (let k = 0; k < ifaces.length; k++) {
      const i = ifaces[k];
      if (i.ip4 !== undefined && i.segment.broadcast4 === ip) return true;
    }
    return false;
  }

  /** True when a datagram to `ip` would leave (own address, loopback, or a route). */
  hasRoute(ip: IpNumber): boolean {
    return this.ownsAddress(ip) || isLoopback(ip) || this.routes.lookup(ip) !== undefined;
  }

  /**
   * Internal (SimUdpSocket): sends a datagram from a bound socket. Returns ENETUNREACH when there is no route
   * (the datagram is traced as sent and dropped 'no-route'), as Linux's sendmsg does. The payload is copied here,
   * once: the packet carries the bytes as they were at send(), whatever the program does with its buffer
   * afterwards, and the copy is what the receiving socket is handed (see SimUdpSocket.deliver).
   */
  sendFrom(socket: SimUdpSocket, payload: Uint8Array, dst: IpNumber, dstPort: number): SendErrno | undefined {
    // The hot path of every send: rare cases are helpers, so V8 can inline this (docs/performance.md).
    const route = this.routes.lookup(dst);
    const loop = this.ownsAddress(dst) || isLoopback(dst);
    const bound = socket.localIp;
    const src = bound !== ANY_IPV4 && bound !== ANY_IPV6 ? bound : loop ? dst : this.sourceAddress(dst, route);
    if (socket.dontFragment && this.tooBigToSend(payload, dst, route, loop)) return 'EMSGSIZE';
    const pkt = new Datagram(this.sim.packetId(), src, socket.localPort!, dst, dstPort, socket.ttl ?? DEFAULT_TTL, copyPayload(payload), socket.dontFragment);
    if (this.sim.trace.full) this.traceSent(pkt);
    if (this.asleep || loop || !route) return this.sendUnrouted(pkt, loop);
    route.iface.transmit(pkt, route.via ?? dst);
    return undefined;
  }

  /** The source address of a datagram from an unbound (any-address) socket: the outgoing interface's, by family. */
  private sourceAddress(dst: IpNumber, route: Route | undefined): IpNumber {
    return route?.iface.sourceFor(dst) ?? (dst < IPV6_NUMBER_BASE ? ANY_IPV4 : ANY_IPV6);
  }

  /** Linux: with DF (IP_PMTUDISC_DO) a datagram above the outgoing link's MTU fails at once with EMSGSIZE. */
  private tooBigToSend(payload: Uint8Array, dst: IpNumber, route: Route | undefined, loop: boolean): boolean {
    return route !== undefined && !loop && payload.byteLength + udpOverhead(dst) > route.iface.channel.properties.mtu;
  }

  /** A packet (UDP or TCP) that does not simply leave: dropped on a sleeping host, looped back, or dropped for no route. */
  private sendUnrouted(pkt: Datagram, loop: boolean): SendErrno | undefined {
    if (this.asleep) return void this.drop(pkt, 'host-down', 'host is asleep');
    if (loop) {
      this.sim.scheduler.schedule(0, () => this.deliverLocal(pkt));
      return undefined;
    }
    this.drop(pkt, 'no-route');
    return 'ENETUNREACH';
  }

  private traceSent(pkt: Datagram): void {
    this.sim.trace.record({ kind: 'sent', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
  }

  /**
   * Internal (src/net/tcp): sends a TCP segment the stack built, as sendFrom does a UDP datagram: traced 'sent',
   * then looped back, routed, or dropped 'no-route' / 'host-down'.
   */
  sendSegment(pkt: Datagram): void {
    if (this.sim.trace.full) this.traceSent(pkt);
    const dst = pkt.dst;
    const loop = this.ownsAddress(dst) || isLoopback(dst);
    const route = this.asleep || loop ? undefined : this.routes.lookup(dst);
    if (!route) return void this.sendUnrouted(pkt, loop);
    route.iface.transmit(pkt, route.via ?? dst);
  }

  receive(pkt: Datagram, _iface: Iface): void {
    if (this.asleep) return this.drop(pkt, 'host-down', 'host is asleep');
    if (!this.ownsAddress(pkt.dst)) return this.drop(pkt, 'no-route', 'hosts do not forward');
    // Reassembly hook (RFC 791 §3.2).
    if (isFragment(pkt)) return this.reassembler().add(pkt);
    this.deliverLocal(pkt);
  }

  /**
   * The socket for a datagram to ip:port: bound to that address, else to any address of its family, else (IPv4)
   * a dual-stack udp6 socket on `::` (it sees the sender as `::ffff:a.b.c.d`, RFC 4291 §2.5.5.2).
   */
  private socketAt(ip: IpNumber, port: number): SimUdpSocket | undefined {
    const key = endpointKey(ip, port);
    // A flow's datagrams go to the same socket one after another: one compare instead of one or two lookups.
    if (key === this.lastSocketKey) return this.lastSocket;
    const sockets = this.sockets;
    if (!sockets) return undefined;
    const socket = sockets.get(key) ?? this.wildcardSocketAt(ip, port, sockets);
    if (socket !== undefined) {
      this.lastSocketKey = key;
      this.lastSocket = socket;
    }
    return socket;
  }

  /** socketAt's second choice: a socket bound to any address of the family, or a dual-stack one. */
  private wildcardSocketAt(ip: IpNumber, port: number, sockets: NumberMap<SimUdpSocket>): SimUdpSocket | undefined {
    const v6 = ip >= IPV6_NUMBER_BASE;
    const s = sockets.get(endpointKey(v6 ? ANY_IPV6 : ANY_IPV4, port));
    if (s !== undefined || v6) return s;
    const dual = sockets.get(endpointKey(ANY_IPV6, port));
    return dual && !dual.ipv6Only ? dual : undefined;
  }

  // The hot path of every delivery: rare cases are helpers, so V8 can inline this (docs/performance.md).
  private deliverLocal(pkt: Datagram): void {
    if (isIcmp(pkt)) return this.icmpReceived(pkt);
    if (pkt.tcp !== undefined) return this.tcpReceived(pkt);
    const sock = this.socketAt(pkt.dst, pkt.dstPort);
    if (!sock) return this.portUnreachable(pkt);
    if (this.sim.trace.full) this.traceDelivered(pkt);
    sock.deliver(pkt);
  }

  /** No socket for a datagram: dropped, and ICMP port unreachable goes back to the sender (RFC 1122 §4.1.3.1). */
  private portUnreachable(pkt: Datagram): void {
    this.drop(pkt, 'port-unreachable');
    sendIcmpError(this, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.port);
  }

  private traceDelivered(pkt: Datagram): void {
    this.sim.trace.record({ kind: 'delivered', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
  }

  /** A TCP segment for this host: to its connection or listener, else dropped and answered with RST (RFC 9293 §3.10.7.1). */
  private tcpReceived(pkt: Datagram): void {
    const target = this.tcpStack?.target(pkt);
    if (!target) {
      this.drop(pkt, 'port-unreachable', 'no TCP connection or listener');
      return refuseSegment(this, pkt);
    }
    if (this.sim.trace.full) this.traceDelivered(pkt);
    target.segment(pkt);
  }

  /** ICMP hook: an ICMP error is handed to the socket that sent the datagram it quotes (RFC 1122 §4.1.3.3). */
  private icmpReceived(pkt: IcmpDatagram): void {
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'delivered', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
    const { type, code, about } = pkt.icmp;
    // An ICMP error about a TCP segment goes to the TCP table (path MTU discovery), never to a UDP socket.
    if (about.proto === 6) return this.tcpStack?.icmpError(type, code, pkt.icmp.mtu, about);
    const err = icmpSocketError(type, code, pkt.src >= IPV6_NUMBER_BASE ? 6 : 4);
    if (err) this.socketAt(about.src, about.srcPort)?.icmpError(err, about.dst, about.dstPort);
  }

  /**
   * Whether `ip:port` can be bound, as on Linux: an IPv4 binding conflicts with 0.0.0.0, the same address, and a
   * dual-stack udp6 socket on `::`; a binding on `::` conflicts with every IPv6 binding of the port and, unless
   * `v6only` (IPV6_V6ONLY), every IPv4 one too; a specific IPv6 address conflicts with `::` and itself.
   */
  private portFree(ip: IpNumber, port: number, v6only: boolean): boolean {
    const sockets = this.sockets;
    if (!sockets) return true;
    if (ip < IPV6_NUMBER_BASE) {
      if (sockets.has(endpointKey(ANY_IPV4, port))) return false;
      const dual = sockets.get(endpointKey(ANY_IPV6, port));
      if (dual && !dual.ipv6Only) return false;
      if (ip === ANY_IPV4) return !this.boundOnAnyAddress(port, 4);
      return !sockets.has(endpointKey(ip, port));
    }
    if (sockets.has(endpointKey(ANY_IPV6, port))) return false;
    if (ip !== ANY_IPV6) return !sockets.has(endpointKey(ip, port));
    if (this.boundOnAnyAddress(port, 6)) return false;
    return v6only || !(sockets.has(endpointKey(ANY_IPV4, port)) || this.boundOnAnyAddress(port, 4));
  }

  /** True when a socket is bound to `port` on one of this host's addresses of `family`. */
  private boundOnAnyAddress(port: number, family: 4 | 6): boolean {
    const sockets = this.sockets!;
    for (const i of this.ifaces) {
      for (const a of i.addresses) if ((a >= IPV6_NUMBER_BASE ? 6 : 4) === family && sockets.has(endpointKey(a, port))) return true;
    }
    return false;
  }

  private ephemeralPort(ip: IpNumber, v6only: boolean): number | undefined {
    const [lo, hi] = EPHEMERAL_PORTS;
    for (let tries = 0; tries < 64; tries++) {
      const p = (this.portRng ??= this.sim.rng.fork(`host:${this.name}:ports`)).int(lo, hi);
      if (this.portFree(ip, p, v6only)) return p;
    }
    for (let p = lo; p <= hi; p++) if (this.portFree(ip, p, v6only)) return p;
    return undefined;
  }
}

/** Loopback: 127.0.0.0/8 (RFC 1122 §3.2.1.3) or ::1 (RFC 4291 §2.5.3). */
export function isLoopback(ip: IpNumber): boolean {
  return ip < IPV6_NUMBER_BASE ? ip >>> 24 === 127 : ip === LOOPBACK_IPV6;
}

/** IP + UDP header bytes for a datagram to `dst`: 28 for IPv4, 48 for IPv6 (RFC 8200 §3). */
function udpOverhead(dst: IpNumber): number {
  return dst < IPV6_NUMBER_BASE ? UDP_IPV4_OVERHEAD : 48;
}

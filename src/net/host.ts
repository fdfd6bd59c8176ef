/**
 * A host: interfaces, a default route, UDP sockets, and sleep/wake. It does not forward packets. Programs on it
 * get a HostEnv (host.env(name)) with sockets, sleep-aware timers and their own random stream.
 */
import type { Rng } from '../sim/rng';
import type { Sim } from '../sim/sim';
import { AddressBook } from './address-book';
import { Datagram, DEFAULT_TTL, UDP_IPV4_OVERHEAD } from './datagram';
import { endpointKey } from './endpoint';
import type { HostEnv } from './host-env';
import { HostTimers } from './host-timers';
import type { Iface } from './iface';
import { ANY_IPV4, Ipv4, formatIpv4 } from './ipv4';
import { NetNode, NODE_TRACE_KINDS } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';
import { ICMP_TYPE, IcmpDatagram, TIME_EXCEEDED_CODE, UNREACHABLE_CODE, icmpSocketError, isIcmp, sendIcmpError } from './icmp';
import { isFragment } from './ipv4-fragments';
import { Reassembly } from './reassembly';
import { SendErrno, SimUdpSocket } from './sim-udp-socket';
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
  private sockets: Map<number, SimUdpSocket> | undefined;
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
   * @param addresses the world's address book (address text caches); World passes its own
   */
  constructor(sim: Sim, name: string, readonly addresses: AddressBook = new AddressBook()) {
    super(sim, name);
    this.timers = new HostTimers(sim.timers);
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

  /** A new unbound UDP socket. */
  createSocket(): SimUdpSocket {
    return new SimUdpSocket(this);
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
    return {
      name: this.name,
      timers: this.timers,
      random,
      createSocket: () => this.createSocket(),
      createTcpServer: () => this.createTcpServer(),
      connectTcp: (options) => this.connectTcp(options),
      localAddresses: () => this.ifaces.map((i) => formatIpv4(i.ip)),
      emit: (agent, event, data) => {
        const trace = this.sim.trace;
        if (trace.on) trace.record({ kind: 'agent', t: this.sim.now, node: this.name, agent, event, ...(data ? { data } : {}) });
      },
    };
  }

  /** Internal (SimUdpSocket): claims ip:port; port 0 picks an ephemeral port. Returns the port or undefined if taken. */
  bindSocket(socket: SimUdpSocket, ip: Ipv4, port: number): number | undefined {
    const p = port === 0 ? this.ephemeralPort(ip) : port;
    if (p === undefined || !this.portFree(ip, p)) return undefined;
    (this.sockets ??= new Map()).set(endpointKey(ip, p), socket);
    return p;
  }

  /** Internal (SimUdpSocket): releases ip:port. */
  unbindSocket(ip: Ipv4, port: number): void {
    this.sockets?.delete(endpointKey(ip, port));
  }

  /** True when `ip` is the limited broadcast address or the directed broadcast address of an attached network. */
  isBroadcast(ip: Ipv4): boolean {
    if (ip === 0xffffffff) return true;
    for (const i of this.ifaces) if (i.prefix.bits < 31 && ip === (i.prefix.base | ~i.prefix.mask) >>> 0) return true;
    return false;
  }

  /** True when a datagram to `ip` would leave (own address, loopback, or a route). */
  hasRoute(ip: Ipv4): boolean {
    return this.ownsAddress(ip) || ip >>> 24 === 127 || this.routes.lookup(ip) !== undefined;
  }

  /**
   * Internal (SimUdpSocket): sends a datagram from a bound socket. Returns ENETUNREACH when there is no route
   * (the datagram is traced as sent and dropped 'no-route'), as Linux's sendmsg does. The payload is copied here,
   * once: the packet carries the bytes as they were at send(), whatever the program does with its buffer
   * afterwards, and the copy is what the receiving socket is handed (see SimUdpSocket.deliver).
   */
  sendFrom(socket: SimUdpSocket, payload: Uint8Array, dst: Ipv4, dstPort: number): SendErrno | undefined {
    const port = socket.localPort!;
    const route = this.routes.lookup(dst);
    const loop = this.ownsAddress(dst) || dst >>> 24 === 127;
    const src = socket.localIp !== ANY_IPV4 ? socket.localIp : loop ? dst : route?.iface.ip ?? ANY_IPV4;
    // Linux: with DF (IP_PMTUDISC_DO) a datagram above the outgoing link's MTU fails at once with EMSGSIZE.
    if (socket.dontFragment && route && !loop && payload.byteLength + UDP_IPV4_OVERHEAD > route.iface.channel.properties.mtu) return 'EMSGSIZE';
    const bytes = Buffer.allocUnsafe(payload.byteLength);
    bytes.set(payload);
    const pkt = new Datagram(this.sim.packetId(), src, port, dst, dstPort, socket.ttl ?? DEFAULT_TTL, bytes, socket.dontFragment);
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'sent', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
    if (this.asleep) return void this.drop(pkt, 'host-down', 'host is asleep');
    if (loop) {
      this.sim.scheduler.schedule(0, () => this.deliverLocal(pkt));
      return undefined;
    }
    if (!route) {
      this.drop(pkt, 'no-route');
      return 'ENETUNREACH';
    }
    route.iface.transmit(pkt, route.via ?? dst);
    return undefined;
  }

  /**
   * Internal (src/net/tcp): sends a TCP segment the stack built, as sendFrom does a UDP datagram: traced 'sent',
   * then looped back, routed, or dropped 'no-route' / 'host-down'.
   */
  sendSegment(pkt: Datagram): void {
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'sent', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
    if (this.asleep) return this.drop(pkt, 'host-down', 'host is asleep');
    const dst = pkt.dst;
    if (this.ownsAddress(dst) || (dst < 2 ** 32 && dst >>> 24 === 127)) {
      this.sim.scheduler.schedule(0, () => this.deliverLocal(pkt));
      return;
    }
    const route = this.routes.lookup(dst);
    if (!route) return this.drop(pkt, 'no-route');
    route.iface.transmit(pkt, route.via ?? dst);
  }

  receive(pkt: Datagram, _iface: Iface): void {
    if (this.asleep) return this.drop(pkt, 'host-down', 'host is asleep');
    if (!this.ownsAddress(pkt.dst)) return this.drop(pkt, 'no-route', 'hosts do not forward');
    // Reassembly hook (RFC 791 §3.2).
    if (isFragment(pkt)) return this.reassembler().add(pkt);
    this.deliverLocal(pkt);
  }

  private socketAt(ip: Ipv4, port: number): SimUdpSocket | undefined {
    const sockets = this.sockets;
    return sockets && (sockets.get(endpointKey(ip, port)) ?? sockets.get(endpointKey(ANY_IPV4, port)));
  }

  private deliverLocal(pkt: Datagram): void {
    if (isIcmp(pkt)) return this.icmpReceived(pkt);
    if (pkt.tcp !== undefined) return this.tcpReceived(pkt);
    const sock = this.socketAt(pkt.dst, pkt.dstPort);
    if (!sock) {
      this.drop(pkt, 'port-unreachable');
      // ICMP hook (RFC 1122 §4.1.3.1): port unreachable back to the sender.
      return sendIcmpError(this, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.port);
    }
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'delivered', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
    sock.deliver(pkt);
  }

  /** A TCP segment for this host: to its connection or listener, else dropped and answered with RST (RFC 9293 §3.10.7.1). */
  private tcpReceived(pkt: Datagram): void {
    const target = this.tcpStack?.target(pkt);
    if (!target) {
      this.drop(pkt, 'port-unreachable', 'no TCP connection or listener');
      return refuseSegment(this, pkt);
    }
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'delivered', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
    target.segment(pkt);
  }

  /** ICMP hook: an ICMP error is handed to the socket that sent the datagram it quotes (RFC 1122 §4.1.3.3). */
  private icmpReceived(pkt: IcmpDatagram): void {
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'delivered', t: this.sim.now, node: this.name, pkt } satisfies TraceEventOf<HostTraceKind>);
    const { type, code, about } = pkt.icmp;
    // An ICMP error about a TCP segment goes to the TCP table (path MTU discovery), never to a UDP socket.
    if (about.proto === 6) return this.tcpStack?.icmpError(type, code, pkt.icmp.mtu, about);
    const err = icmpSocketError(type, code);
    if (err) this.socketAt(about.src, about.srcPort)?.icmpError(err, about.dst, about.dstPort);
  }

  private portFree(ip: Ipv4, port: number): boolean {
    const sockets = this.sockets;
    if (!sockets) return true;
    if (sockets.has(endpointKey(ANY_IPV4, port))) return false;
    if (ip === ANY_IPV4) {
      for (const i of this.ifaces) if (sockets.has(endpointKey(i.ip, port))) return false;
      return true;
    }
    return !sockets.has(endpointKey(ip, port));
  }

  private ephemeralPort(ip: Ipv4): number | undefined {
    const [lo, hi] = EPHEMERAL_PORTS;
    for (let tries = 0; tries < 64; tries++) {
      const p = (this.portRng ??= this.sim.rng.fork(`host:${this.name}:ports`)).int(lo, hi);
      if (this.portFree(ip, p)) return p;
    }
    for (let p = lo; p <= hi; p++) if (this.portFree(ip, p)) return p;
    return undefined;
  }
}

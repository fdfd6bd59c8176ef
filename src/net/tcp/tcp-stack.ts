/**
 * A host's TCP table (docs/packet-core.md "Per-protocol tables"): listeners by endpointKey, connections by the
 * four-tuple as two nested endpointKey maps, and the local ports in use. Made at a host's first TCP use, so hosts
 * that never use TCP pay nothing. A segment that matches neither a connection nor a listener gets a RST (RFC 9293
 * §3.10.7.1).
 */
import type { Rng } from '../../sim/rng';
import { Datagram } from '../datagram';
import { endpointKey } from '../endpoint';
import type { Host } from '../host';
import { IpNumber, isIpv6Number } from '../ip-number';
import { IPPROTO_TCP, TCP_FLAG, TcpHeader } from '../tcp-header';
import { seqAdd } from './seq';
import { DEFAULT_MSS_IPV4, DEFAULT_MSS_IPV6, TCP_IPV4_OVERHEAD, TCP_IPV6_OVERHEAD } from './tcp-config';
import type { TcpConnection } from './tcp-connection';
import { TcpListener } from './tcp-listener';

/** Linux's loopback MTU (65536) minus 40: the MSS of a connection to the host itself. */
const LOOPBACK_MSS = 65_495;
/** Ephemeral TCP ports (IANA dynamic range, RFC 6335 §6), as for UDP. */
const EPHEMERAL: readonly [number, number] = [49152, 65535];

/** One use of a local port: a listener, or a connection's bind. */
export interface PortBinding {
  readonly ip: IpNumber;
  readonly port: number;
  readonly listener: boolean;
  /** SO_REUSEADDR/SO_REUSEPORT-like sharing: a connecting socket may share a port with a listener and with other sharing connections. */
  readonly reuse: boolean;
}

/** The TCP state of one host. */
export class TcpStack {
  /** key: endpointKey(bound IP or 0 for any, port). */
  private readonly listeners = new Map<number, TcpListener>();
  /** key: endpointKey(local IP, local port) -> endpointKey(remote IP, remote port). */
  private readonly conns = new Map<number, Map<number, TcpConnection>>();
  /** key: local port. Every listener and active connection holding it. */
  private readonly ports = new Map<number, PortBinding[]>();
  /** The bind each active connection holds, released when it is deleted. */
  private readonly connBindings = new Map<TcpConnection, PortBinding>();
  /** ISNs and ephemeral ports: the host's 'tcp' stream. */
  private readonly rng: Rng;

  constructor(readonly host: Host) {
    this.rng = host.sim.rng.fork(`host:${host.name}:tcp`);
  }

  /**
   * RFC 9293 §3.4.1 wants ISNs that are hard to guess (RFC 6528); the simulation draws them from the host's
   * seeded stream so runs repeat.
   */
  isn(): number {
    return this.rng.int(0, 0xffffffff);
  }

  /** The MSS to announce toward `remote`: the outgoing interface's MTU minus the IP and TCP headers (RFC 9293 §3.7.1). */
  mssFor(remote: IpNumber): number {
    const host = this.host;
    if (host.ownsAddress(remote) || (remote < 2 ** 32 && remote >>> 24 === 127)) return LOOPBACK_MSS;
    const route = host.routes.lookup(remote);
    const overhead = isIpv6Number(remote) ? TCP_IPV6_OVERHEAD : TCP_IPV4_OVERHEAD;
    return route ? route.iface.channel.properties.mtu - overhead : this.defaultMss(remote);
  }

  /** The MSS assumed for a peer that sent no MSS option (RFC 9293 §3.7.1). */
  defaultMss(remote: IpNumber): number {
    return isIpv6Number(remote) ? DEFAULT_MSS_IPV6 : DEFAULT_MSS_IPV4;
  }

  // ---- ports -------------------------------------------------------------------------------------------------

  /** Claims ip:port (0 = an ephemeral port); undefined when it conflicts with a use already there (EADDRINUSE). */
  bind(ip: IpNumber, port: number, listener: boolean, reuse: boolean): PortBinding | undefined {
    if (port === 0) return this.bindEphemeral(ip, listener, reuse);
    const want: PortBinding = { ip, port, listener, reuse: reuse || listener };
    const uses = this.ports.get(port);
    if (uses?.some((u) => conflicts(want, u))) return undefined;
    if (uses) uses.push(want);
    else this.ports.set(port, [want]);
    return want;
  }

  private bindEphemeral(ip: IpNumber, listener: boolean, reuse: boolean): PortBinding | undefined {
    const [lo, hi] = EPHEMERAL;
    for (let tries = 0; tries < 64; tries++) {
      const p = this.rng.int(lo, hi);
      if (!this.ports.has(p)) return this.bind(ip, p, listener, reuse);
    }
    for (let p = lo; p <= hi; p++) if (!this.ports.has(p)) return this.bind(ip, p, listener, reuse);
    return undefined;
  }

  /** Releases a bind. */
  unbind(b: PortBinding): void {
    const uses = this.ports.get(b.port);
    if (!uses) return;
    const i = uses.indexOf(b);
    if (i >= 0) uses.splice(i, 1);
    if (uses.length === 0) this.ports.delete(b.port);
  }

  // ---- listeners and connections -----------------------------------------------------------------------------

  /** Starts a listener on a bind made with listener = true. */
  listen(b: PortBinding, accept: (conn: TcpConnection) => void): TcpListener {
    const l = new TcpListener(this, b.ip, b.port, accept);
    this.listeners.set(endpointKey(b.ip, b.port), l);
    return l;
  }

  /** Stops a listener and releases its bind. */
  unlisten(l: TcpListener, b: PortBinding): void {
    const key = endpointKey(l.ip, l.port);
    if (this.listeners.get(key) === l) this.listeners.delete(key);
    this.unbind(b);
  }

  /** The connection with this four-tuple, if any. */
  connection(localIp: IpNumber, localPort: number, remoteIp: IpNumber, remotePort: number): TcpConnection | undefined {
    return this.conns.get(endpointKey(localIp, localPort))?.get(endpointKey(remoteIp, remotePort));
  }

  /** Adds a TCB to the four-tuple table (with the bind it holds, for an active open). */
  register(conn: TcpConnection, binding?: PortBinding): void {
    const lk = endpointKey(conn.localIp, conn.localPort);
    let byRemote = this.conns.get(lk);
    if (!byRemote) this.conns.set(lk, (byRemote = new Map()));
    byRemote.set(endpointKey(conn.remoteIp, conn.remotePort), conn);
    if (binding) this.connBindings.set(conn, binding);
  }

  /** Deletes a TCB (CLOSED) and releases its bind. */
  remove(conn: TcpConnection): void {
    const lk = endpointKey(conn.localIp, conn.localPort);
    const byRemote = this.conns.get(lk);
    if (byRemote?.get(endpointKey(conn.remoteIp, conn.remotePort)) === conn) {
      byRemote.delete(endpointKey(conn.remoteIp, conn.remotePort));
      if (byRemote.size === 0) this.conns.delete(lk);
    }
    const b = this.connBindings.get(conn);
    if (b) {
      this.connBindings.delete(conn);
      this.unbind(b);
    }
  }

  /** Number of TCBs (any state but CLOSED), for tests. */
  get connectionCount(): number {
    let n = 0;
    for (const m of this.conns.values()) n += m.size;
    return n;
  }

  // ---- segments ----------------------------------------------------------------------------------------------

  /** Where a segment addressed to this host goes: its connection, else its listener; undefined = none (RST). */
  target(pkt: Datagram): { segment(pkt: Datagram): void } | undefined {
    return (
      this.connection(pkt.dst, pkt.dstPort, pkt.src, pkt.srcPort) ??
      this.listeners.get(endpointKey(pkt.dst, pkt.dstPort)) ??
      this.listeners.get(endpointKey(0, pkt.dstPort))
    );
  }

  /** Answers `pkt` with a RST (RFC 9293 §3.10.7.1). */
  refuse(pkt: Datagram): void {
    refuseSegment(this.host, pkt);
  }

  /**
   * An ICMP error about a segment this host sent. Only "fragmentation needed" (type 3 code 4) acts: RFC 1191 §6.1
   * path MTU discovery lowers the connection's MSS and resends. Other errors are soft for TCP (RFC 5927 §4.1;
   * RFC 1122 §4.2.3.9) and are ignored here.
   */
  icmpError(type: number, code: number, mtu: number | undefined, about: Datagram): void {
    if (type !== 3 || code !== 4 || mtu === undefined) return;
    this.connection(about.src, about.srcPort, about.dst, about.dstPort)?.pathMtu(mtu);
  }

  /** Sends a segment of `conn`. */
  send(conn: TcpConnection, header: TcpHeader, data: Uint8Array | undefined): void {
    sendSegment(this.host, conn.localIp, conn.localPort, conn.remoteIp, conn.remotePort, header, data);
  }
}

/** Two uses of one port clash unless both share (reuse) and they are not two listeners on overlapping addresses. */
function conflicts(a: PortBinding, b: PortBinding): boolean {
  const overlap = a.ip === 0 || b.ip === 0 || a.ip === b.ip;
  if (!overlap) return false;
  if (a.listener && b.listener) return true;
  return !(a.reuse && b.reuse);
}

const EMPTY = new Uint8Array(0);

/** Builds and sends one segment from the host. */
export function sendSegment(host: Host, src: IpNumber, srcPort: number, dst: IpNumber, dstPort: number, header: TcpHeader, data: Uint8Array | undefined): void {
  // DF set, as Linux does with path MTU discovery (RFC 1191): a router answers "fragmentation needed" instead of
  // fragmenting, and the connection lowers its MSS (TcpStack.icmpError).
  const pkt = new Datagram(host.sim.packetId(), src, srcPort, dst, dstPort, 64, data ?? EMPTY, true, IPPROTO_TCP, header);
  host.sendSegment(pkt);
}

/**
 * RFC 9293 §3.10.7.1 (CLOSED): a segment with no connection is answered with RST, unless it is a RST: if it has
 * ACK, <SEQ=SEG.ACK><CTL=RST>; otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 */
export function refuseSegment(host: Host, pkt: Datagram): void {
  const h = pkt.tcp!;
  if (h.flags & TCP_FLAG.RST) return;
  const reply: TcpHeader =
    h.flags & TCP_FLAG.ACK
      ? { seq: h.ack, ack: 0, flags: TCP_FLAG.RST, window: 0 }
      : {
          seq: 0,
          ack: seqAdd(h.seq, pkt.payload.byteLength + (h.flags & TCP_FLAG.SYN ? 1 : 0) + (h.flags & TCP_FLAG.FIN ? 1 : 0)),
          flags: TCP_FLAG.RST | TCP_FLAG.ACK,
          window: 0,
        };
  sendSegment(host, pkt.dst, pkt.dstPort, pkt.src, pkt.srcPort, reply, undefined);
}

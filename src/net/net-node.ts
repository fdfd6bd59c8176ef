/**
 * The base of every node on the network (hosts, routers, NATs, firewalls): interfaces, a routing table with
 * connected routes, and traced drops.
 */
import type { Sim } from '../sim/sim';
import type { DropReason, TraceEventOf } from '../sim/trace-events';
import { Cidr } from './cidr';
import type { Datagram } from './datagram';
import { TopologyError } from './errors';
import { ICMP_TYPE, UNREACHABLE_CODE, sendIcmpError } from './icmp';
import type { Iface } from './iface';
import { Ipv4, parseIpv4 } from './ipv4';
import type { LinkProps } from './link-props';
import { RouteTable } from './route-table';
import type { Segment } from './segment';

/** 0.0.0.0/0, shared by every default route (a Cidr is immutable). */
const DEFAULT_ROUTE = new Cidr(0, 0);

/**
 * Trace kinds every node records under its own name: 'link' when it puts a packet on a network (segment.ts),
 * 'sent' for an ICMP error it originates (icmp.ts, RFC 792), 'dropped'. Subclasses add theirs (HOST_TRACE_KINDS,
 * ROUTER_TRACE_KINDS, ...); scenario files check `node:` event references against these lists.
 */
export const NODE_TRACE_KINDS = ['sent', 'link', 'dropped'] as const;
/** One of NODE_TRACE_KINDS. */
export type NodeTraceKind = (typeof NODE_TRACE_KINDS)[number];

/** A node with interfaces. */
export abstract class NetNode {
  /** Interfaces in attach order. Replaced (not grown) on attach, so a one-interface node holds a one-slot array. */
  private ifaceList: Iface[] = [];
  readonly routes = new RouteTable();

  constructor(
    readonly sim: Sim,
    /** Unique name in the world. */
    readonly name: string,
  ) {}

  /** Interfaces in attach order (do not modify; use attach/detach). */
  get ifaces(): Iface[] {
    return this.ifaceList;
  }

  /** True for nodes that forward packets (routers, NATs, firewalls): they answer with ICMP errors. */
  get isRouter(): boolean {
    return false;
  }

  /** A packet arrived on `iface`. */
  abstract receive(pkt: Datagram, iface: Iface): void;

  /** Attaches an interface to `segment` with address `ip` and adds its connected route. */
  attach(segment: Segment, ip: Ipv4 | string, opts: { ifname?: string; link?: LinkProps } = {}): Iface {
    const addr = typeof ip === 'string' ? parseIpv4(ip) : ip;
    const ifname = opts.ifname ?? `eth${this.ifaces.length}`;
    if (this.ifaces.some((i) => i.name === ifname)) throw new TopologyError(`${this.name}: interface ${ifname} exists`);
    const iface = segment.attach(this, ifname, addr, opts.link);
    this.ifaceList = [...this.ifaceList, iface];
    this.routes.add({ prefix: segment.cidr, iface });
    return iface;
  }

  /** Detaches an interface and its routes. */
  detach(iface: Iface): void {
    iface.segment.detach(iface);
    this.routes.removeIface(iface);
    this.ifaceList = this.ifaceList.filter((i) => i !== iface);
  }

  /** Adds a static route `prefix via nextHop`; the next hop must be on a connected network. */
  addRoute(prefix: string | Cidr, via: Ipv4 | string): void {
    const p = typeof prefix === 'string' ? Cidr.parse(prefix) : prefix;
    const hop = typeof via === 'string' ? parseIpv4(via) : via;
    const iface = this.ifaces.find((i) => i.prefix.contains(hop));
    if (!iface) throw new TopologyError(`${this.name}: next hop for ${p} is not on any connected network`);
    this.routes.add({ prefix: p, iface, via: hop });
  }

  /** Sets the default route (0.0.0.0/0) via `gateway`. */
  setDefaultGateway(gateway: Ipv4 | string): void {
    this.addRoute(DEFAULT_ROUTE, gateway);
  }

  /** True when `ip` is one of this node's interface addresses. */
  ownsAddress(ip: Ipv4): boolean {
    for (const i of this.ifaces) if (i.ip === ip) return true;
    return false;
  }

  /** Routes `pkt` out: looks up the route and transmits, or drops 'no-route' (a router answers ICMP net unreachable). */
  route(pkt: Datagram): void {
    const r = this.routes.lookup(pkt.dst);
    if (!r) {
      this.drop(pkt, 'no-route');
      // ICMP hook (RFC 1812 §5.2.7.1): network unreachable.
      if (this.isRouter) sendIcmpError(this, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.network);
      return;
    }
    r.iface.transmit(pkt, r.via ?? pkt.dst);
  }

  /** Records a dropped packet at this node. */
  drop(pkt: Datagram, reason: DropReason, detail?: string): void {
    const trace = this.sim.trace;
    if (trace.on) trace.record({ kind: 'dropped', t: this.sim.now, node: this.name, reason, pkt, ...(detail ? { detail } : {}) } satisfies TraceEventOf<NodeTraceKind>);
  }
}

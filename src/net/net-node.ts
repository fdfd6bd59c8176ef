/**
 * The base of every node on the network (hosts, routers, NATs, firewalls): interfaces, a routing table with
 * connected routes, and traced drops.
 */
import type { Sim } from '../sim/sim';
import type { DropReason, TraceEventOf } from '../sim/trace-events';
import { DEFAULT_ROUTE_V4, DEFAULT_ROUTE_V6, NetPrefix, parseNetPrefix } from './cidr6';
import type { Datagram } from './datagram';
import { AddressError, TopologyError } from './errors';
import { ICMP_TYPE, UNREACHABLE_CODE, sendIcmpError } from './icmp';
import type { Iface } from './iface';
import { IPV6_NUMBER_BASE, IpNumber, formatIp, tryParseIpNumber } from './ip-number';
import type { LinkProps } from './link-props';
import { RouteTable } from './route-table';
import type { Segment } from './segment';

/** An address of either family as a number or text (any RFC 4291 §2.2 form for IPv6). */
export type AddressInput = IpNumber | string;

/** The number of an address given as number or text; throws AddressError for text that is no address. */
export function toIpNumber(ip: AddressInput): IpNumber {
  if (typeof ip === 'number') return ip;
  const n = tryParseIpNumber(ip);
  if (n === undefined) throw new AddressError(`'${ip}' is not an IP address (expected IPv4 like 192.0.2.1 or IPv6 like 2001:db8::1)`);
  return n;
}

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

  /**
   * Attaches an interface to `segment` with address `ip` (or several, of either family; the first is primary) and
   * adds a connected route for each family the interface has an address of.
   */
  attach(segment: Segment, ip: AddressInput | readonly AddressInput[], opts: { ifname?: string; link?: LinkProps } = {}): Iface {
    const addrs = typeof ip === 'number' || typeof ip === 'string' ? toIpNumber(ip) : ip.map(toIpNumber);
    const ifname = opts.ifname ?? `eth${this.ifaces.length}`;
    if (this.ifaces.some((i) => i.name === ifname)) throw new TopologyError(`${this.name}: interface ${ifname} exists`);
    const iface = segment.attach(this, ifname, addrs, opts.link);
    this.ifaceList = [...this.ifaceList, iface];
    for (const prefix of iface.prefixes) this.routes.add({ prefix, iface });
    return iface;
  }

  /** Detaches an interface and its routes. */
  detach(iface: Iface): void {
    iface.segment.detach(iface);
    this.routes.removeIface(iface);
    this.ifaceList = this.ifaceList.filter((i) => i !== iface);
  }

  /**
   * Adds a static route `prefix via nextHop` (either family; the next hop of the prefix's family, on a connected
   * network of this node).
   */
  addRoute(prefix: string | NetPrefix, via: AddressInput): void {
    const p = typeof prefix === 'string' ? parseNetPrefix(prefix) : prefix;
    const hop = toIpNumber(via);
    if ((hop >= IPV6_NUMBER_BASE ? 6 : 4) !== p.family) {
      throw new TopologyError(`${this.name}: next hop ${formatIp(hop)} for ${p} is not an IPv${p.family} address`);
    }
    const iface = this.ifaces.find((i) => i.prefixes.some((c) => c.contains(hop)));
    if (!iface) throw new TopologyError(`${this.name}: next hop for ${p} is not on any connected network`);
    this.routes.add({ prefix: p, iface, via: hop });
  }

  /** Sets the default route of the gateway's family (0.0.0.0/0 or ::/0) via `gateway`. */
  setDefaultGateway(gateway: AddressInput): void {
    const hop = toIpNumber(gateway);
    this.addRoute(hop >= IPV6_NUMBER_BASE ? DEFAULT_ROUTE_V6 : DEFAULT_ROUTE_V4, hop);
  }

  /** True when `ip` (either family) is one of this node's interface addresses. */
  ownsAddress(ip: IpNumber): boolean {
    // An indexed loop: a for-of's iterator bytecode would make this too big for V8 to inline on the packet path.
    const ifaces = this.ifaces;
    for (let k = 0; k < ifaces.length; k++) if (ifaces[k].has(ip)) return true;
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

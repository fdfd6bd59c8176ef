/**
 * A network segment (a LAN / subnet, or a point-to-point link when it has two members). Members are interfaces;
 * a packet sent to a next-hop address goes through the sender's outbound channel and arrives at the member that
 * owns that address (the simulator's ARP is a map lookup).
 */
import type { Sim } from '../sim/sim';
import { Channel } from './channel';
import type { Cidr } from './cidr';
import type { Cidr6, NetPrefix } from './cidr6';
import type { Datagram } from './datagram';
import { TopologyError } from './errors';
import { ICMP_TYPE, UNREACHABLE_CODE, isIcmp, sendIcmpError } from './icmp';
import { fragment } from './ipv4-fragments';
import { Iface } from './iface';
import { IPV6_NUMBER_BASE, IpNumber, formatIp } from './ip-number';
import { LinkProps, ResolvedLinkProps, resolveLinkProps } from './link-props';
import { NumberMap } from './number-map';
import type { NetNode, NodeTraceKind } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';

/**
 * Trace kinds a network is named in: 'link' (a packet entered it; `link` is the network, `node` the sender) and
 * 'dropped' inside a member's channel (loss, MTU, queue, link down; `node` is the network).
 */
export const NETWORK_TRACE_KINDS = ['link', 'dropped'] as const;
/** One of NETWORK_TRACE_KINDS. */
export type NetworkTraceKind = (typeof NETWORK_TRACE_KINDS)[number];

/** The most header bytes a packet's size counts: IPv6 (40) and a TCP header with options (60). */
const MAX_HEADER_BYTES = 100;

/**
 * A subnet that interfaces attach to: IPv4-only, IPv6-only or dual-stack, with at most one prefix of each family
 * (link-local addresses are not modelled).
 */
export class Segment {
  /** Members by address. key: an interface address number of either family (src/net/ip-number.ts). */
  private readonly members = new NumberMap<Iface>();
  /** Link properties new members' channels start from. */
  readonly defaults: ResolvedLinkProps;
  /** Its prefixes in the order given (one or two, at most one per family). */
  readonly prefixes: readonly NetPrefix[];
  /** The primary prefix: the first given (what reports show for the network). */
  readonly cidr: NetPrefix;
  /** The IPv4 prefix, if the network has IPv4. */
  readonly cidr4: Cidr | undefined;
  /** The IPv6 prefix, if the network has IPv6. */
  readonly cidr6: Cidr6 | undefined;
  /**
   * The directed broadcast address of the IPv4 prefix (all host bits set, RFC 1122 §3.2.1.3), or -1 when the network has
   * no IPv4 prefix or it is a /31 or /32, which have none (RFC 3021): Host.isBroadcast's number.
   */
  readonly broadcast4: number;

  /**
   * @param cidr the network's prefix, or its prefixes (one per family) for a dual-stack network
   */
  constructor(
    private readonly sim: Sim,
    /** Network name, unique in the world. */
    readonly name: string,
    cidr: NetPrefix | readonly NetPrefix[],
    defaults: LinkProps = {},
  ) {
    const list: readonly NetPrefix[] = Array.isArray(cidr) ? [...(cidr as readonly NetPrefix[])] : [cidr as NetPrefix];
    if (list.length === 0) throw new TopologyError(`network ${name} needs a prefix`);
    this.cidr4 = list.find((p): p is Cidr => p.family === 4);
    this.cidr6 = list.find((p): p is Cidr6 => p.family === 6);
    if (list.filter((p) => p.family === 4).length > 1 || list.filter((p) => p.family === 6).length > 1) {
      throw new TopologyError(`network ${name}: at most one IPv4 and one IPv6 prefix, got ${list.join(', ')}`);
    }
    this.prefixes = list;
    this.cidr = list[0];
    const c4 = this.cidr4;
    this.broadcast4 = c4 !== undefined && c4.bits < 31 ? (c4.base | ~c4.mask) >>> 0 : -1;
    this.defaults = resolveLinkProps(defaults, undefined, `networks.${name}.link`);
  }

  /** The network's prefix of `ip`'s family, if it has one. */
  prefixOf(ip: IpNumber): NetPrefix | undefined {
    return ip >= IPV6_NUMBER_BASE ? this.cidr6 : this.cidr4;
  }

  /** The prefixes as text, `10.0.0.0/24, 2001:db8::/64`. */
  private prefixText(): string {
    return this.prefixes.join(', ');
  }

  /** Throws TopologyError unless `ip` is inside the network's prefix of its family and unused by another member. */
  private checkFree(nodeName: string, ip: IpNumber, self?: Iface): void {
    if (!this.prefixOf(ip)?.contains(ip)) {
      throw new TopologyError(`${nodeName}: ${formatIp(ip)} is outside network ${this.name} (${this.prefixText()})`);
    }
    const holder = this.members.get(ip);
    if (holder && holder !== self) {
      throw new TopologyError(`${nodeName}: ${formatIp(ip)} is already used on ${this.name} by ${holder.node.name}`);
    }
  }

  /**
   * Attaches `node` with address `ip` (or several addresses of either family, the first primary); `link` overrides
   * this network's defaults for the node's outbound direction.
   */
  attach(node: NetNode, ifname: string, ip: IpNumber | readonly IpNumber[], link: LinkProps = {}): Iface {
    const all: readonly IpNumber[] = typeof ip === 'number' ? [ip] : ip;
    if (all.length === 0) throw new TopologyError(`${node.name}: ${ifname} on ${this.name} needs an address`);
    for (const [i, a] of all.entries()) {
      this.checkFree(node.name, a);
      if (all.indexOf(a) !== i) throw new TopologyError(`${node.name}: ${formatIp(a)} is given twice for ${ifname}`);
    }
    const path = `networks.${this.name}.members.${node.name}`;
    const props = resolveLinkProps(link, this.defaults, path);
    const channel = new Channel(this.sim, this.sim.rng.fork(`link:${this.name}:${node.name}/${ifname}`), props, path, this.onDrop);
    const iface = new Iface(node, ifname, all[0], this, channel, all.length > 1 ? all.slice(1) : undefined);
    for (const a of all) this.members.set(a, iface);
    return iface;
  }

  /**
   * Makes `iface` also answer for `ip` on this network (a NAT's additional external addresses). The address
   * must be inside the network and unused.
   */
  addAlias(iface: Iface, ip: IpNumber): void {
    this.checkFree(iface.node.name, ip, iface);
    this.members.set(ip, iface);
  }

  /**
   * Removes an interface (a host moving away) and its aliases. The members' next-hop caches are cleared: an address
   * of the leaver may be taken by the next member to attach. (A member joining needs no clearing: its addresses
   * were free, so no cache names them.)
   */
  detach(iface: Iface): void {
    for (const [ip, m] of this.members) if (m === iface) this.members.delete(ip);
    for (const m of this.members.values()) {
      m.lastHop = -1;
      m.lastHopTo = undefined;
    }
  }

  /** The member with this address (either family), if any. */
  member(ip: IpNumber): Iface | undefined {
    return this.members.get(ip);
  }

  /** All member interfaces, in attach order, each once (aliases not repeated). */
  memberList(): Iface[] {
    return [...new Set(this.members.values())];
  }

  /** Carries `pkt` from `from` to the member owning `nextHop`. */
  transmit(from: Iface, nextHop: IpNumber, pkt: Datagram): void {
    // Fragmentation hook (RFC 791 §2.3, RFC 1191 §4, RFC 4787 REQ-13): too big for this link.
    const props = from.channel.properties;
    // The payload alone decides most packets: with the largest headers (IPv6 40 + TCP 60) it still fits.
    if (pkt.payload.byteLength > props.mtu - MAX_HEADER_BYTES && pkt.size > props.mtu && props.up) {
      if (pkt.ipHeaderSize !== 20) return this.tooBigIpv6(from, pkt, props.mtu);
      if (pkt.df || isIcmp(pkt)) {
        from.node.drop(pkt, 'mtu-exceeded', `${pkt.size} bytes > MTU ${props.mtu}${pkt.df ? ', DF set' : ''}`);
        sendIcmpError(from.node, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.fragmentationNeeded, props.mtu);
        return;
      }
      for (const f of fragment(pkt, props.mtu)) this.transmit(from, nextHop, f);
      return;
    }
    const trace = this.sim.trace;
    if (trace.full) {
      trace.record({ kind: 'link', t: this.sim.now, node: from.node.name, iface: from.fullName, link: this.name, pkt } satisfies TraceEventOf<NodeTraceKind & NetworkTraceKind>);
    }
    // A flow sends to the same next hop packet after packet: one compare instead of a lookup, and the lookup's
    // memory (a hash index and two arrays) stays out of the cache (docs/performance.md, "Where the clock goes").
    const to = from.lastHop === nextHop ? from.lastHopTo : this.memberFor(from, nextHop);
    if (!to) {
      from.node.drop(pkt, 'no-route', `no member ${formatIp(nextHop)} on ${this.name}`);
      // ICMP hook (RFC 1812 §5.2.7.1): host unreachable when the next hop does not answer.
      if (from.node.isRouter) sendIcmpError(from.node, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.host);
      return;
    }
    from.channel.send(pkt, to);
  }

  /** The member owning `nextHop`, remembered on `from` for its next packet. */
  private memberFor(from: Iface, nextHop: IpNumber): Iface | undefined {
    const to = this.members.get(nextHop);
    if (to !== undefined) {
      from.lastHop = nextHop;
      from.lastHopTo = to;
    }
    return to;
  }

  /**
   * An IPv6 packet above the link MTU: IPv6 routers never fragment (RFC 8200 §5), and natsim's hosts do not use
   * the Fragment header either, so it is dropped 'mtu-exceeded' and the sender gets ICMPv6 Packet Too Big with
   * the link's MTU (RFC 4443 §3.2; from a host that sent it itself, the error comes back to its own socket layer).
   */
  private tooBigIpv6(from: Iface, pkt: Datagram, mtu: number): void {
    from.node.drop(pkt, 'mtu-exceeded', `${pkt.size} bytes > MTU ${mtu}, IPv6 is not fragmented on the path`);
    sendIcmpError(from.node, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.fragmentationNeeded, mtu);
  }

  /** Traces a drop inside a member's channel (loss, MTU, queue, link down) at this network. One closure per network. */
  private readonly onDrop = (pkt: Datagram, reason: Parameters<NetNode['drop']>[1], detail?: string): void => {
    const trace = this.sim.trace;
    if (trace.on) trace.record({ kind: 'dropped', t: this.sim.now, node: this.name, reason, pkt, ...(detail ? { detail } : {}) } satisfies TraceEventOf<NetworkTraceKind>);
  };
}

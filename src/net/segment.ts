/**
 * A network segment (a LAN / subnet, or a point-to-point link when it has two members). Members are interfaces;
 * a packet sent to a next-hop address goes through the sender's outbound channel and arrives at the member that
 * owns that address (the simulator's ARP is a map lookup).
 */
import type { Sim } from '../sim/sim';
import { Channel } from './channel';
import { Cidr } from './cidr';
import type { Datagram } from './datagram';
import { TopologyError } from './errors';
import { ICMP_TYPE, UNREACHABLE_CODE, isIcmp, sendIcmpError } from './icmp';
import { fragment } from './ipv4-fragments';
import { Iface } from './iface';
import { Ipv4, formatIpv4 } from './ipv4';
import { LinkProps, ResolvedLinkProps, resolveLinkProps } from './link-props';
import type { NetNode, NodeTraceKind } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';

/**
 * Trace kinds a network is named in: 'link' (a packet entered it; `link` is the network, `node` the sender) and
 * 'dropped' inside a member's channel (loss, MTU, queue, link down; `node` is the network).
 */
export const NETWORK_TRACE_KINDS = ['link', 'dropped'] as const;
/** One of NETWORK_TRACE_KINDS. */
export type NetworkTraceKind = (typeof NETWORK_TRACE_KINDS)[number];

/** A subnet that interfaces attach to. */
export class Segment {
  /** Members by address. key: interface IPv4 as uint32. */
  private readonly members = new Map<Ipv4, Iface>();
  /** Link properties new members' channels start from. */
  readonly defaults: ResolvedLinkProps;

  constructor(
    private readonly sim: Sim,
    /** Network name, unique in the world. */
    readonly name: string,
    readonly cidr: Cidr,
    defaults: LinkProps = {},
  ) {
    this.defaults = resolveLinkProps(defaults, undefined, `networks.${name}.link`);
  }

  /** Attaches `node` with address `ip`; `link` overrides this network's defaults for the node's outbound direction. */
  attach(node: NetNode, ifname: string, ip: Ipv4, link: LinkProps = {}): Iface {
    if (!this.cidr.contains(ip)) {
      throw new TopologyError(`${node.name}: ${formatIpv4(ip)} is outside network ${this.name} (${this.cidr})`);
    }
    const holder = this.members.get(ip);
    if (holder) {
      throw new TopologyError(`${node.name}: ${formatIpv4(ip)} is already used on ${this.name} by ${holder.node.name}`);
    }
    const path = `networks.${this.name}.members.${node.name}`;
    const props = resolveLinkProps(link, this.defaults, path);
    const channel = new Channel(this.sim, this.sim.rng.fork(`link:${this.name}:${node.name}/${ifname}`), props, path, this.onDrop);
    const iface = new Iface(node, ifname, ip, this, channel);
    this.members.set(ip, iface);
    return iface;
  }

  /**
   * Makes `iface` also answer for `ip` on this network (a NAT's additional external addresses). The address
   * must be inside the network and unused.
   */
  addAlias(iface: Iface, ip: Ipv4): void {
    if (!this.cidr.contains(ip)) {
      throw new TopologyError(`${iface.node.name}: ${formatIpv4(ip)} is outside network ${this.name} (${this.cidr})`);
    }
    const holder = this.members.get(ip);
    if (holder && holder !== iface) {
      throw new TopologyError(`${iface.node.name}: ${formatIpv4(ip)} is already used on ${this.name} by ${holder.node.name}`);
    }
    this.members.set(ip, iface);
  }

  /** Removes an interface (a host moving away) and its aliases. */
  detach(iface: Iface): void {
    for (const [ip, m] of this.members) if (m === iface) this.members.delete(ip);
  }

  /** The member with this address, if any. */
  member(ip: Ipv4): Iface | undefined {
    return this.members.get(ip);
  }

  /** All member interfaces, in attach order, each once (aliases not repeated). */
  memberList(): Iface[] {
    return [...new Set(this.members.values())];
  }

  /** Carries `pkt` from `from` to the member owning `nextHop`. */
  transmit(from: Iface, nextHop: Ipv4, pkt: Datagram): void {
    // Fragmentation hook (RFC 791 §2.3, RFC 1191 §4, RFC 4787 REQ-13): too big for this link.
    const props = from.channel.properties;
    if (pkt.size > props.mtu && props.up) {
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
    const to = this.members.get(nextHop);
    if (!to) {
      from.node.drop(pkt, 'no-route', `no member ${formatIpv4(nextHop)} on ${this.name}`);
      // ICMP hook (RFC 1812 §5.2.7.1): host unreachable when the next hop does not answer.
      if (from.node.isRouter) sendIcmpError(from.node, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.host);
      return;
    }
    from.channel.send(pkt, to);
  }

  /** Traces a drop inside a member's channel (loss, MTU, queue, link down) at this network. One closure per network. */
  private readonly onDrop = (pkt: Datagram, reason: Parameters<NetNode['drop']>[1], detail?: string): void => {
    const trace = this.sim.trace;
    if (trace.on) trace.record({ kind: 'dropped', t: this.sim.now, node: this.name, reason, pkt, ...(detail ? { detail } : {}) } satisfies TraceEventOf<NetworkTraceKind>);
  };
}

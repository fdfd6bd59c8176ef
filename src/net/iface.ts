/**
 * A network interface: a node's attachment to one network, with its addresses and an outbound channel. An
 * interface has a primary address `ip` (the first one given: the IPv4 address of an IPv4 or dual-stack interface,
 * which is all IPv4 code looks at) and may have more of either family (`others`); link-local addresses are not
 * modelled.
 */
import type { EventTarget } from '../sim/event-heap';
import type { Channel } from './channel';
import type { Cidr } from './cidr';
import type { NetPrefix } from './cidr6';
import type { Datagram } from './datagram';
import { IPV6_NUMBER_BASE, IpNumber } from './ip-number';
import type { NetNode } from './net-node';
import type { Segment } from './segment';

/** No further addresses (shared by every single-address interface). */
const NONE: readonly IpNumber[] = [];

/** One interface of a node. It is the arrival target of its network's channels (EventTarget), so no closure per packet. */
export class Iface implements EventTarget<Datagram> {
  /** The first IPv4 address, or undefined on an IPv6-only interface. */
  readonly ip4: IpNumber | undefined;
  /** The first IPv6 address, or undefined on an IPv4-only interface. */
  readonly ip6: IpNumber | undefined;
  /**
   * The next-hop address this interface last sent to on its network (-1: none) and the member owning it:
   * Segment.transmit's one-entry cache, cleared by the network when a member leaves.
   */
  lastHop = -1;
  lastHopTo: Iface | undefined = undefined;

  constructor(
    /** The node it belongs to. */
    readonly node: NetNode,
    /** Short name, unique on the node (e.g. `eth0`). */
    readonly name: string,
    /** Its primary address (either family; IPv4 when the interface has one and it was given first). */
    readonly ip: IpNumber,
    /** The network it is attached to. */
    readonly segment: Segment,
    /** Packets this interface sends into the network go through this channel. */
    readonly channel: Channel,
    /** Its other addresses, of either family, in the order given (empty for one address). */
    readonly others: readonly IpNumber[] = NONE,
  ) {
    const all = [ip, ...others];
    this.ip4 = all.find((a) => a < IPV6_NUMBER_BASE);
    this.ip6 = all.find((a) => a >= IPV6_NUMBER_BASE);
  }

  /** Every address: the primary first, then the others. */
  get addresses(): IpNumber[] {
    return [this.ip, ...this.others];
  }

  /** True when `ip` is one of this interface's addresses. */
  has(ip: IpNumber): boolean {
    return this.ip === ip || (this.others.length > 0 && this.others.includes(ip));
  }

  /** The source address for a packet to `dst` leaving here: the first address of `dst`'s family, if any. */
  sourceFor(dst: IpNumber): IpNumber | undefined {
    return dst >= IPV6_NUMBER_BASE ? this.ip6 : this.ip4;
  }

  /** The connected prefix of the primary address's family (the network's CIDR for IPv4 code). */
  get prefix(): NetPrefix {
    return this.segment.prefixOf(this.ip) ?? this.segment.cidr;
  }

  /** The network's IPv4 prefix when this interface has an IPv4 address (broadcast checks). */
  get cidr4(): Cidr | undefined {
    return this.ip4 === undefined ? undefined : this.segment.cidr4;
  }

  /** The connected prefixes of the families this interface has addresses of. */
  get prefixes(): NetPrefix[] {
    return this.segment.prefixes.filter((p) => (p.family === 4 ? this.ip4 : this.ip6) !== undefined);
  }

  /** `node/ifname`, as pcap and traces name it. */
  get fullName(): string {
    return `${this.node.name}/${this.name}`;
  }

  /** A packet arrives on this interface (scheduled by the sending member's channel). */
  onEvent(pkt: Datagram): void {
    this.node.receive(pkt, this);
  }

  /** Sends a packet to `nextHop` on this interface's network. */
  transmit(pkt: Datagram, nextHop: IpNumber): void {
    this.segment.transmit(this, nextHop, pkt);
  }
}

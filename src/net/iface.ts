/** A network interface: a node's attachment to one network, with an address and an outbound channel. */
import type { EventTarget } from '../sim/event-heap';
import type { Channel } from './channel';
import type { Cidr } from './cidr';
import type { Datagram } from './datagram';
import type { Ipv4 } from './ipv4';
import type { NetNode } from './net-node';
import type { Segment } from './segment';

/** One interface of a node. It is the arrival target of its network's channels (EventTarget), so no closure per packet. */
export class Iface implements EventTarget<Datagram> {
  constructor(
    /** The node it belongs to. */
    readonly node: NetNode,
    /** Short name, unique on the node (e.g. `eth0`). */
    readonly name: string,
    /** Its address. */
    readonly ip: Ipv4,
    /** The network it is attached to. */
    readonly segment: Segment,
    /** Packets this interface sends into the network go through this channel. */
    readonly channel: Channel,
  ) {}

  /** The connected prefix (the network's CIDR). */
  get prefix(): Cidr {
    return this.segment.cidr;
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
  transmit(pkt: Datagram, nextHop: Ipv4): void {
    this.segment.transmit(this, nextHop, pkt);
  }
}

/**
 * UDP datagrams. Immutable: a NAT or router that rewrites a header makes a new Datagram sharing the payload, so a
 * trace event that holds a packet keeps seeing it as it was.
 */
import type { TracePacket } from '../sim/trace-events';
import { Ipv4 } from './ipv4';

/** IPv4 (20) + UDP (8) header bytes counted in a datagram's size. */
export const UDP_IPV4_OVERHEAD = 28;

/** Default initial TTL, as Linux uses. */
export const DEFAULT_TTL = 64;

/** One UDP/IPv4 datagram. */
export class Datagram implements TracePacket {
  constructor(
    /** World-unique id; kept across translation and forwarding, copied on duplication. */
    readonly id: number,
    readonly src: Ipv4,
    readonly srcPort: number,
    readonly dst: Ipv4,
    readonly dstPort: number,
    readonly ttl: number,
    readonly payload: Uint8Array,
    /** RFC 791 §3.1 "Don't Fragment": routers drop it rather than fragment it, and answer ICMP type 3 code 4. */
    readonly df = false,
  ) {}

  /** Size on the wire at the IP layer: payload plus IPv4 and UDP headers. */
  get size(): number {
    return this.payload.byteLength + UDP_IPV4_OVERHEAD;
  }

  /** A copy with new addresses, ports and TTL; subclasses (ICMP) keep their own fields. */
  protected copy(src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number, ttl: number): Datagram {
    return new Datagram(this.id, src, srcPort, dst, dstPort, ttl, this.payload, this.df);
  }

  /** A copy with a new source endpoint (outbound NAT translation). */
  withSource(src: Ipv4, srcPort: number): Datagram {
    return this.copy(src, srcPort, this.dst, this.dstPort, this.ttl);
  }

  /** A copy with a new destination endpoint (inbound NAT translation). */
  withDestination(dst: Ipv4, dstPort: number): Datagram {
    return this.copy(this.src, this.srcPort, dst, dstPort, this.ttl);
  }

  /** A copy with both endpoints replaced (hairpinning). */
  withEndpoints(src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number): Datagram {
    return this.copy(src, srcPort, dst, dstPort, this.ttl);
  }

  /** A copy with TTL one lower (a router hop). */
  decrementTtl(): Datagram {
    return this.copy(this.src, this.srcPort, this.dst, this.dstPort, this.ttl - 1);
  }
}

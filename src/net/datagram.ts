/**
 * UDP datagrams: the packet of the packet core (docs/packet-core.md). Immutable: a NAT or router that rewrites a
 * header makes a new Datagram sharing the payload, so a trace event that holds a packet keeps seeing it as it was.
 *
 * The shape is planned for both IP families and both transports: `proto` is the IP protocol number (RFC 790; UDP
 * 17 today, TCP 6 later, with its header fields beside the payload), and addresses are plain numbers (an IPv4
 * address is its uint32 value; IPv6 addresses will be interned per world as numbers >= 2^32), so endpoint keys
 * stay numeric on every path.
 */
import { Buffer } from 'buffer'; // the module's binding: the global `Buffer` is a getter in Node.js, called on every use
import type { TracePacket } from '../sim/trace-events';
import type { Ipv4 } from './ipv4';
import { IPV6_NUMBER_BASE } from '../sim/address-numbers';
import { TcpHeader, tcpHeaderLength } from './tcp-header';

/** IPv4 (20) + UDP (8) header bytes counted in a datagram's size. */
export const UDP_IPV4_OVERHEAD = 28;

/** IPv6 fixed header bytes (RFC 8200 §3). */
export const IPV6_HEADER_LEN = 40;
/** IPv4 header bytes without options (RFC 791 §3.1). */
const IPV4_HEADER_BYTES = 20;
/** UDP header bytes (RFC 768). */
const UDP_HEADER_BYTES = 8;

/** Default initial TTL, as Linux uses. */
export const DEFAULT_TTL = 64;

/** IP protocol number of UDP (RFC 768, IANA protocol numbers). */
export const IPPROTO_UDP = 17;

/**
 * One IP packet of either family carrying UDP (or, with `tcp` set, a TCP segment). Its payload is owned by the packet core: the sending socket snapshots the caller's bytes
 * (RFC 768 carries what was sent, not what the buffer holds later), and no one writes to them afterwards.
 */
export class Datagram implements TracePacket {
  // Fields are `declare`d and assigned in the constructor: an ES2022 class field (or parameter property) would be
  // defined as undefined first and then assigned, and its initializer's bytecode counts against V8's inlining
  // budget on the packet path, where every hop may construct a Datagram.
  /** World-unique id; kept across translation and forwarding, copied on duplication. */
  declare readonly id: number;
  declare readonly src: Ipv4;
  declare readonly srcPort: number;
  declare readonly dst: Ipv4;
  declare readonly dstPort: number;
  declare readonly ttl: number;
  declare readonly payload: Uint8Array;
  /** RFC 791 §3.1 "Don't Fragment": routers drop it rather than fragment it, and answer ICMP type 3 code 4. */
  declare readonly df: boolean;
  /** IP protocol number (17 = UDP, 6 = TCP with `tcp` set; subclasses carry others, e.g. ICMP). */
  declare readonly proto: number;
  /** TCP header fields (RFC 9293 §3.1) when `proto` is 6; undefined for UDP. */
  declare readonly tcp: TcpHeader | undefined;

  constructor(id: number, src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number, ttl: number, payload: Uint8Array,
    df = false, proto: number = IPPROTO_UDP, tcp: TcpHeader | undefined = undefined) {
    this.id = id;
    this.src = src;
    this.srcPort = srcPort;
    this.dst = dst;
    this.dstPort = dstPort;
    this.ttl = ttl;
    this.payload = payload;
    this.df = df;
    this.proto = proto;
    this.tcp = tcp;
  }

  /** IP header bytes: 20 for IPv4, 40 for IPv6 (an address number >= 2^32 is IPv6, src/net/ip-number.ts). */
  get ipHeaderSize(): number {
    return this.src >= IPV6_NUMBER_BASE || this.dst >= IPV6_NUMBER_BASE ? IPV6_HEADER_LEN : IPV4_HEADER_BYTES;
  }

  /** Size on the wire at the IP layer: payload plus the IP header and the UDP (or TCP) header. */
  get size(): number {
    const tcp = this.tcp;
    return this.payload.byteLength + this.ipHeaderSize + (tcp === undefined ? UDP_HEADER_BYTES : tcpHeaderLength(tcp));
  }

  /**
   * A copy with new addresses, ports, TTL and (for a duplicate) payload bytes; subclasses (ICMP, fragments) override
   * it to keep their own fields, so every rewrite below keeps the packet's kind.
   */
  protected copy(src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number, ttl: number, payload: Uint8Array = this.payload): Datagram {
    return new Datagram(this.id, src, srcPort, dst, dstPort, ttl, payload, this.df, this.proto, this.tcp);
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

  /**
   * A translated copy one hop on: both endpoints as given and the TTL one lower, in one allocation (a NAT's
   * forwarding step; equal to withEndpoints(...).decrementTtl()).
   */
  translatedHop(src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number): Datagram {
    return this.copy(src, srcPort, dst, dstPort, this.ttl - 1);
  }

  /** A copy with TTL one lower (a router hop). */
  decrementTtl(): Datagram {
    return this.copy(this.src, this.srcPort, this.dst, this.dstPort, this.ttl - 1);
  }

  /** The same packet with its own copy of the payload (a link's duplicate: each delivery owns its bytes). */
  withPayloadCopy(): Datagram {
    return this.copy(this.src, this.srcPort, this.dst, this.dstPort, this.ttl, Buffer.from(this.payload));
  }
}

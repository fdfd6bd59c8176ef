/**
 * IP/ICMP translation of a UDP or TCP packet between the families (RFC 7915, "SIIT", as RFC 6146 §3.7 uses it).
 *
 * A natsim Datagram carries header fields, not header bytes, so translation rebuilds the header from fields:
 * - IPv6 -> IPv4 (§5.1): addresses as the NAT64 computed them; TTL = Hop Limit - 1 (the translator is a router
 *   and decrements, §5.1 "Time to Live"); protocol = Next Header (UDP 17, TCP 6); DF = 0 when the IPv4 packet is
 *   at most 1260 bytes, else 1; identification is the packet id's low bits as for every IPv4 packet here.
 * - IPv4 -> IPv6 (§4.1): Hop Limit = TTL - 1; Next Header = protocol; DF has no IPv6 counterpart.
 * - Transport (§4.5, §5.5): ports are the NAT64's; the UDP/TCP checksum covers a pseudo-header that changes with
 *   the family and the addresses. The simulator never stores a checksum: captures (src/report/pcapng-writer.ts)
 *   compute it from the packet's addresses, so a translated packet's checksum is recomputed by construction and
 *   nothing stale is carried. A zero (absent) IPv4 UDP checksum cannot occur: natsim's packets always have one.
 * - TCP header fields (seq, ack, flags, window, MSS) are copied unchanged.
 * - Not translated (the node drops them, traced): ICMP (§4.2/§5.2 ICMPv4 <-> ICMPv6) and IPv4 fragments (§4.1
 *   Fragment Header); docs/nat64.md.
 */
import { Datagram, IPPROTO_UDP } from '../net/datagram';
import type { IpNumber } from '../net/ip-number';
import { IPPROTO_TCP } from '../net/tcp-header';

/** RFC 7915 §5.1: an IPv4 packet up to this size is sent with DF = 0. */
export const DF_CLEAR_LIMIT = 1260;

/** True for a plain UDP or TCP packet (not an ICMP message or a fragment, which are Datagram subclasses). */
export function isTranslatable(pkt: Datagram): boolean {
  return pkt.constructor === Datagram && (pkt.proto === IPPROTO_UDP || pkt.proto === IPPROTO_TCP);
}

/** RFC 7915 §5.1: the IPv4 packet for an IPv6 one, with the NAT64's addresses and ports, one hop on. */
export function toIpv4(pkt: Datagram, src: number, srcPort: number, dst: number, dstPort: number): Datagram {
  const size = pkt.size - 20; // 40-byte IPv6 header -> 20-byte IPv4 header
  return new Datagram(pkt.id, src, srcPort, dst, dstPort, pkt.ttl - 1, pkt.payload, size > DF_CLEAR_LIMIT, pkt.proto, pkt.tcp);
}

/** RFC 7915 §4.1: the IPv6 packet for an IPv4 one (or a hairpinned IPv6 one), one hop on. */
export function toIpv6(pkt: Datagram, src: IpNumber, srcPort: number, dst: IpNumber, dstPort: number): Datagram {
  return new Datagram(pkt.id, src, srcPort, dst, dstPort, pkt.ttl - 1, pkt.payload, false, pkt.proto, pkt.tcp);
}

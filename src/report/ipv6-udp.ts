/**
 * Synthesized IPv6 + UDP headers for captures (the IPv6 counterpart of ipv4-udp.ts): the fixed IPv6 header of
 * RFC 8200 §3 (traffic class and flow label 0, Hop Limit = the packet's TTL) and UDP per RFC 768 with the checksum
 * over the IPv6 pseudo-header, which IPv6 makes mandatory (RFC 8200 §8.1: a computed zero is sent as 0xffff).
 * ICMPv6 messages (RFC 4443) are carried with Next Header 58; their payload already holds the whole message with
 * its checksum. natsim never fragments IPv6, so there is no Fragment header.
 */
import { finishChecksum, onesSum } from '../net/inet-checksum';
import { IPV6_HEADER_LEN, IPV6_NEXT_HEADER, ipv6PseudoHeaderSum, writeIpv6Header } from '../net/ipv6-header';
import type { TracePacket } from '../sim/trace-events';
import { UDP_HEADER_LEN } from './ipv4-udp';

export { IPV6_HEADER_LEN } from '../net/ipv6-header';

/** Largest UDP payload an IPv6 Payload Length can carry (65535 - 8); longer payloads are cut in captures. */
export const MAX_UDP6_PAYLOAD = 65535 - UDP_HEADER_LEN;

/** The datagram as IPv6/UDP bytes with a correct UDP checksum. */
export function ipv6UdpBytes(p: TracePacket): Uint8Array {
  const payload = p.payload.byteLength > MAX_UDP6_PAYLOAD ? p.payload.subarray(0, MAX_UDP6_PAYLOAD) : p.payload;
  const udpLen = UDP_HEADER_LEN + payload.byteLength;
  const b = new Uint8Array(IPV6_HEADER_LEN + udpLen);
  const v = new DataView(b.buffer);
  writeIpv6Header(b, 0, p, IPV6_NEXT_HEADER.udp, udpLen);
  v.setUint16(40, p.srcPort & 0xffff);
  v.setUint16(42, p.dstPort & 0xffff);
  v.setUint16(44, udpLen);
  b.set(payload, IPV6_HEADER_LEN + UDP_HEADER_LEN);
  const sum = finishChecksum(onesSum(b, IPV6_HEADER_LEN, b.length, ipv6PseudoHeaderSum(p.src, p.dst, udpLen, IPV6_NEXT_HEADER.udp)));
  v.setUint16(46, sum === 0 ? 0xffff : sum);
  return b;
}

/** An ICMPv6 message (the packet's payload is the whole message, checksum included) as IPv6 bytes, Next Header 58. */
export function ipv6IcmpBytes(p: TracePacket): Uint8Array {
  const b = new Uint8Array(IPV6_HEADER_LEN + p.payload.byteLength);
  writeIpv6Header(b, 0, p, IPV6_NEXT_HEADER.icmpv6, p.payload.byteLength);
  b.set(p.payload, IPV6_HEADER_LEN);
  return b;
}

/** The packet as IPv6 bytes: ICMPv6 messages with Next Header 58, everything else as UDP. */
export function ipv6Bytes(p: TracePacket): Uint8Array {
  return p.icmp ? ipv6IcmpBytes(p) : ipv6UdpBytes(p);
}

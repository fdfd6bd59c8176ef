/**
 * Synthesized IPv4 + UDP headers for captures: the simulator moves datagrams as fields, pcap wants bytes.
 * IPv4 header per RFC 791 §3.1 (no options), UDP per RFC 768 with the checksum over the pseudo-header.
 */
import { finishChecksum, onesSum } from '../net/inet-checksum';
import { IPV4_HEADER_LEN, IP_PROTO, writeIpv4Header } from '../net/ipv4-header';
import type { TracePacket } from '../sim/trace-events';
import { ipv4TcpBytes } from './ipv4-tcp';

export { IPV4_HEADER_LEN } from '../net/ipv4-header';
/** RFC 768: UDP header. */
export const UDP_HEADER_LEN = 8;
/** Largest UDP payload that fits an IPv4 total length (65535 - 20 - 8); longer payloads are cut in captures. */
export const MAX_UDP_PAYLOAD = 65535 - IPV4_HEADER_LEN - UDP_HEADER_LEN;

export { finishChecksum, onesSum } from '../net/inet-checksum';

/**
 * The datagram as IPv4/UDP bytes. Identification is the low 16 bits of the packet id, TTL the packet's, DF as set,
 * protocol 17. Payloads longer than MAX_UDP_PAYLOAD are cut (captures record the true length separately).
 */
export function ipv4UdpBytes(p: TracePacket): Uint8Array {
  const payload = p.payload.byteLength > MAX_UDP_PAYLOAD ? p.payload.subarray(0, MAX_UDP_PAYLOAD) : p.payload;
  const udpLen = UDP_HEADER_LEN + payload.byteLength;
  const total = IPV4_HEADER_LEN + udpLen;
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  writeIpv4Header(b, 0, p, IP_PROTO.udp, total);
  v.setUint16(20, p.srcPort & 0xffff);
  v.setUint16(22, p.dstPort & 0xffff);
  v.setUint16(24, udpLen);
  b.set(payload, IPV4_HEADER_LEN + UDP_HEADER_LEN);
  // RFC 768: pseudo-header = src, dst, zero, protocol, UDP length
  const pseudo = onesSum(b, 12, 20) + 17 + udpLen;
  const sum = finishChecksum(onesSum(b, IPV4_HEADER_LEN, total, pseudo));
  v.setUint16(26, sum === 0 ? 0xffff : sum); // RFC 768: a computed zero is sent as all ones
  return b;
}

/** An ICMP message (its payload holds the whole ICMP message, RFC 792) as IPv4 bytes, protocol 1. */
export function ipv4IcmpBytes(p: TracePacket): Uint8Array {
  const total = IPV4_HEADER_LEN + p.payload.byteLength;
  const b = new Uint8Array(total);
  writeIpv4Header(b, 0, p, IP_PROTO.icmp, total);
  b.set(p.payload, IPV4_HEADER_LEN);
  return b;
}

/** A fragment (its payload is its IP payload, UDP header included in the first) as IPv4 bytes with MF/offset. */
export function ipv4FragmentBytes(p: TracePacket): Uint8Array {
  const f = p.frag!;
  const total = IPV4_HEADER_LEN + p.payload.byteLength;
  const b = new Uint8Array(total);
  writeIpv4Header(b, 0, { ...p, fragOffset: f.offset / 8, moreFragments: f.more }, IP_PROTO.udp, total);
  b.set(p.payload, IPV4_HEADER_LEN);
  return b;
}

/** The packet as IPv4 bytes: ICMP messages as protocol 1, TCP segments as protocol 6 (ipv4-tcp.ts), fragments with their flags, everything else as UDP. */
export function ipv4Bytes(p: TracePacket): Uint8Array {
  if (p.icmp) return ipv4IcmpBytes(p);
  if (p.tcp && !p.frag) return ipv4TcpBytes(p);
  return p.frag ? ipv4FragmentBytes(p) : ipv4UdpBytes(p);
}

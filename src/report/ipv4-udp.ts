/**
 * Synthesized IPv4 + UDP headers for captures: the simulator moves datagrams as fields, pcap wants bytes.
 * IPv4 header per RFC 791 §3.1 (no options), UDP per RFC 768 with the checksum over the pseudo-header.
 */
import type { TracePacket } from '../sim/trace-events';

/** RFC 791: IPv4 header without options. */
export const IPV4_HEADER_LEN = 20;
/** RFC 768: UDP header. */
export const UDP_HEADER_LEN = 8;
/** Largest UDP payload that fits an IPv4 total length (65535 - 20 - 8); longer payloads are cut in captures. */
export const MAX_UDP_PAYLOAD = 65535 - IPV4_HEADER_LEN - UDP_HEADER_LEN;

/** RFC 1071: one's-complement sum of 16-bit words (big-endian), not yet folded or inverted. */
export function onesSum(bytes: Uint8Array, start = 0, end = bytes.length, sum = 0): number {
  let s = sum;
  let i = start;
  for (; i + 1 < end; i += 2) s += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) s += bytes[i] << 8; // odd length: pad with a zero byte
  return s;
}

/** RFC 1071: folds a sum to 16 bits and inverts it. */
export function finishChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/**
 * The datagram as IPv4/UDP bytes. Identification is the low 16 bits of the packet id, TTL the packet's, DF clear,
 * protocol 17. Payloads longer than MAX_UDP_PAYLOAD are cut (captures record the true length separately).
 */
export function ipv4UdpBytes(p: TracePacket): Uint8Array {
  const payload = p.payload.byteLength > MAX_UDP_PAYLOAD ? p.payload.subarray(0, MAX_UDP_PAYLOAD) : p.payload;
  const udpLen = UDP_HEADER_LEN + payload.byteLength;
  const total = IPV4_HEADER_LEN + udpLen;
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  v.setUint8(0, 0x45); // version 4, IHL 5 words
  v.setUint16(2, total);
  v.setUint16(4, p.id & 0xffff);
  v.setUint8(8, Math.max(0, Math.min(255, p.ttl)));
  v.setUint8(9, 17); // UDP
  v.setUint32(12, p.src >>> 0);
  v.setUint32(16, p.dst >>> 0);
  v.setUint16(10, finishChecksum(onesSum(b, 0, IPV4_HEADER_LEN)));
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

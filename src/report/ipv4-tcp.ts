/**
 * Synthesized IPv4 + TCP bytes for captures: the IPv4 header (RFC 791 §3.1, protocol 6) and the real TCP header
 * with its MSS option and the pseudo-header checksum (src/net/tcp/tcp-wire.ts).
 */
import { IPV4_HEADER_LEN, writeIpv4Header } from '../net/ipv4-header';
import { IPPROTO_TCP } from '../net/tcp-header';
import { encodeTcpSegment } from '../net/tcp/tcp-wire';
import type { TracePacket } from '../sim/trace-events';

/** Longest TCP data that fits an IPv4 total length with the largest header here (20 + 24). */
const MAX_TCP_DATA = 65535 - IPV4_HEADER_LEN - 24;

/** A TCP segment (`p.tcp` set) as IPv4 bytes. */
export function ipv4TcpBytes(p: TracePacket): Uint8Array {
  const data = p.payload.byteLength > MAX_TCP_DATA ? p.payload.subarray(0, MAX_TCP_DATA) : p.payload;
  const seg = encodeTcpSegment(p.src, p.srcPort, p.dst, p.dstPort, p.tcp!, data);
  const b = new Uint8Array(IPV4_HEADER_LEN + seg.byteLength);
  writeIpv4Header(b, 0, p, IPPROTO_TCP, b.byteLength);
  b.set(seg, IPV4_HEADER_LEN);
  return b;
}

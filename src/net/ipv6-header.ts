/**
 * The IPv6 fixed header (RFC 8200 §3) as bytes, and the upper-layer pseudo-header sum (RFC 8200 §8.1) that UDP,
 * TCP and ICMPv6 checksums cover: for captures and for the copy inside ICMPv6 errors.
 */
import { onesSum } from './inet-checksum';
import { ipv6BytesOf } from './ip-number';

import { IPV6_HEADER_LEN } from './datagram';

/** RFC 8200 §3: the fixed header is 40 bytes. */
export { IPV6_HEADER_LEN };
/** Next Header values used here (IANA protocol numbers): ICMPv6 58 (RFC 4443), UDP 17, TCP 6. */
export const IPV6_NEXT_HEADER = { icmpv6: 58, udp: 17, tcp: 6 } as const;

/** The header fields written. Addresses are IPv6 address numbers (src/net/ip-number.ts). */
export interface Ipv6HeaderFields {
  readonly src: number;
  readonly dst: number;
  /** Hop Limit (the TTL field of the packet core), clamped to 0-255. */
  readonly ttl: number;
}

/**
 * Writes a 40-byte IPv6 header at `at` in `b`: version 6, traffic class 0, flow label 0, the payload length (the
 * bytes after this header), Next Header, Hop Limit, source and destination (RFC 8200 §3).
 */
export function writeIpv6Header(b: Uint8Array, at: number, h: Ipv6HeaderFields, nextHeader: number, payloadLength: number): void {
  const v = new DataView(b.buffer, b.byteOffset + at, IPV6_HEADER_LEN);
  v.setUint32(0, 0x60000000); // version 6, traffic class 0, flow label 0
  v.setUint16(4, payloadLength & 0xffff);
  v.setUint8(6, nextHeader);
  v.setUint8(7, Math.max(0, Math.min(255, h.ttl)));
  b.set(ipv6BytesOf(h.src), at + 8);
  b.set(ipv6BytesOf(h.dst), at + 24);
}

/**
 * RFC 8200 §8.1: the one's-complement sum (not folded) of the pseudo-header: source, destination, the 32-bit
 * upper-layer length and the 32-bit Next Header value. Add the upper-layer bytes and finish with finishChecksum.
 */
export function ipv6PseudoHeaderSum(src: number, dst: number, upperLength: number, nextHeader: number): number {
  let s = onesSum(ipv6BytesOf(src)) + onesSum(ipv6BytesOf(dst));
  s += Math.floor(upperLength / 0x10000) + (upperLength & 0xffff) + nextHeader;
  return s;
}

/** The IPv4 header (RFC 791 §3.1, no options) as bytes: for captures and for the copy inside ICMP errors. */
import { finishChecksum, onesSum } from './inet-checksum';

/** RFC 791: IPv4 header without options. */
export const IPV4_HEADER_LEN = 20;
/** IPv4 protocol numbers (IANA). */
export const IP_PROTO = { icmp: 1, udp: 17 } as const;

/** The header fields written. Addresses are unsigned 32-bit integers. */
export interface Ipv4HeaderFields {
  readonly id: number;
  readonly src: number;
  readonly dst: number;
  readonly ttl: number;
  readonly df?: boolean;
  /** RFC 791 fragment offset in 8-byte units, and the More Fragments flag. */
  readonly fragOffset?: number;
  readonly moreFragments?: boolean;
}

/**
 * Writes a 20-byte IPv4 header at `at` in `b`: identification = low 16 bits of `id`, flags DF/MF, the fragment
 * offset, TTL clamped to 0-255, the protocol, the total length, and the header checksum (RFC 791 §3.1).
 */
export function writeIpv4Header(b: Uint8Array, at: number, h: Ipv4HeaderFields, protocol: number, totalLength: number): void {
  const v = new DataView(b.buffer, b.byteOffset + at, IPV4_HEADER_LEN);
  v.setUint8(0, 0x45); // version 4, IHL 5 words
  v.setUint16(2, totalLength & 0xffff);
  v.setUint16(4, h.id & 0xffff);
  const flags = (h.df ? 0x4000 : 0) | (h.moreFragments ? 0x2000 : 0);
  v.setUint16(6, flags | ((h.fragOffset ?? 0) & 0x1fff));
  v.setUint8(8, Math.max(0, Math.min(255, h.ttl)));
  v.setUint8(9, protocol);
  v.setUint32(12, h.src >>> 0);
  v.setUint32(16, h.dst >>> 0);
  v.setUint16(10, 0);
  v.setUint16(10, finishChecksum(onesSum(b, at, at + IPV4_HEADER_LEN)));
}

/**
 * Text <-> bytes for IPv4 and IPv6 addresses, as carried in STUN address attributes (RFC 8489 §14.1).
 * IPv6 text output is canonical (RFC 5952: lower case, longest run of two or more zero groups shortened to '::');
 * the IPv6 text forms live in src/net/ipv6.ts, shared with the network layer.
 */
import { formatIpv6, tryParseIpv6 } from '../../net/ipv6';

/** Parses a dotted quad ('192.0.2.1') into 4 bytes, or undefined if it is not one. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Parses any RFC 4291 §2.2 text form of an IPv6 address (no zone id) into 16 bytes, or undefined. */
export function parseIPv6(text: string): Uint8Array | undefined {
  return tryParseIpv6(text);
}

/** Formats 4 bytes as a dotted quad. */
export function formatIPv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** Formats 16 bytes as canonical RFC 5952 IPv6 text (IPv4-mapped addresses with a dotted quad, §5). */
export function formatIPv6(bytes: Uint8Array): string {
  return formatIpv6(bytes);
}

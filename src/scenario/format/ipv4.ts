/**
 * Address and prefix helpers for validating scenario files: IPv4 (RFC 4632 prefix notation) and IPv6 (every RFC 4291
 * §2.2 text form, prefixes as in §2.3, canonical text per RFC 5952). They check what people wrote and say what would
 * be valid; addresses are the packet core's numbers (src/net/ip-number.ts: IPv4 its uint32, IPv6 interned).
 */
import { Cidr6 } from '../../net/cidr6';
import { IPV6_NUMBER_BASE, formatIp, internIpv6, tryParseIpNumber } from '../../net/ip-number';
import { tryParseIpv6 } from '../../net/ipv6';
import type { UnitResult } from './units';

/** Regular expression source for a dotted-quad IPv4 address (range of each octet is checked by parseIpv4). */
export const IPV4_PATTERN = '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$';
/** Regular expression source for an IPv4 prefix `a.b.c.d/len`. */
export const CIDR_PATTERN = '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$';
/** How to write an address, for error messages. */
export const IPV4_HINT = 'an IPv4 address like 192.168.1.10';
/** How to write a prefix, for error messages. */
export const CIDR_HINT = 'an IPv4 prefix like 192.168.1.0/24';

/** An IPv6 address's text, loosely (any RFC 4291 §2.2 form passes; parseIp says exactly what is wrong). */
const IPV6_LOOSE = '(?:[0-9A-Fa-f]{0,4}:){2,8}(?:[0-9A-Fa-f]{0,4}|\\d{1,3}(?:\\.\\d{1,3}){3})';
/** Regular expression source for an address of either family. */
export const IP_PATTERN = `^(?:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|${IPV6_LOOSE})$`;
/** Regular expression source for a prefix of either family. */
export const PREFIX_PATTERN = `^(?:\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}|${IPV6_LOOSE}/\\d{1,3})$`;
/** How to write an address of either family, for error messages. */
export const IP_HINT = 'an IPv4 address like 192.168.1.10 or an IPv6 address like 2001:db8::10';
/** How to write a prefix of either family, for error messages. */
export const PREFIX_HINT = 'an IPv4 prefix like 192.168.1.0/24 or an IPv6 prefix like 2001:db8:1::/64';

/** A parsed prefix of either family. */
export interface Cidr {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** Network address: an unsigned 32-bit integer for IPv4, an interned IPv6 number (src/net/ip-number.ts). */
  readonly base: number;
  /** Prefix length 0..32 (IPv4) or 0..128 (IPv6). */
  readonly length: number;
  /** IPv4: the mask as an unsigned 32-bit integer; IPv6: 0 (use cidrContains). */
  readonly mask: number;
  /** Canonical text, `a.b.c.d/len` or RFC 5952 `2001:db8::/64`. */
  readonly text: string;
  /** IPv6 only: the prefix for matching. */
  readonly v6?: Cidr6;
}

/** Parses a dotted quad into an unsigned 32-bit integer. */
export function parseIpv4(text: unknown): UnitResult<number> {
  if (typeof text !== 'string' || !new RegExp(IPV4_PATTERN, 'u').test(text)) {
    return { ok: false, error: `'${String(text)}' is not ${IPV4_HINT}` };
  }
  const octets = text.split('.').map(Number);
  const bad = octets.find((o) => o > 255);
  if (bad !== undefined) return { ok: false, error: `'${text}' has an octet above 255 (${bad})` };
  return { ok: true, value: (((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0) };
}

/** Formats an unsigned 32-bit integer as a dotted quad. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** The mask for a prefix length. */
function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** Parses an address of either family (a dotted quad or any RFC 4291 §2.2 IPv6 form) into its number. */
export function parseIp(text: unknown): UnitResult<number> {
  if (typeof text === 'string' && text.includes(':')) {
    const n = tryParseIpNumber(text);
    if (n !== undefined) return { ok: true, value: n };
    return { ok: false, error: `'${text}' is not an IPv6 address (RFC 4291 text like 2001:db8::10, ::1 or ::ffff:192.0.2.1; at most one ::, at most 8 groups of up to 4 hex digits, no zone id)` };
  }
  const v4 = parseIpv4(text);
  if (!v4.ok && typeof text === 'string' && !/^[\d.]+$/u.test(text)) return { ok: false, error: `'${text}' is not ${IP_HINT}` };
  return v4;
}

/** 4 or 6 for an address number. */
export function familyOf(ip: number): 4 | 6 {
  return ip >= IPV6_NUMBER_BASE ? 6 : 4;
}

/** Canonical text of an address number (dotted quad or RFC 5952). */
export function formatAddress(ip: number): string {
  return formatIp(ip);
}

/** Parses `v6/len`; host bits must be zero (the error suggests the right prefix). */
function parseCidr6(text: string): UnitResult<Cidr> {
  const slash = text.lastIndexOf('/');
  const bytes = slash > 0 ? tryParseIpv6(text.slice(0, slash)) : undefined;
  const lenText = text.slice(slash + 1);
  if (!bytes || !/^\d{1,3}$/u.test(lenText)) return { ok: false, error: `'${text}' is not an IPv6 prefix like 2001:db8:1::/64` };
  const length = Number(lenText);
  if (length > 128) return { ok: false, error: `prefix length ${length} is more than 128` };
  const v6 = new Cidr6(bytes, length);
  if (internIpv6(bytes) !== v6.base) return { ok: false, error: `'${text}' has host bits set; the prefix is ${v6.toString()}` };
  return { ok: true, value: { family: 6, base: v6.base, length, mask: 0, text: v6.toString(), v6 } };
}

/** Parses `a.b.c.d/len` or an IPv6 prefix (`2001:db8::/64`); host bits must be zero (the error suggests the right prefix). */
export function parseCidr(text: unknown): UnitResult<Cidr> {
  if (typeof text === 'string' && text.includes(':')) return parseCidr6(text);
  if (typeof text !== 'string' || !new RegExp(CIDR_PATTERN, 'u').test(text)) {
    return { ok: false, error: `'${String(text)}' is not ${typeof text === 'string' && /^[\d./]+$/u.test(text) ? CIDR_HINT : PREFIX_HINT}` };
  }
  const [addr, lenText] = text.split('/');
  const ip = parseIpv4(addr);
  if (!ip.ok) return ip;
  const length = Number(lenText);
  if (length > 32) return { ok: false, error: `prefix length ${length} is more than 32` };
  const mask = maskOf(length);
  const base = (ip.value & mask) >>> 0;
  const canonical = `${formatIpv4(base)}/${length}`;
  if (base !== ip.value) {
    return { ok: false, error: `'${text}' has host bits set; the prefix is ${canonical}` };
  }
  return { ok: true, value: { family: 4, base, length, mask, text: canonical } };
}

/** True when the address lies inside the prefix (an address of the other family never does). */
export function cidrContains(cidr: Cidr, ip: number): boolean {
  if (cidr.v6) return cidr.v6.contains(ip);
  return ip < IPV6_NUMBER_BASE && ((ip & cidr.mask) >>> 0) === cidr.base;
}

/** The first and last usable host addresses of a prefix (the whole range for /31 and /32, RFC 3021). */
export function usableRange(cidr: Cidr): { readonly first: number; readonly last: number } {
  const size = 2 ** (32 - cidr.length);
  if (cidr.length >= 31) return { first: cidr.base, last: cidr.base + size - 1 };
  return { first: cidr.base + 1, last: cidr.base + size - 2 };
}

/**
 * Checks that an address may be given to a member of the prefix: inside it, and not its network or broadcast
 * address. Returns an error that says which addresses are usable.
 */
export function checkHostAddress(cidr: Cidr, ip: number, text: string): string | undefined {
  if (cidr.family === 6) {
    if (!cidrContains(cidr, ip)) return `${text} is outside ${cidr.text}`;
    // RFC 4291 §2.6.1: the all-zero interface identifier is the Subnet-Router anycast address (RFC 6164 §6: not on /127).
    if (ip === cidr.base && cidr.length < 127) return `${text} is the Subnet-Router anycast address of ${cidr.text} (RFC 4291 §2.6.1); use another interface identifier`;
    return undefined;
  }
  const { first, last } = usableRange(cidr);
  const usable = `${formatIpv4(first)} to ${formatIpv4(last)}`;
  if (!cidrContains(cidr, ip)) return `${text} is outside ${cidr.text} (usable: ${usable})`;
  if (ip < first) return `${text} is the network address of ${cidr.text} (usable: ${usable})`;
  if (ip > last) return `${text} is the broadcast address of ${cidr.text} (usable: ${usable})`;
  return undefined;
}

/**
 * Minimal IPv4 address and CIDR helpers for validating scenario files (RFC 4632 prefix notation). The network
 * layer has its own hot-path representation; these only check what people wrote and say what would be valid.
 */
import type { UnitResult } from './units';

/** Regular expression source for a dotted-quad IPv4 address (range of each octet is checked by parseIpv4). */
export const IPV4_PATTERN = '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$';
/** Regular expression source for an IPv4 prefix `a.b.c.d/len`. */
export const CIDR_PATTERN = '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$';
/** How to write an address, for error messages. */
export const IPV4_HINT = 'an IPv4 address like 192.168.1.10';
/** How to write a prefix, for error messages. */
export const CIDR_HINT = 'an IPv4 prefix like 192.168.1.0/24';

/** A parsed prefix. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length 0..32. */
  readonly length: number;
  /** The mask as an unsigned 32-bit integer. */
  readonly mask: number;
  /** Canonical text, `a.b.c.d/len`. */
  readonly text: string;
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

/** Parses `a.b.c.d/len`; host bits must be zero (the error suggests the right prefix). */
export function parseCidr(text: unknown): UnitResult<Cidr> {
  if (typeof text !== 'string' || !new RegExp(CIDR_PATTERN, 'u').test(text)) {
    return { ok: false, error: `'${String(text)}' is not ${CIDR_HINT}` };
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
  return { ok: true, value: { base, length, mask, text: canonical } };
}

/** True when the address lies inside the prefix. */
export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ((ip & cidr.mask) >>> 0) === cidr.base;
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
  const { first, last } = usableRange(cidr);
  const usable = `${formatIpv4(first)} to ${formatIpv4(last)}`;
  if (!cidrContains(cidr, ip)) return `${text} is outside ${cidr.text} (usable: ${usable})`;
  if (ip < first) return `${text} is the network address of ${cidr.text} (usable: ${usable})`;
  if (ip > last) return `${text} is the broadcast address of ${cidr.text} (usable: ${usable})`;
  return undefined;
}

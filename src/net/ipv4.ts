/**
 * IPv4 addresses as unsigned 32-bit integers: cheap to copy, compare and hash on the hot path. Strings are only
 * for people and for the dgram-shaped socket API.
 */
import { AddressError } from './errors';

/** An IPv4 address as an unsigned 32-bit integer (0 .. 2^32-1). */
export type Ipv4 = number;

/** The unspecified address 0.0.0.0 ("any interface"). */
export const ANY_IPV4: Ipv4 = 0;

/**
 * Parses a dotted quad; undefined when it is not one. Accepts exactly four decimal octets 0-255 without leading
 * zeros (RFC 6943 §3.1.1 strict form); a hand-written scanner, as it runs for every address a scenario names.
 */
export function tryParseIpv4(text: string): Ipv4 | undefined {
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46; // a virtual '.' ends the last octet
    if (c === 46) {
      if (digits === 0 || octet > 255) return undefined;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return undefined;
    } else {
      return undefined;
    }
  }
  return parts === 4 ? value : undefined;
}

/** Parses a dotted quad like `192.0.2.1`; throws AddressError naming the text otherwise. */
export function parseIpv4(text: string): Ipv4 {
  const v = tryParseIpv4(text);
  if (v === undefined) {
    throw new AddressError(`'${text}' is not an IPv4 address (expected four numbers 0-255, like 192.0.2.1)`);
  }
  return v;
}

/** Formats an address as a dotted quad. */
export function formatIpv4(ip: Ipv4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** True for strings that parse as IPv4 dotted quads. */
export function isIpv4(text: string): boolean {
  return tryParseIpv4(text) !== undefined;
}

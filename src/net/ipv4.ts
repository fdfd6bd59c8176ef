/**
 * IPv4 addresses as unsigned 32-bit integers: cheap to copy, compare and hash on the hot path. Strings are only
 * for people and for the dgram-shaped socket API.
 */
import { AddressError } from './errors';

/** An IPv4 address as an unsigned 32-bit integer (0 .. 2^32-1). */
export type Ipv4 = number;

/** The unspecified address 0.0.0.0 ("any interface"). */
export const ANY_IPV4: Ipv4 = 0;

/** Parses a dotted quad; undefined when it is not one. */
export function tryParseIpv4(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
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

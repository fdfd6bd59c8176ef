/**
 * IP addresses of either family as text people read and write: parse (RFC 4291 §2.2 for IPv6, dotted quads for
 * IPv4), canonical output (RFC 5952 for IPv6), and transport addresses (`192.0.2.1:3478`, and for IPv6
 * `[2001:db8::1]:3478`, RFC 5952 §6 / RFC 3986 §3.2.2), as bytes. The packet core uses address numbers of either
 * family instead (src/net/ip-number.ts).
 */
import { AddressError } from './errors';
import { formatIpv4, tryParseIpv4 } from './ipv4';
import { formatIpv6, tryParseIpv6 } from './ipv6';

/** An address family: 4 or 6. */
export type IpFamily = 4 | 6;

/** An address of either family as network-order bytes (4 or 16 of them). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly bytes: Uint8Array;
}

/** A transport address in canonical text, e.g. `{ family: 6, address: '2001:db8::1', port: 3478 }`. */
export interface TransportAddressText {
  readonly family: IpFamily;
  /** Canonical: a dotted quad, or RFC 5952 text without brackets. */
  readonly address: string;
  readonly port: number;
}

/** Parses an IPv4 dotted quad or any RFC 4291 IPv6 text; undefined when it is neither. */
export function tryParseIp(text: string): IpAddress | undefined {
  const v4 = tryParseIpv4(text);
  if (v4 !== undefined) return { family: 4, bytes: Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255) };
  const v6 = tryParseIpv6(text);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

/** Parses an address of either family; throws AddressError saying what is valid. */
export function parseIp(text: string): IpAddress {
  const ip = tryParseIp(text);
  if (!ip) {
    throw new AddressError(`'${text}' is not an IP address (expected IPv4 like 192.0.2.1 or IPv6 like 2001:db8::1)`);
  }
  return ip;
}

/** The family of `text`, or undefined when it is not an address. */
export function ipFamily(text: string): IpFamily | undefined {
  return tryParseIp(text)?.family;
}

/** Canonical text: a dotted quad, or RFC 5952 IPv6. */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    const b = ip.bytes;
    return formatIpv4(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0);
  }
  return formatIpv6(ip.bytes);
}

/** Rewrites an address of either family in canonical text; throws AddressError for a non-address. */
export function canonicalIp(text: string): string {
  return formatIp(parseIp(text));
}

/** `address:port` for IPv4, `[address]:port` for IPv6 (RFC 5952 §6), the address canonical. */
export function formatTransportAddressText(address: string, port: number): string {
  const ip = parseIp(address);
  return ip.family === 6 ? `[${formatIp(ip)}]:${port}` : `${formatIp(ip)}:${port}`;
}

const PORT = /^(0|[1-9]\d{0,4})$/;

/**
 * Parses `192.0.2.1:3478` or `[2001:db8::1]:3478`. An IPv6 address without brackets is refused: its last group
 * cannot be told from a port.
 * @throws AddressError saying what is valid
 */
export function parseTransportAddressText(text: string): TransportAddressText {
  const bracketed = /^\[([^\]]+)\]:([^:]*)$/.exec(text);
  const plain = bracketed ? null : /^([^:[\]]+):([^:]*)$/.exec(text);
  const m = bracketed ?? plain;
  const valid = 'expected IPv4:PORT like 192.0.2.1:3478 or [IPv6]:PORT like [2001:db8::1]:3478';
  if (!m) throw new AddressError(`'${text}' is not a transport address (${valid})`);
  const ip = tryParseIp(m[1]);
  if (!ip || (bracketed ? ip.family !== 6 : ip.family !== 4)) {
    throw new AddressError(`'${text}': '${m[1]}' is not an ${bracketed ? 'IPv6' : 'IPv4'} address (${valid})`);
  }
  if (!PORT.test(m[2]) || Number(m[2]) > 65535) throw new AddressError(`'${text}': port '${m[2]}' is not 0-65535 (${valid})`);
  return { family: ip.family, address: formatIp(ip), port: Number(m[2]) };
}

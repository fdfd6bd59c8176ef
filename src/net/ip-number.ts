/**
 * Addresses of either family as plain numbers, the packet core's one address type (docs/packet-core.md).
 *
 * - An IPv4 address is its uint32 value (0 .. 2^32-1), as it always was.
 * - An IPv6 address (RFC 8200, RFC 4291) is *interned*: the first time the process sees one it gets the next number
 *   from 2^32 upwards (the table is src/sim/address-numbers.ts, so the trace can print it). Endpoint keys
 *   (`ip * 65536 + port`) stay exact doubles.
 *
 * An IPv6 number depends on the order addresses were first seen, so it is **opaque**: compare IPv6 numbers for
 * equality only, never order by them, never print them. Anything a user reads goes through `formatIp` (RFC 5952);
 * anything ordered is ordered by text or bytes.
 */
import { IPV6_NUMBER_BASE as ADDRESS_NUMBER_BASE, addressNumberText, endpointNumberText, internIpv6Number, ipv6NumberBytes, isIpv6Number as isIpv6AddressNumber } from '../sim/address-numbers';
import { tryParseIpv4 } from './ipv4';
import { formatIpv6, tryParseIpv6 } from './ipv6';

/**
 * The first IPv6 address number (2^32). Declared here as a constant of this module rather than re-exported:
 * TypeScript compiles a re-export to a getter, which every hot-path comparison `ip >= IPV6_NUMBER_BASE` would call.
 */
export const IPV6_NUMBER_BASE: number = ADDRESS_NUMBER_BASE;
/** True for an IPv6 address number (>= 2^32). */
export const isIpv6Number: (ip: number) => boolean = isIpv6AddressNumber;

/** An address of either family as a number: IPv4 below 2^32, IPv6 interned at 2^32 and above. */
export type IpNumber = number;

/** 4 or 6. */
export function ipNumberFamily(ip: IpNumber): 4 | 6 {
  return ip >= IPV6_NUMBER_BASE ? 6 : 4;
}

/** The number of a 16-byte IPv6 address (interned on first sight). */
export function internIpv6(bytes: Uint8Array): IpNumber {
  return internIpv6Number(bytes, () => formatIpv6(bytes));
}

/** The 16 bytes of an IPv6 address number (shared: do not write to them). */
export const ipv6BytesOf: (ip: IpNumber) => Uint8Array = ipv6NumberBytes;

/** The address's bytes in network order: 4 for IPv4, 16 for IPv6. */
export function ipBytesOf(ip: IpNumber): Uint8Array {
  if (ip >= IPV6_NUMBER_BASE) return ipv6NumberBytes(ip);
  return Uint8Array.of(ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255);
}

/** The number of either family's address text (dotted quad, or any RFC 4291 §2.2 form); undefined otherwise. */
export function tryParseIpNumber(text: string): IpNumber | undefined {
  const v4 = tryParseIpv4(text);
  if (v4 !== undefined) return v4;
  const v6 = tryParseIpv6(text);
  return v6 ? internIpv6(v6) : undefined;
}

/** Canonical text: a dotted quad, or RFC 5952 IPv6 (without brackets). */
export const formatIp: (ip: IpNumber) => string = addressNumberText;

/** `a.b.c.d:port`, or `[v6]:port` (RFC 5952 §6). */
export const formatIpEndpoint: (ip: IpNumber, port: number) => string = endpointNumberText;

/** The IPv6 unspecified address `::` (RFC 4291 §2.5.2). */
export const ANY_IPV6: IpNumber = internIpv6(new Uint8Array(16));
/** The IPv6 loopback address `::1` (RFC 4291 §2.5.3). */
export const LOOPBACK_IPV6: IpNumber = internIpv6(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));

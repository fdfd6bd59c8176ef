/**
 * IPv4-embedded IPv6 addresses, RFC 6052 §2: how a NAT64 (RFC 6146) and the IPv6-only hosts behind it name an IPv4
 * host. The IPv4 address is written into a NAT64 prefix of length 32, 40, 48, 56, 64 or 96; bits 64-71 (the "u"
 * octet, byte 8) stay zero, so for prefixes shorter than /64 the IPv4 bytes jump over byte 8 (§2.2):
 *
 *   /32  PL(0-3)  v4(4-7)     u  suffix
 *   /40  PL(0-4)  v4(5-7)     u  v4(9)     suffix
 *   /48  PL(0-5)  v4(6-7)     u  v4(9-10)  suffix
 *   /56  PL(0-6)  v4(7)       u  v4(9-11)  suffix
 *   /64  PL(0-7)              u  v4(9-12)  suffix
 *   /96  PL(0-11)                          v4(12-15)
 *
 * The suffix is zero. The Well-Known Prefix 64:ff9b::/96 (§2.1) must not carry non-global IPv4 addresses (§3.1):
 * `synthesizeIpv6` refuses RFC 1918, shared (RFC 6598), loopback, link-local, "this network", multicast and reserved
 * space for it. natsim treats the RFC 5737 documentation ranges as global, because scenarios use them as public
 * addresses. Name resolution (RFC 7050 prefix discovery) is not modelled: a host is configured with its prefix.
 */
import { IpPrefix } from './address-prefix';
import { AddressError } from './errors';
import { formatIpv4, tryParseIpv4, type Ipv4 } from './ipv4';
import { formatIpv6, tryParseIpv6, type Ipv6Bytes } from './ipv6';

/** The Well-Known Prefix for algorithmic translation (RFC 6052 §2.1). */
export const NAT64_WELL_KNOWN_PREFIX = '64:ff9b::/96';

/** Prefix lengths RFC 6052 §2.2 allows. */
export const NAT64_PREFIX_LENGTHS: readonly number[] = Object.freeze([32, 40, 48, 56, 64, 96]);

/** A NAT64 prefix: its 16 bytes (host bits zero) and length. Build with parseNat64Prefix. */
export interface Nat64Prefix {
  readonly bytes: Ipv6Bytes;
  readonly length: number;
  /** Canonical text, e.g. `64:ff9b::/96`. */
  readonly text: string;
}

/**
 * Parses a NAT64 prefix such as `64:ff9b::/96` or `2001:db8:64::/48`.
 * @throws AddressError naming the text and the valid lengths, for a non-IPv6 prefix, a length RFC 6052 §2.2 does
 *   not allow, or a /96 or shorter prefix whose byte 8 (the u octet, §2.2) is not zero
 */
export function parseNat64Prefix(text: string): Nat64Prefix {
  let prefix: IpPrefix;
  try {
    prefix = IpPrefix.parse(text);
  } catch {
    throw new AddressError(`'${text}' is not a NAT64 prefix (expected an IPv6 prefix like 64:ff9b::/96, RFC 6052 §2)`);
  }
  if (prefix.family !== 6 || !NAT64_PREFIX_LENGTHS.includes(prefix.bits)) {
    throw new AddressError(`'${text}' is not a NAT64 prefix: RFC 6052 §2.2 allows IPv6 prefixes of length ${NAT64_PREFIX_LENGTHS.join(', ')}`);
  }
  if (prefix.bits > 64 && prefix.base[8] !== 0) {
    throw new AddressError(`'${text}' is not a NAT64 prefix: bits 64-71 must be zero (RFC 6052 §2.2)`);
  }
  return { bytes: prefix.base, length: prefix.bits, text: prefix.toString() };
}

/** Byte positions of the four IPv4 bytes for a prefix length (RFC 6052 §2.2: byte 8 is skipped). */
function ipv4Positions(length: number): number[] {
  const out: number[] = [];
  for (let i = length / 8; out.length < 4; i++) if (i !== 8) out.push(i);
  return out;
}

/**
 * True for IPv4 addresses RFC 6052 §3.1 calls non-global (must not be embedded in the Well-Known Prefix): 0/8,
 * 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16, 198.18/15, 224/4 and 240/4.
 */
export function isNonGlobalIpv4(ip: Ipv4): boolean {
  const a = ip >>> 24;
  const b = (ip >>> 16) & 0xff;
  const c = (ip >>> 8) & 0xff;
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b < 128) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 0 && c === 0) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/**
 * The IPv6 address naming `ipv4` under `prefix` (RFC 6052 §2.2), or undefined when the prefix is the Well-Known
 * Prefix and `ipv4` is non-global (§3.1) or `ipv4` is not a dotted quad.
 */
export function synthesizeIpv6(prefix: Nat64Prefix, ipv4: Ipv4 | string): Ipv6Bytes | undefined {
  const v4 = typeof ipv4 === 'string' ? tryParseIpv4(ipv4) : ipv4;
  if (v4 === undefined) return undefined;
  if (prefix.text === NAT64_WELL_KNOWN_PREFIX && isNonGlobalIpv4(v4)) return undefined;
  const out = new Uint8Array(16);
  out.set(prefix.bytes.subarray(0, prefix.length / 8));
  const v4bytes = [v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff];
  ipv4Positions(prefix.length).forEach((at, i) => (out[at] = v4bytes[i]));
  return out;
}

/** `synthesizeIpv6` as RFC 5952 text, e.g. `64:ff9b::c633:6402` for 198.51.100.2. */
export function synthesizeIpv6Text(prefix: Nat64Prefix, ipv4: Ipv4 | string): string | undefined {
  const bytes = synthesizeIpv6(prefix, ipv4);
  return bytes && formatIpv6(bytes);
}

/**
 * The IPv4 address embedded in `ipv6` (bytes or text) under `prefix` (RFC 6052 §2.3), or undefined when the address
 * is not inside the prefix or its u octet or suffix is not zero.
 */
export function extractIpv4(prefix: Nat64Prefix, ipv6: Ipv6Bytes | string): Ipv4 | undefined {
  const bytes = typeof ipv6 === 'string' ? tryParseIpv6(ipv6) : ipv6;
  if (!bytes || bytes.length !== 16) return undefined;
  const n = prefix.length / 8;
  for (let i = 0; i < n; i++) if (bytes[i] !== prefix.bytes[i]) return undefined;
  const at = ipv4Positions(prefix.length);
  for (let i = n; i < 16; i++) if (!at.includes(i) && bytes[i] !== 0) return undefined;
  return ((bytes[at[0]] << 24) | (bytes[at[1]] << 16) | (bytes[at[2]] << 8) | bytes[at[3]]) >>> 0;
}

/** `extractIpv4` as a dotted quad. */
export function extractIpv4Text(prefix: Nat64Prefix, ipv6: Ipv6Bytes | string): string | undefined {
  const v4 = extractIpv4(prefix, ipv6);
  return v4 === undefined ? undefined : formatIpv4(v4);
}

/**
 * IPv6 prefixes (RFC 4291 §2.3, `2001:db8::/32`) over the packet core's address numbers (src/net/ip-number.ts),
 * the IPv6 counterpart of the IPv4 `Cidr`, and `NetPrefix`, a prefix of either family as networks and route
 * tables hold them. An IPv4 number never matches an IPv6 prefix, nor an IPv6 number an IPv4 `Cidr`.
 */
import { AddressError } from './errors';
import { Cidr } from './cidr';
import { IPV6_NUMBER_BASE, IpNumber, internIpv6, ipv6BytesOf } from './ip-number';
import { formatIpv6, tryParseIpv6 } from './ipv6';

/** An IPv6 prefix such as 2001:db8:1::/64. Immutable. */
export class Cidr6 {
  /** Always 6 (IPv4 prefixes are `Cidr`, family 4). */
  readonly family = 6 as const;
  /** The network address (host bits cleared), 16 bytes; do not write to it. */
  readonly bytes: Uint8Array;
  /** The network address as an address number. */
  readonly base: IpNumber;
  /**
   * key: address number -> whether it is inside. Route lookups see the same few addresses again and again and
   * an IPv6 number is opaque (its bits are not in the number), so matching caches the byte comparison.
   */
  private readonly memo = new Map<IpNumber, boolean>();

  /**
   * @param address any address inside the prefix, 16 bytes
   * @param bits prefix length 0..128
   */
  constructor(address: Uint8Array, readonly bits: number) {
    if (address.byteLength !== 16) throw new AddressError(`an IPv6 prefix needs a 16-byte address, got ${address.byteLength}`);
    if (!Number.isInteger(bits) || bits < 0 || bits > 128) throw new AddressError(`prefix length must be 0-128 for IPv6, got ${bits}`);
    this.bytes = address.map((b, i) => b & maskByte(bits, i));
    this.base = internIpv6(this.bytes);
  }

  /** Parses `v6/n` (any RFC 4291 §2.2 address form); throws AddressError with what is valid. */
  static parse(text: string): Cidr6 {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
    const bytes = m ? tryParseIpv6(m[1]) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (!m || bytes === undefined || bits > 128) {
      throw new AddressError(`'${text}' is not an IPv6 prefix (expected address/length with a length 0-128, like 2001:db8::/64)`);
    }
    return new Cidr6(bytes, bits);
  }

  /** True when `ip` is an IPv6 address inside this prefix (always false for an IPv4 number). */
  contains(ip: IpNumber): boolean {
    if (ip < IPV6_NUMBER_BASE) return false;
    let hit = this.memo.get(ip);
    if (hit === undefined) {
      hit = this.matches(ipv6BytesOf(ip));
      if (this.memo.size >= 4096) this.memo.clear();
      this.memo.set(ip, hit);
    }
    return hit;
  }

  private matches(b: Uint8Array): boolean {
    const full = this.bits >>> 3;
    for (let i = 0; i < full; i++) if (b[i] !== this.bytes[i]) return false;
    const rest = this.bits & 7;
    return rest === 0 || (b[full] & maskByte(this.bits, full)) === this.bytes[full];
  }

  /** Canonical text (RFC 5952), e.g. `2001:db8::/32`. */
  toString(): string {
    return `${formatIpv6(this.bytes)}/${this.bits}`;
  }
}

/** The mask's byte `i` for a prefix of `bits`. */
function maskByte(bits: number, i: number): number {
  const left = bits - 8 * i;
  if (left >= 8) return 0xff;
  if (left <= 0) return 0;
  return (0xff << (8 - left)) & 0xff;
}

/** A prefix of either family: an IPv4 `Cidr` (family 4) or an IPv6 `Cidr6` (family 6). */
export type NetPrefix = Cidr | Cidr6;

/** Parses a prefix of either family (`10.0.0.0/8`, `2001:db8::/32`): text with a colon is IPv6; throws AddressError saying what is valid. */
export function parseNetPrefix(text: string): NetPrefix {
  return text.includes(':') ? Cidr6.parse(text) : Cidr.parse(text);
}

/** The default route of a family: 0.0.0.0/0 or ::/0. */
export const DEFAULT_ROUTE_V4 = new Cidr(0, 0);
/** ::/0 (RFC 4291 §2.5.2's unspecified address with length 0). */
export const DEFAULT_ROUTE_V6 = new Cidr6(new Uint8Array(16), 0);

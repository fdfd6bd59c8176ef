/**
 * IPv4-embedded IPv6 addresses (RFC 6052): the NAT64 prefix and how an IPv4 address sits inside it.
 *
 * RFC 6052 §2.2: the prefix length is 32, 40, 48, 56, 64 or 96. The IPv4 address fills the 32 bits after the
 * prefix, except that bits 64-71 (the "u" octet, byte 8) are skipped and MUST be zero; the suffix after the
 * IPv4 address is zero. RFC 6052 §2.1: the Well-Known Prefix is 64:ff9b::/96, and §3.1 says it MUST NOT be used
 * to represent non-global IPv4 addresses (RFC 1918 private space and the like).
 *
 * A host learns the prefix by configuration in natsim (RFC 7050's DNS discovery has nothing to ask without a DNS
 * model; docs/nat64.md): HostEnv.nat64Prefix, and `synthesize()` is what such a host does to reach an IPv4
 * literal. Address math only, so it lives in the network layer; the NAT64 (src/nat) uses it too.
 */
import { AddressError } from './errors';
import { IpNumber, formatIp, internIpv6, ipv6BytesOf, isIpv6Number } from './ip-number';
import { tryParseIpv6 } from './ipv6';

/** RFC 6052 §2.1: the Well-Known Prefix. */
export const WELL_KNOWN_NAT64_PREFIX = '64:ff9b::/96';

/** RFC 6052 §2.2: the prefix lengths an IPv4-embedded address may use. */
export const NAT64_PREFIX_LENGTHS = [32, 40, 48, 56, 64, 96] as const;

/** What a NAT64 prefix may be, for error messages. */
export const NAT64_PREFIX_VALID = `an IPv6 prefix of length ${NAT64_PREFIX_LENGTHS.join(', ')} (RFC 6052 §2.2), like ${WELL_KNOWN_NAT64_PREFIX} or 2001:db8:64::/96`;

/** The u octet (bits 64-71, RFC 6052 §2.2). */
const U_OCTET = 8;

/**
 * Byte positions of the four IPv4 bytes for each prefix length (RFC 6052 §2.2, figure 1): the bytes after the
 * prefix, skipping byte 8.
 */
function ipv4Positions(length: number): readonly number[] {
  const out: number[] = [];
  for (let i = length / 8; out.length < 4; i++) if (i !== U_OCTET) out.push(i);
  return out;
}

/**
 * True for an IPv4 address that is not global and so may not be embedded in the Well-Known Prefix
 * (RFC 6052 §3.1): 0.0.0.0/8, 10/8, 127/8, 169.254/16, 172.16/12, 192.168/16 (RFC 1918, RFC 6890). The
 * documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) stand for public addresses in natsim's
 * scenarios and are allowed.
 */
export function isNonGlobalIpv4(ip: number): boolean {
  const a = ip >>> 24;
  const b = (ip >>> 16) & 255;
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31)
    || (a === 192 && b === 168);
}

/** A NAT64 prefix (RFC 6052): embeds IPv4 addresses into IPv6 and takes them out again. */
export class Nat64Prefix {
  /** The prefix bytes (host bits zero). */
  readonly bytes: Uint8Array;
  /** True for 64:ff9b::/96 (RFC 6052 §3.1 applies). */
  readonly wellKnown: boolean;
  private readonly positions: readonly number[];
  /** key: IPv4 (uint32) -> its IPv6 representation's number (a cache: interning hashes 16 bytes). */
  private readonly embedded = new Map<number, IpNumber>();

  private constructor(bytes: Uint8Array, readonly length: number, private readonly text: string) {
    this.bytes = bytes;
    this.positions = ipv4Positions(length);
    this.wellKnown = length === 96 && bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b
      && bytes.subarray(4, 12).every((b) => b === 0);
  }

  /**
   * Parses `address/length`; throws AddressError (message: what is wrong; `NAT64_PREFIX_VALID`: what is valid)
   * unless the length is one of RFC 6052 §2.2's and, for a /96, the u octet (byte 8) is zero.
   */
  static parse(text: string): Nat64Prefix {
    const m = typeof text === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(text.trim()) : null;
    const addr = m ? tryParseIpv6(m[1]) : undefined;
    const length = m ? Number(m[2]) : NaN;
    if (!addr || !(NAT64_PREFIX_LENGTHS as readonly number[]).includes(length)) {
      throw new AddressError(`${JSON.stringify(text)} is not a NAT64 prefix; valid: ${NAT64_PREFIX_VALID}`);
    }
    const bytes = new Uint8Array(16);
    bytes.set(addr.subarray(0, length / 8));
    if (length === 96 && bytes[U_OCTET] !== 0) {
      throw new AddressError(`${text}: bits 64-71 of a /96 NAT64 prefix must be zero (RFC 6052 §2.2); valid: ${NAT64_PREFIX_VALID}`);
    }
    const canonical = `${formatPrefixText(bytes)}/${length}`;
    return new Nat64Prefix(bytes, length, canonical);
  }

  /** The IPv6 representation of IPv4 `ip` (RFC 6052 §2.3 address synthesis). */
  embed(ip: number): IpNumber {
    let v6 = this.embedded.get(ip);
    if (v6 === undefined) {
      const b = Uint8Array.from(this.bytes);
      const v4 = [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
      this.positions.forEach((p, i) => { b[p] = v4[i]; });
      v6 = internIpv6(b);
      this.embedded.set(ip, v6);
    }
    return v6;
  }

  /** Same as embed: what a host configured with this prefix does to reach an IPv4 address (RFC 7050 §3). */
  synthesize(ip: number): IpNumber {
    return this.embed(ip);
  }

  /**
   * The IPv4 address embedded in `ip` (RFC 6052 §2.3 extraction), or -1 when `ip` is not IPv6, not inside the
   * prefix, or not a valid embedding (a non-zero u octet).
   */
  extract(ip: IpNumber): number {
    if (!isIpv6Number(ip)) return -1;
    const b = ipv6BytesOf(ip);
    const n = this.length / 8;
    for (let i = 0; i < n; i++) if (b[i] !== this.bytes[i]) return -1;
    if (this.length < 96 && b[U_OCTET] !== 0) return -1;
    const p = this.positions;
    return ((b[p[0]] << 24) | (b[p[1]] << 16) | (b[p[2]] << 8) | b[p[3]]) >>> 0;
  }

  /** True when `ip` is an IPv6 address inside the prefix. */
  contains(ip: IpNumber): boolean {
    if (!isIpv6Number(ip)) return false;
    const b = ipv6BytesOf(ip);
    for (let i = 0; i < this.length / 8; i++) if (b[i] !== this.bytes[i]) return false;
    return true;
  }

  /** Canonical text, e.g. `64:ff9b::/96`. */
  toString(): string {
    return this.text;
  }
}

/** RFC 5952 text of the prefix bytes (interned once per prefix: there are few). */
function formatPrefixText(bytes: Uint8Array): string {
  return formatIp(internIpv6(bytes));
}

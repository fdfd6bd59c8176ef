/**
 * Address prefixes of either family (`10.0.0.0/8`, `2001:db8::/32`, `64:ff9b::/96`): parse, canonical text, and
 * matching, including the longest match over a list, as routing in both families needs (RFC 4632 §3.1 for IPv4;
 * RFC 4291 §2.3 prefix notation for IPv6). Host bits are cleared, as for src/net/cidr.ts. This is the byte-based
 * form for text and protocol code; the packet core's prefixes over address numbers are Cidr and Cidr6 (cidr6.ts).
 */
import { formatIp, IpAddress, IpFamily, tryParseIp } from './address';
import { AddressError } from './errors';

/** A prefix of either family. Create with IpPrefix.parse or new IpPrefix(address, bits). */
export class IpPrefix {
  /** The network address (host bits cleared), 4 or 16 bytes. */
  readonly base: Uint8Array;

  /**
   * @param address any address inside the prefix
   * @param bits prefix length, 0-32 for IPv4 and 0-128 for IPv6
   */
  constructor(address: IpAddress, readonly bits: number) {
    const max = address.bytes.length * 8;
    if (!Number.isInteger(bits) || bits < 0 || bits > max) {
      throw new AddressError(`prefix length must be 0-${max} for IPv${address.family}, got ${bits}`);
    }
    this.base = address.bytes.map((b, i) => b & maskByte(bits, i));
  }

  /** Parses `address/length` of either family; throws AddressError saying what is valid. */
  static parse(text: string): IpPrefix {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
    const ip = m ? tryParseIp(m[1]) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (!m || !ip || bits > ip.bytes.length * 8) {
      throw new AddressError(`'${text}' is not an address prefix (expected address/length, like 192.168.1.0/24 with a length 0-32, or 2001:db8::/32 with 0-128)`);
    }
    return new IpPrefix(ip, bits);
  }

  /** 4 or 6. */
  get family(): IpFamily {
    return this.base.length === 4 ? 4 : 6;
  }

  /** True when `address` (text or bytes) is inside the prefix; an address of the other family never is. */
  contains(address: IpAddress | string): boolean {
    const ip = typeof address === 'string' ? tryParseIp(address) : address;
    if (!ip || ip.bytes.length !== this.base.length) return false;
    for (let i = 0; i < this.base.length; i++) {
      if ((ip.bytes[i] & maskByte(this.bits, i)) !== this.base[i]) return false;
    }
    return true;
  }

  /** Canonical text, e.g. `2001:db8::/32`. */
  toString(): string {
    return `${formatIp({ family: this.family, bytes: this.base })}/${this.bits}`;
  }
}

/** The mask's byte `i` for a prefix of `bits`. */
function maskByte(bits: number, i: number): number {
  const left = bits - 8 * i;
  if (left >= 8) return 0xff;
  if (left <= 0) return 0;
  return (0xff << (8 - left)) & 0xff;
}

/** The index of the longest prefix in `prefixes` containing `address` (the first of equal ones), or -1. */
export function longestPrefixMatch(prefixes: readonly IpPrefix[], address: IpAddress | string): number {
  const ip = typeof address === 'string' ? tryParseIp(address) : address;
  let best = -1;
  if (!ip) return best;
  prefixes.forEach((p, i) => {
    if (p.contains(ip) && (best < 0 || p.bits > prefixes[best].bits)) best = i;
  });
  return best;
}

/** CIDR prefixes (RFC 4632) over integer IPv4 addresses. */
import { AddressError } from './errors';
import { Ipv4, formatIpv4, tryParseIpv4 } from './ipv4';

/** An IPv4 prefix such as 192.168.1.0/24. */
export class Cidr {
  /** Always 4 (IPv6 prefixes are `Cidr6`, src/net/cidr6.ts). */
  readonly family = 4 as const;
  /** The network mask as an unsigned integer (e.g. 0xffffff00 for /24). */
  readonly mask: number;

  /**
   * @param base the network address (host bits are cleared)
   * @param bits prefix length 0..32
   */
  constructor(readonly base: Ipv4, readonly bits: number) {
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) {
      throw new AddressError(`prefix length must be 0-32, got ${bits}`);
    }
    this.mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    this.base = (base & this.mask) >>> 0;
  }

  /** Parses `a.b.c.d/n`; throws AddressError with what is valid. */
  static parse(text: string): Cidr {
    const m = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
    const ip = m ? tryParseIpv4(m[1]) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (!m || ip === undefined || bits > 32) {
      throw new AddressError(`'${text}' is not a CIDR prefix (expected address/length, like 192.168.1.0/24)`);
    }
    return new Cidr(ip, bits);
  }

  /**
   * True when `ip` lies inside this prefix. An IPv6 address number (>= 2^32, src/net/ip-number.ts) never does:
   * `& mask` would look at its low 32 bits only.
   */
  contains(ip: Ipv4): boolean {
    return ip < 0x100000000 && ((ip & this.mask) >>> 0) === this.base;
  }

  /** Number of addresses covered. */
  get size(): number {
    return 2 ** (32 - this.bits);
  }

  /** `a.b.c.d/n`. */
  toString(): string {
    return `${formatIpv4(this.base)}/${this.bits}`;
  }
}

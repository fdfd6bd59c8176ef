/**
 * NPTv6 (RFC 6296): stateless, checksum-neutral IPv6-to-IPv6 prefix translation, natsim's NAT66 option.
 *
 * An inside prefix and an outside prefix of the same length (RFC 6296 §3.1) swap places in the source address of
 * outbound packets and the destination address of inbound ones; the host part is kept, except one 16-bit word
 * that absorbs the difference of the prefixes' one's-complement sums, so the address's contribution to every
 * transport checksum (the pseudo-header, RFC 8200 §8.1) is unchanged and no port or checksum is rewritten
 * (§3.2 outbound, §3.3 inbound). Which word: bits 48-63 (the subnet ID) for a /48 or shorter prefix (§3.4);
 * for a /49 to /64 prefix, the first word of the interface identifier (bits 64-127) that is not 0xFFFF (§3.5).
 * A word that is 0xFFFF cannot carry the adjustment and the packet is dropped (§3.4, §3.5); a result of 0xFFFF
 * is written as 0x0000 (the two zeros of one's-complement arithmetic, §3.4).
 *
 * RFC 6296 §3.6's example (/48, FD01:0203:0405::/48 <-> 2001:0DB8:0001::/48): FD01:0203:0405:0001::1234
 * becomes 2001:0DB8:0001:D550::1234 (test/nat/nptv6.test.ts checks it).
 */
import { IpNumber, internIpv6, ipv6BytesOf, isIpv6Number } from '../net/ip-number';
import { tryParseIpv6 } from '../net/ipv6';
import { NatConfigError } from './nat-errors';

/** RFC 6296 §3.5: prefixes longer than /64 would leave no interface-identifier word to adjust. */
export const NPTV6_MAX_PREFIX = 64;

/** One's-complement 16-bit addition (RFC 1071). */
function add16(a: number, b: number): number {
  const s = a + b;
  return (s & 0xffff) + (s >>> 16);
}

/** One's-complement sum of the 16-bit words of a 16-byte address. */
function sum16(bytes: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < 16; i += 2) s = add16(s, (bytes[i] << 8) | bytes[i + 1]);
  return s;
}

/** A parsed prefix: 16 bytes with host bits cleared, and its length. */
interface Prefix {
  readonly bytes: Uint8Array;
  readonly length: number;
}

function parsePrefix(text: unknown, path: string): Prefix {
  const valid = `an IPv6 prefix of length 1-${NPTV6_MAX_PREFIX}, like fd01:203:405::/48 (RFC 6296 §3.1)`;
  const m = typeof text === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(text.trim()) : null;
  const addr = m ? tryParseIpv6(m[1]) : undefined;
  const length = m ? Number(m[2]) : NaN;
  if (!addr || !(length >= 1 && length <= NPTV6_MAX_PREFIX)) {
    throw new NatConfigError(path, `${JSON.stringify(text)} is not an NPTv6 prefix`, valid);
  }
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const left = length - 8 * i;
    bytes[i] = addr[i] & (left >= 8 ? 0xff : left <= 0 ? 0 : (0xff << (8 - left)) & 0xff);
  }
  return { bytes, length };
}

/** The NPTv6 settings. */
export interface Nptv6Init {
  /** The inside (internal) prefix, e.g. `fd01:203:405::/48`. Required. */
  insidePrefix: string;
  /** The outside (external) prefix, the same length as insidePrefix (RFC 6296 §3.1). Required. */
  outsidePrefix: string;
}

/** The stateless translator of one NPTv6 box. */
export class Nptv6Translator {
  readonly inside: Prefix;
  readonly outside: Prefix;
  /** One's-complement sum(inside) - sum(outside): added going out, subtracted coming in (RFC 6296 §3.1). */
  private readonly adjustment: number;
  /** key: address number -> translated number, or -1 (not translatable); one cache per direction. */
  private readonly outCache = new Map<IpNumber, IpNumber>();
  private readonly inCache = new Map<IpNumber, IpNumber>();

  /** @throws NatConfigError at `path.insidePrefix` / `path.outsidePrefix` */
  constructor(init: Nptv6Init, path = 'nptv6') {
    if (init === null || typeof init !== 'object') {
      throw new NatConfigError(path, 'not a set of NPTv6 settings', 'an object with insidePrefix and outsidePrefix');
    }
    this.inside = parsePrefix(init.insidePrefix, `${path}.insidePrefix`);
    this.outside = parsePrefix(init.outsidePrefix, `${path}.outsidePrefix`);
    if (this.inside.length !== this.outside.length) {
      throw new NatConfigError(`${path}.outsidePrefix`,
        `a /${this.outside.length} cannot be paired with the inside /${this.inside.length}`,
        'a prefix of the same length as insidePrefix (RFC 6296 §3.1)');
    }
    this.adjustment = add16(sum16(this.inside.bytes), ~sum16(this.outside.bytes) & 0xffff);
  }

  /** The outside form of an inside source address (RFC 6296 §3.2), or -1 when it is not translatable. */
  outbound(ip: IpNumber): IpNumber {
    return this.cached(this.outCache, ip, this.inside, this.outside, this.adjustment);
  }

  /** The inside form of an outside destination address (RFC 6296 §3.3), or -1 when it is not translatable. */
  inbound(ip: IpNumber): IpNumber {
    return this.cached(this.inCache, ip, this.outside, this.inside, ~this.adjustment & 0xffff);
  }

  /** True when `ip` is inside `which` prefix. */
  contains(which: 'inside' | 'outside', ip: IpNumber): boolean {
    return isIpv6Number(ip) && matches(ipv6BytesOf(ip), which === 'inside' ? this.inside : this.outside);
  }

  private cached(cache: Map<IpNumber, IpNumber>, ip: IpNumber, from: Prefix, to: Prefix, adj: number): IpNumber {
    let out = cache.get(ip);
    if (out === undefined) {
      const bytes = isIpv6Number(ip) ? translateBytes(ipv6BytesOf(ip), from, to, adj) : undefined;
      out = bytes ? internIpv6(bytes) : -1;
      cache.set(ip, out);
    }
    return out;
  }
}

function matches(b: Uint8Array, p: Prefix): boolean {
  for (let i = 0; i < 16; i++) {
    const left = p.length - 8 * i;
    if (left <= 0) return true;
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if ((b[i] & mask) !== p.bytes[i]) return false;
  }
  return true;
}

/**
 * RFC 6296 §3.2/§3.3: the address with `from`'s prefix bits replaced by `to`'s and the adjustment added to the
 * word §3.4/§3.5 choose; undefined when the address is outside `from` or that word is 0xFFFF.
 */
export function translateBytes(b: Uint8Array, from: Prefix, to: Prefix, adjustment: number): Uint8Array | undefined {
  if (!matches(b, from)) return undefined;
  const out = Uint8Array.from(b);
  for (let i = 0; i < 16; i++) {
    const left = from.length - 8 * i;
    if (left <= 0) break;
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    out[i] = (to.bytes[i] & mask) | (b[i] & ~mask & 0xff);
  }
  let word = -1;
  if (from.length <= 48) word = 3;
  else for (let w = 4; w < 8 && word < 0; w++) if (((out[2 * w] << 8) | out[2 * w + 1]) !== 0xffff) word = w;
  if (word < 0) return undefined;
  const old = (out[2 * word] << 8) | out[2 * word + 1];
  if (old === 0xffff) return undefined;
  let v = add16(old, adjustment);
  if (v === 0xffff) v = 0;
  out[2 * word] = v >> 8;
  out[2 * word + 1] = v & 0xff;
  return out;
}

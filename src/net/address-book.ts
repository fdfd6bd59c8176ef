/**
 * A world's address book: caches between address text and the numeric addresses the packet core uses, so the
 * dgram-shaped socket API (`send(msg, port, '192.0.2.1')`, `rinfo.address`) costs a Map lookup per packet instead
 * of parsing or formatting a string. Addresses are numbers of either family (src/net/ip-number.ts): IPv4 its uint32
 * value, IPv6 (any RFC 4291 §2.2 text form in, RFC 5952 text out) its interned number. Caching never changes a result, so it
 * cannot affect determinism; each cache is cleared when it grows past a bound, so memory stays bounded.
 */
import { IpNumber, formatIp, tryParseIpNumber } from './ip-number';
import { NumberMap } from './number-map';

/** Most entries a cache keeps before it starts over. */
const CACHE_LIMIT = 1 << 16;

/** Text <-> number caches for one world. */
export class AddressBook {
  /** key: address text as a program wrote it -> its number. Only texts that parse are kept. */
  private readonly numbers = new Map<string, IpNumber>();
  /** key: address number -> its canonical text (dotted quad, or RFC 5952 IPv6). */
  private readonly texts = new NumberMap<string>();

  /** The address written as `text` (a dotted quad, or any RFC 4291 §2.2 IPv6 form), or undefined when it is neither. */
  parse(text: string): IpNumber | undefined {
    const hit = this.numbers.get(text);
    if (hit !== undefined) return hit;
    const ip = tryParseIpNumber(text);
    if (ip !== undefined) {
      if (this.numbers.size >= CACHE_LIMIT) this.numbers.clear();
      this.numbers.set(text, ip);
    }
    return ip;
  }

  /** The canonical text of an address (a dotted quad, or RFC 5952 IPv6). */
  format(ip: IpNumber): string {
    let text = this.texts.get(ip);
    if (text === undefined) {
      text = formatIp(ip);
      if (this.texts.size >= CACHE_LIMIT) this.texts.clear();
      this.texts.set(ip, text);
    }
    return text;
  }
}

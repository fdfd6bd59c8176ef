/**
 * A world's address book: caches between address text and the numeric addresses the packet core uses, so the
 * dgram-shaped socket API (`send(msg, port, '192.0.2.1')`, `rinfo.address`) costs a Map lookup per packet instead
 * of parsing or formatting a string. Today every address is IPv4 (its uint32 value); the same book is where IPv6
 * addresses will be interned to numbers per world (docs/packet-core.md). Caching never changes a result, so it
 * cannot affect determinism; each cache is cleared when it grows past a bound, so memory stays bounded.
 */
import { Ipv4, formatIpv4, tryParseIpv4 } from './ipv4';

/** Most entries a cache keeps before it starts over. */
const CACHE_LIMIT = 1 << 16;

/** Text <-> number caches for one world. */
export class AddressBook {
  /** key: address text as a program wrote it -> its number. Only texts that parse are kept. */
  private readonly numbers = new Map<string, Ipv4>();
  /** key: address number -> its canonical text (dotted quad). */
  private readonly texts = new Map<number, string>();

  /** The address written as `text` (a dotted quad, RFC 791 §3.2 notation), or undefined when it is not one. */
  parse(text: string): Ipv4 | undefined {
    const hit = this.numbers.get(text);
    if (hit !== undefined) return hit;
    const ip = tryParseIpv4(text);
    if (ip !== undefined) {
      if (this.numbers.size >= CACHE_LIMIT) this.numbers.clear();
      this.numbers.set(text, ip);
    }
    return ip;
  }

  /** The canonical text of an address (a dotted quad). */
  format(ip: Ipv4): string {
    let text = this.texts.get(ip);
    if (text === undefined) {
      text = formatIpv4(ip);
      if (this.texts.size >= CACHE_LIMIT) this.texts.clear();
      this.texts.set(ip, text);
    }
    return text;
  }
}

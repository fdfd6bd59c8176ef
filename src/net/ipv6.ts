/**
 * IPv6 addresses as text and as 16 network-order bytes. Parsing accepts every text form of RFC 4291 §2.2: eight
 * hex groups, `::` for one run of zero groups, and a dotted-quad IPv4 tail (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.1`).
 * Formatting is RFC 5952's canonical form: lower case, no leading zeros, the longest run of two or more zero groups
 * (the first of equal runs) as `::`, and IPv4-mapped addresses with a dotted quad (§5). Zone ids (`%eth0`,
 * RFC 4007) are not addresses and are refused. The packet core interns these bytes as numbers (ip-number.ts).
 */
import { AddressError } from './errors';
import { formatIpv4, tryParseIpv4 } from './ipv4';

/** An IPv6 address: 16 bytes, network order. */
export type Ipv6Bytes = Uint8Array;

/** Parses the colon-separated groups of one side of `::`; a dotted quad may end the right-hand side. */
function groupsOf(text: string, ipv4TailAllowed: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (ipv4TailAllowed && i === parts.length - 1 && p.includes('.')) {
      const v4 = tryParseIpv4(p);
      if (v4 === undefined) return undefined;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      groups.push(parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/** Parses any RFC 4291 §2.2 text form into 16 bytes; undefined when `text` is not an IPv6 address. */
export function tryParseIpv6(text: string): Ipv6Bytes | undefined {
  const halves = text.split('::');
  let groups: number[];
  if (halves.length === 2) {
    const head = groupsOf(halves[0], false);
    const tail = groupsOf(halves[1], true);
    // `::` stands for at least one zero group (RFC 4291 §2.2 item 2; RFC 5952 §4.2.2 never uses it for one).
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else if (halves.length === 1) {
    const all = groupsOf(text, true);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  } else {
    return undefined;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Parses an IPv6 address; throws AddressError saying what is valid. */
export function parseIpv6(text: string): Ipv6Bytes {
  const v = tryParseIpv6(text);
  if (!v) {
    throw new AddressError(`'${text}' is not an IPv6 address (expected RFC 4291 text: eight hex groups like 2001:db8:0:0:0:0:0:1, `
      + 'one :: for zeros like 2001:db8::1, or an IPv4 tail like ::ffff:192.0.2.1; no zone id)');
  }
  return v;
}

/** True for strings that parse as IPv6 addresses. */
export function isIpv6(text: string): boolean {
  return tryParseIpv6(text) !== undefined;
}

/** True for an IPv4-mapped address, ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
export function isIpv4Mapped(bytes: Ipv6Bytes): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** The RFC 5952 canonical text of 16 bytes. */
export function formatIpv6(bytes: Ipv6Bytes): string {
  if (bytes.length !== 16) throw new AddressError(`an IPv6 address is 16 bytes, got ${bytes.length}`);
  if (isIpv4Mapped(bytes)) {
    // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad (as Node prints them on dual-stack sockets).
    return `::ffff:${formatIpv4(((bytes[12] << 24) | (bytes[13] << 16) | (bytes[14] << 8) | bytes[15]) >>> 0)}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[2 * i] << 8) | bytes[2 * i + 1]);
  // RFC 5952 §4.2: shorten the longest run of at least two zero groups; the first one when runs tie (§4.2.3).
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** Rewrites any RFC 4291 text form as RFC 5952 canonical text; throws AddressError for a non-address. */
export function canonicalIpv6(text: string): string {
  return formatIpv6(parseIpv6(text));
}

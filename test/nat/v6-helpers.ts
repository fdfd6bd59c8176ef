/** Shared fixtures for the IPv6 middlebox tests: address numbers, packets, and an independent UDP checksum. */
import { Datagram } from '../../src/net/datagram';
import { ipBytesOf, tryParseIpNumber } from '../../src/net/ip-number';
import { TcpHeader } from '../../src/net/tcp-header';

/** The address number of `text` (either family); throws on bad text. */
export function ip(text: string): number {
  const n = tryParseIpNumber(text);
  if (n === undefined) throw new Error(`bad address ${text}`);
  return n;
}

let nextId = 1;

/** A UDP (or, with `tcp`, TCP) packet between two endpoints given as text addresses. */
export function packet(src: string, srcPort: number, dst: string, dstPort: number, opts: { ttl?: number; payload?: string; tcp?: TcpHeader } = {}): Datagram {
  return new Datagram(nextId++, ip(src), srcPort, ip(dst), dstPort, opts.ttl ?? 64, Buffer.from(opts.payload ?? 'hello'), false,
    opts.tcp ? 6 : 17, opts.tcp);
}

/**
 * The RFC 768 / RFC 8200 §8.1 UDP checksum of a packet, computed here from scratch (not with the project's
 * helpers): the pseudo-header of the packet's family, the UDP header with a zero checksum, the payload.
 */
export function udpChecksum(p: Datagram): number {
  const src = ipBytesOf(p.src);
  const dst = ipBytesOf(p.dst);
  const len = 8 + p.payload.byteLength;
  const words: number[] = [];
  const push = (b: Uint8Array): void => {
    for (let i = 0; i < b.length; i += 2) words.push((b[i] << 8) | (b[i + 1] ?? 0));
  };
  push(src);
  push(dst);
  if (src.length === 4) words.push(17, len); // IPv4: zero, protocol, UDP length
  else words.push(len >>> 16, len & 0xffff, 0, 17); // IPv6: 32-bit length, 24 zero bits, next header
  words.push(p.srcPort, p.dstPort, len, 0);
  push(p.payload);
  let s = 0;
  for (const w of words) s += w;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  const c = ~s & 0xffff;
  return c === 0 ? 0xffff : c;
}

/** One second in µs. */
export const SEC = 1_000_000;

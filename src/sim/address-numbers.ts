/**
 * The process's table of IPv6 address numbers (docs/packet-core.md): the packet core's addresses are plain numbers,
 * an IPv4 address its uint32 value and an IPv6 address a number from 2^32 upwards handed out on first sight. It
 * sits in layer 0 beside the other ids so that the trace (sim/trace-json.ts) can print either family; parsing
 * address text is net's (src/net/ip-number.ts), which registers each new IPv6 address here with its RFC 5952 text.
 *
 * An IPv6 number depends on the order addresses were first seen in the process, so it is opaque: compare for
 * equality only, never order by it, never print it. The table is a pure cache (no time, no randomness).
 */

/** The first number handed to an IPv6 address. */
export const IPV6_NUMBER_BASE = 2 ** 32;
/** Endpoint keys (ip * 65536 + port) are exact below 2^53, so address numbers stay below 2^37. */
const IPV6_NUMBER_LIMIT = 2 ** 37;

/** key: the 16 bytes as 32 hex characters -> number. */
const numberOfHex = new Map<string, number>();
/** index: number - 2^32 -> the 16 bytes (never written to after interning). */
const bytesOfNumber: Uint8Array[] = [];
/** index: number - 2^32 -> canonical text. */
const textOfNumber: string[] = [];

/** True when `ip` is an IPv6 address number. */
export function isIpv6Number(ip: number): boolean {
  return ip >= IPV6_NUMBER_BASE;
}

/**
 * The number of a 16-byte IPv6 address, interned on first sight with its canonical text.
 * @param text the address's RFC 5952 text (the caller formats it; layer 0 does not parse addresses)
 */
export function internIpv6Number(bytes: Uint8Array, text: () => string): number {
  if (bytes.byteLength !== 16) throw new RangeError(`an IPv6 address is 16 bytes, got ${bytes.byteLength}`);
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16); // no Buffer: the report viewer runs in a browser
  let n = numberOfHex.get(hex);
  if (n === undefined) {
    n = IPV6_NUMBER_BASE + bytesOfNumber.length;
    if (n >= IPV6_NUMBER_LIMIT) throw new RangeError('too many distinct IPv6 addresses in one process (2^37 - 2^32)');
    numberOfHex.set(hex, n);
    bytesOfNumber.push(Uint8Array.from(bytes));
    textOfNumber.push(text());
  }
  return n;
}

/** The 16 bytes of an IPv6 address number (shared: do not write to them). */
export function ipv6NumberBytes(ip: number): Uint8Array {
  const b = bytesOfNumber[ip - IPV6_NUMBER_BASE];
  if (!b) throw new RangeError(`${ip} is not an interned IPv6 address number`);
  return b;
}

/** Canonical text of an address number: a dotted quad, or RFC 5952 IPv6 without brackets. */
export function addressNumberText(ip: number): string {
  if (ip < IPV6_NUMBER_BASE) return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
  const t = textOfNumber[ip - IPV6_NUMBER_BASE];
  if (t === undefined) throw new RangeError(`${ip} is not an interned IPv6 address number`);
  return t;
}

/** `a.b.c.d:port`, or `[v6]:port` (RFC 5952 §6). */
export function endpointNumberText(ip: number, port: number): string {
  return ip < IPV6_NUMBER_BASE ? `${addressNumberText(ip)}:${port}` : `[${addressNumberText(ip)}]:${port}`;
}

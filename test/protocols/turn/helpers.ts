/** Shared fixtures for the TURN core tests: hex helpers, 5-tuples and a scripted RandomSource. */
import type { RandomSource } from '../../../src/sim/rng';
import type { TurnFiveTuple } from '../../../src/protocols/turn';

/** Bytes from hex text such as '40000003 010203' (whitespace ignored). */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The server's listening address in these tests. */
export const SERVER = { address: '203.0.113.1', port: 3478 };

/** A UDP 5-tuple from client `ip:port` to SERVER. */
export function tuple(port = 50000, ip = '198.51.100.2'): TurnFiveTuple {
  return { client: { address: ip, port }, server: SERVER, transport: 'udp' };
}

/** Seconds to ms. */
export const s = (seconds: number): number => seconds * 1000;

/** A RandomSource whose string() returns scripted values (for known nonces); other draws are fixed. */
export function scriptedRandom(strings: string[]): RandomSource {
  let i = 0;
  return {
    float: () => 0,
    int: (lo) => lo,
    bytes: (n) => new Uint8Array(n).fill(0xab),
    uint64: () => 0n,
    string: () => strings[i++ % strings.length],
  };
}

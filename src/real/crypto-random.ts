/**
 * RandomSource on the operating system's CSPRNG (node:crypto): what agents draw transaction ids (RFC 8489 §6:
 * 96 bits, cryptographically random), nonces and tie-breakers from on a real network.
 */
import { randomBytes, randomInt } from 'crypto';
import type { RandomSource } from '../sim/rng';

/** The ICE ice-char alphabet (RFC 8839 §5.4), the default of RandomSource.string. */
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Crypto-strength randomness. */
export class CryptoRandom implements RandomSource {
  float(): number {
    // 53 random bits -> [0, 1).
    return Number(randomBytes(8).readBigUInt64BE() >> 11n) / 2 ** 53;
  }

  int(lo: number, hi: number): number {
    return randomInt(lo, hi + 1);
  }

  bytes(n: number): Uint8Array {
    return new Uint8Array(randomBytes(n));
  }

  uint64(): bigint {
    return randomBytes(8).readBigUInt64BE();
  }

  string(n: number, alphabet = ICE_CHARS): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    return s;
  }
}

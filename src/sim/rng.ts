/**
 * Seeded random streams (seedrandom's alea). Every component draws from its own stream, forked by a stable name
 * (for example `fork('nat:home')`), so adding a host or NAT never changes what another component draws.
 */
import seedrandom from 'seedrandom';

/**
 * What agents draw randomness from. Rng implements it deterministically; the real-network adapter implements it
 * with crypto randomness.
 */
export interface RandomSource {
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** n random bytes. */
  bytes(n: number): Uint8Array;
  /** A random unsigned 64-bit integer. */
  uint64(): bigint;
  /** A random string of n characters from alphabet (default: the ICE ice-char set, RFC 8839 §5.4). */
  string(n: number, alphabet?: string): string;
}

/** A named, deterministic random stream. */
export class Rng implements RandomSource {
  /** Created at the first draw: a stream's draws depend only on seed and path, so creating it late changes
   * nothing, and the many streams that never draw (a host's port picker, a quiet link) cost no generator state. */
  private generator: seedrandom.PRNG | undefined;

  /**
   * @param seed the world seed
   * @param path the stream's name path; the root stream is ''
   */
  constructor(readonly seed: number | string, readonly path = '') {}

  private get prng(): seedrandom.PRNG {
    return (this.generator ??= seedrandom.alea(`${this.seed}\u0000${this.path}`));
  }

  /** A child stream whose draws depend only on the seed and the full name path. */
  fork(name: string): Rng {
    return new Rng(this.seed, this.path ? `${this.path}/${name}` : name);
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.prng();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.prng() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.prng() < p;
  }

  /** n random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.prng() * 256);
    return out;
  }

  /** A random unsigned 64-bit integer as a BigInt (ICE tie-breakers). */
  uint64(): bigint {
    const b = this.bytes(8);
    let v = 0n;
    for (const x of b) v = (v << 8n) | BigInt(x);
    return v;
  }

  /** A random string of `n` characters from `alphabet` (ICE ufrag/pwd use the ice-char set). */
  string(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.prng() * alphabet.length)];
    return s;
  }
}

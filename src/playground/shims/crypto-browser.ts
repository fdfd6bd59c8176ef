/**
 * The few `crypto` functions the simulation uses, for the browser bundle (esbuild maps `crypto` here): SHA-256 for
 * the trace hash, SHA-1/MD5/SHA-256 for STUN long-term keys (RFC 8489 §9.2.2) and HMAC for MESSAGE-INTEGRITY
 * (RFC 8489 §14.5-14.6) and TURN REST credentials. Backed by @noble/hashes, so results equal Node's byte for byte.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';

type Algorithm = 'sha256' | 'sha1' | 'md5';
/** key: Node's algorithm name. */
const HASHES = { sha256, sha1, md5 } as const;

function algorithm(name: string): (typeof HASHES)[Algorithm] {
  const h = HASHES[name.toLowerCase().replace('-', '') as Algorithm];
  if (!h) throw new Error(`crypto shim: unsupported algorithm ${name}`);
  return h;
}

function bytes(data: string | Uint8Array, encoding?: string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, (encoding ?? 'utf8') as BufferEncoding) : data;
}

interface Digestable {
  update(buf: Uint8Array): unknown;
  digest(): Uint8Array;
  clone(): Digestable;
}

/** Node's Hash/Hmac surface over a noble hash instance. */
class ShimHash {
  constructor(private readonly h: Digestable) {}

  update(data: string | Uint8Array, encoding?: string): this {
    this.h.update(bytes(data, encoding));
    return this;
  }

  digest(): Buffer;
  digest(encoding: BufferEncoding): string;
  digest(encoding?: BufferEncoding): Buffer | string {
    const out = Buffer.from(this.h.digest());
    return encoding ? out.toString(encoding) : out;
  }

  copy(): ShimHash {
    return new ShimHash(this.h.clone());
  }
}

/** crypto.createHash. */
export function createHash(name: string): ShimHash {
  return new ShimHash(algorithm(name).create() as unknown as Digestable);
}

/** crypto.createHmac. */
export function createHmac(name: string, key: string | Uint8Array): ShimHash {
  return new ShimHash(hmac.create(algorithm(name), bytes(key)) as unknown as Digestable);
}

/** crypto.timingSafeEqual (equal-length inputs, as Node requires). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** The Hash type, for `import { Hash } from 'crypto'` in type positions. */
export type Hash = ShimHash;

/**
 * Seeded replacements for Math.random and Node's crypto random functions, installed while an embed scope is
 * active so that third-party code that draws transaction ids, ICE credentials or tie-breakers from them behaves the
 * same on every run of the same seed. The stream is forked from the world's RNG by a stable name.
 *
 * This makes those values predictable: fine for tests, never for a real deployment.
 */
import crypto = require('crypto');
import type { RandomSource } from '../sim/rng';
import type { PatchSet } from './patch-set';

type BytesCallback = (err: Error | null, buf: Buffer) => void;

/** Fills `view` from `random`. */
function fill<T extends ArrayBufferView>(random: RandomSource, view: T, offset = 0, size?: number): T {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const end = size === undefined ? bytes.length : Math.min(bytes.length, offset + size);
  bytes.set(random.bytes(Math.max(0, end - offset)), offset);
  return view;
}

/** An RFC 4122 version 4 UUID from `random`. */
function uuid(random: RandomSource): string {
  const b = random.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Replaces Math.random, crypto.randomBytes/randomFill(Sync)/randomInt/randomUUID/getRandomValues in `patches`. */
export function installSeededRandom(patches: PatchSet, random: RandomSource): void {
  patches.replace(Math, 'random', () => random.float());
  const randomBytes = (size: number, cb?: BytesCallback): Buffer => {
    const buf = Buffer.from(random.bytes(size));
    if (typeof cb === 'function') process.nextTick(cb, null, buf);
    return buf;
  };
  patches.replace(crypto, 'randomBytes', randomBytes as typeof crypto.randomBytes);
  patches.replace(crypto, 'pseudoRandomBytes' as keyof typeof crypto, randomBytes as never);
  patches.replace(crypto, 'randomFillSync', ((buf: ArrayBufferView, offset?: number, size?: number) =>
    fill(random, buf, offset, size)) as typeof crypto.randomFillSync);
  patches.replace(crypto, 'randomFill', ((buf: ArrayBufferView, ...rest: unknown[]) => {
    const cb = rest.pop() as (err: Error | null, b: ArrayBufferView) => void;
    const [offset, size] = rest as [number | undefined, number | undefined];
    process.nextTick(cb, null, fill(random, buf, offset, size));
  }) as typeof crypto.randomFill);
  patches.replace(crypto, 'randomInt', ((a: number, b?: number | ((e: Error | null, n: number) => void), c?: unknown) => {
    const [min, max] = typeof b === 'number' ? [a, b] : [0, a];
    const n = random.int(min, max - 1);
    const cb = typeof b === 'function' ? b : typeof c === 'function' ? c : undefined;
    if (cb) process.nextTick(cb as (e: null, n: number) => void, null, n);
    return n;
  }) as typeof crypto.randomInt);
  patches.replace(crypto, 'randomUUID', (() => uuid(random)) as typeof crypto.randomUUID);
  const web = crypto.webcrypto as unknown as { getRandomValues: <T extends ArrayBufferView>(a: T) => T; randomUUID: () => string };
  // crypto.getRandomValues and globalThis.crypto.getRandomValues both read this one.
  patches.replace(web, 'getRandomValues', (a) => fill(random, a));
  patches.replace(web, 'randomUUID', () => uuid(random));
}

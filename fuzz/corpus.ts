/**
 * The committed fuzz corpus, test/fixtures/fuzz-corpus: one input per `<name>.hex` file (hex, whitespace allowed),
 * replayed by the tests and used as seeds by `npm run fuzz`. A `<name>.gen` file describes a large input by how to
 * build it instead (see generated()), so the 64 KB unknown-attribute datagram stays a one-line file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Where the corpus lives. */
export const CORPUS_DIR = join(__dirname, '..', 'test', 'fixtures', 'fuzz-corpus');

/** One corpus input. */
export interface CorpusEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Inputs too large to store as hex. `unknown-attributes N`: a Binding request of N distinct empty unknown
 * comprehension-required attributes (types 0x4000 + i), 20 + 4N bytes.
 */
function generated(spec: string): Uint8Array {
  const m = /^unknown-attributes (\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`unknown corpus generator '${spec.trim()}'`);
  return unknownAttributeFlood(Number(m[1]));
}

/** A Binding request of `n` distinct unknown comprehension-required attributes (types 0x4000.., empty values). */
export function unknownAttributeFlood(n: number): Uint8Array {
  const bytes = new Uint8Array(20 + 4 * n);
  const v = new DataView(bytes.buffer);
  v.setUint16(0, 0x0001);
  v.setUint16(2, 4 * n);
  v.setUint32(4, 0x2112a442);
  for (let i = 0; i < n; i++) v.setUint16(20 + 4 * i, 0x4000 + i);
  return bytes;
}

/** Every corpus entry, by name. */
export function loadCorpus(dir = CORPUS_DIR): CorpusEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex') || f.endsWith('.gen'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const bytes = f.endsWith('.gen') ? generated(text) : Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
      return { name: f.replace(/\.(hex|gen)$/, ''), bytes };
    });
}

/** Saves an input the fuzzer found (a crash or a slow input) as `<name>.hex`. */
export function saveToCorpus(name: string, bytes: Uint8Array, dir = CORPUS_DIR): string {
  const file = join(dir, `${name}.hex`);
  writeFileSync(file, `${Buffer.from(bytes).toString('hex')}\n`);
  return file;
}

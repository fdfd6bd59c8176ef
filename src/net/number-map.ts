/**
 * A Map for the packet core's numeric keys: addresses and endpoint keys (`ip * 65536 + port`), integers from 0 to
 * 2^53. It iterates in insertion order, like Map, so swapping one for the other never changes what a run does.
 *
 * Why not Map: V8 hashes a number key outside its small-integer range (2^30 and above: most IPv4 addresses, every
 * endpoint key and every IPv6 number) with a call into the runtime, so each `Map.get` on the hot path cost about
 * 90 instructions, about 8 lookups per one-way trip of the ping-pong benchmark. Here the hash is two integer
 * multiplications inline in the caller's optimised code (docs/performance.md, "Packet path").
 *
 * Layout: entries are appended to parallel arrays (keys as unboxed doubles, values); an open-addressing index
 * (linear probing) maps a hash slot to entry number + 1 (0 = empty slot). A deleted entry's key becomes DELETED,
 * which no key equals, so its index slot keeps probe chains intact until the next rebuild compacts the entries.
 */

/** Key of a deleted entry: not an integer, so it never equals a key. */
const DELETED = -0.5;
/** Entries of a new map (index slots are twice as many). */
const INITIAL_ENTRIES = 4;

/** Fibonacci hash of an integer key below 2^53, as a uint32 whose high bits pick the slot. */
function hash(key: number): number {
  // key mod 2^32, and key / 2^32 rounded down (a multiplication by 2^-32 is exact).
  return Math.imul((key >>> 0) ^ Math.imul((key * 2.3283064365386963e-10) >>> 0, 0x27d4eb2d), 0x9e3779b1) >>> 0;
}

/** A Map<number, V> for integer keys 0 .. 2^53 (throws RangeError for others), in insertion order. */
export class NumberMap<V> implements Iterable<[number, V]> {
  private keyList: number[] = new Array<number>(INITIAL_ENTRIES).fill(DELETED);
  private valueList: (V | undefined)[] = new Array<V | undefined>(INITIAL_ENTRIES).fill(undefined);
  /** Entries appended so far, deleted ones included. */
  private used = 0;
  private live = 0;
  /** Slot -> entry number + 1; 0 = empty. Its length is a power of two, twice the entry capacity. */
  private index: number[] = new Array<number>(INITIAL_ENTRIES * 2).fill(0);
  private shift = 32 - Math.log2(INITIAL_ENTRIES * 2);

  constructor(entries?: Iterable<readonly [number, V]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  /** Entries held. */
  get size(): number {
    return this.live;
  }

  /** Entry number of `key`, or -1. */
  private find(key: number): number {
    const index = this.index;
    const keys = this.keyList;
    let i = hash(key) >>> this.shift;
    let e: number;
    while ((e = index[i]) !== 0) {
      if (keys[e - 1] === key) return e - 1;
      i = (i + 1) & (index.length - 1);
    }
    return -1;
  }

  get(key: number): V | undefined {
    // Kept small: V8 inlines it into the hot path only while the caller's inlining budget lasts.
    const e = this.find(key);
    return e < 0 ? undefined : this.valueList[e];
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  set(key: number, value: V): this {
    const e = this.find(key);
    if (e >= 0) {
      this.valueList[e] = value;
      return this;
    }
    if (!Number.isSafeInteger(key) || key < 0) throw new RangeError(`NumberMap keys are integers from 0 to 2^53, got ${key}`);
    if (this.used === this.keyList.length) this.rebuild(this.live + 1);
    const n = this.used++;
    this.keyList[n] = key;
    this.valueList[n] = value;
    this.live++;
    const index = this.index;
    const mask = index.length - 1;
    let i = hash(key) >>> this.shift;
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = n + 1;
    return this;
  }

  delete(key: number): boolean {
    const e = this.find(key);
    if (e < 0) return false;
    this.keyList[e] = DELETED;
    this.valueList[e] = undefined;
    this.live--;
    return true;
  }

  clear(): void {
    this.keyList = new Array<number>(INITIAL_ENTRIES).fill(DELETED);
    this.valueList = new Array<V | undefined>(INITIAL_ENTRIES).fill(undefined);
    this.index = new Array<number>(INITIAL_ENTRIES * 2).fill(0);
    this.shift = 32 - Math.log2(INITIAL_ENTRIES * 2);
    this.used = 0;
    this.live = 0;
  }

  /**
   * Compacts the live entries (keeping their order) into arrays with room for at least `need` entries and a
   * quarter more (so rebuilds stay rare: amortised O(1) per set), and rebuilds the index.
   */
  private rebuild(need: number): void {
    let cap = INITIAL_ENTRIES;
    while (cap * 3 < need * 4) cap *= 2;
    const keys = new Array<number>(cap).fill(DELETED);
    const values = new Array<V | undefined>(cap).fill(undefined);
    const index = new Array<number>(cap * 2).fill(0);
    const shift = 32 - Math.log2(cap * 2);
    const mask = cap * 2 - 1;
    let n = 0;
    for (let e = 0; e < this.used; e++) {
      const key = this.keyList[e];
      if (key === DELETED) continue;
      keys[n] = key;
      values[n] = this.valueList[e];
      let i = hash(key) >>> shift;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = ++n;
    }
    this.keyList = keys;
    this.valueList = values;
    this.index = index;
    this.shift = shift;
    this.used = n;
  }

  *entries(): IterableIterator<[number, V]> {
    // A snapshot of the arrays: set() during iteration may rebuild them (Map would visit the new entries too;
    // no caller relies on that).
    const keys = this.keyList;
    const values = this.valueList;
    const used = this.used;
    for (let e = 0; e < used; e++) if (keys[e] !== DELETED) yield [keys[e], values[e] as V];
  }

  *keys(): IterableIterator<number> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[number, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: number) => void): void {
    for (const [k, v] of this.entries()) fn(v, k);
  }
}

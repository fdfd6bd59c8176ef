/**
 * NumberMap (src/net/number-map.ts) must behave exactly as a Map<number, V> for the packet core's keys: the
 * same answers and the same insertion order under any mix of set, delete and clear, so swapping one for the
 * other can never change a run.
 */
import { expect } from 'chai';
import seedrandom from 'seedrandom';
import { NumberMap } from '../../src/net/number-map';

/** Keys like the packet core's: small ports, IPv4 numbers, endpoint keys of both families (up to ~2^49). */
function keyFrom(rng: () => number, pool: number[]): number {
  const r = rng();
  if (r < 0.3 && pool.length > 0) return pool[Math.floor(rng() * pool.length)];
  if (r < 0.5) return Math.floor(rng() * 65536);
  if (r < 0.75) return Math.floor(rng() * 2 ** 32);
  return Math.floor(rng() * 2 ** 32) * 65536 + Math.floor(rng() * 65536) + (rng() < 0.3 ? 2 ** 48 : 0);
}

describe('NumberMap', () => {
  it('answers get/has/size and iterates in insertion order exactly as Map does, over 20,000 random operations', () => {
    const rng = seedrandom('number-map');
    const ours = new NumberMap<number>();
    const map = new Map<number, number>();
    const used: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      const key = keyFrom(rng, used);
      const op = rng();
      if (op < 0.5) {
        ours.set(key, step);
        map.set(key, step);
        used.push(key);
      } else if (op < 0.8) {
        expect(ours.delete(key)).to.equal(map.delete(key));
      } else if (op < 0.999) {
        expect(ours.get(key)).to.equal(map.get(key));
        expect(ours.has(key)).to.equal(map.has(key));
      } else {
        ours.clear();
        map.clear();
      }
      expect(ours.size).to.equal(map.size);
      if (step % 997 === 0) expect([...ours]).to.deep.equal([...map]);
    }
    expect([...ours.entries()]).to.deep.equal([...map.entries()]);
    expect([...ours.keys()]).to.deep.equal([...map.keys()]);
    expect([...ours.values()]).to.deep.equal([...map.values()]);
  });

  it('keeps a deleted key deleted after the entries are compacted, and re-adds it at the end', () => {
    const m = new NumberMap<string>();
    for (let i = 0; i < 100; i++) m.set(0xc6336401 * 65536 + i, `v${i}`);
    for (let i = 0; i < 100; i += 2) m.delete(0xc6336401 * 65536 + i);
    for (let i = 100; i < 200; i++) m.set(i, `w${i}`); // forces rebuilds
    expect(m.get(0xc6336401 * 65536 + 2)).to.equal(undefined);
    expect(m.get(0xc6336401 * 65536 + 3)).to.equal('v3');
    m.set(0xc6336401 * 65536 + 2, 'back');
    const keys = [...m.keys()];
    expect(keys[keys.length - 1]).to.equal(0xc6336401 * 65536 + 2);
    expect(m.size).to.equal(151);
  });

  it('lets a loop delete the entries it visits, as Map does', () => {
    const m = new NumberMap<number>([[5, 1], [2 ** 40, 2], [7, 1]]);
    for (const [k, v] of m) if (v === 1) m.delete(k);
    expect([...m]).to.deep.equal([[2 ** 40, 2]]);
  });

  it('refuses keys that are not integers from 0 to 2^53', () => {
    const m = new NumberMap<number>();
    for (const bad of [-1, 1.5, NaN, 2 ** 53, Infinity]) expect(() => m.set(bad, 0), String(bad)).to.throw(RangeError, /integers from 0 to 2\^53/);
    expect(m.size).to.equal(0);
  });
});

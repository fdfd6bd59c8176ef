/** The lazy expiry heap agrees with a brute-force model under random refreshes, shortenings and removals. */
import { expect } from 'chai';
import fc from 'fast-check';
import { ExpiryQueue } from '../../src/nat';

class Item {
  queuedAt = Infinity;
  live = true;
  constructor(readonly id: number, public expiresAt: number) {}
}

type Op = { kind: 'add' | 'move' | 'remove' | 'pop'; n: number; at: number };

describe('expiry queue', () => {
  it('pops exactly the live items due, and next() is the earliest live expiry', () => {
    const op = fc.record({
      kind: fc.constantFrom<Op['kind']>('add', 'move', 'remove', 'pop'),
      n: fc.nat(50),
      at: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const q = new ExpiryQueue<Item>();
      const items: Item[] = [];
      let now = 0;
      for (const o of ops) {
        const live = items.filter((i) => i.live);
        const pick = live.length > 0 ? live[o.n % live.length] : undefined;
        if (o.kind === 'add') {
          const it = new Item(items.length, now + o.at);
          items.push(it);
          q.schedule(it);
        } else if (o.kind === 'move' && pick) {
          pick.expiresAt = now + o.at; // later (refresh) or earlier (shorter timeout)
          q.schedule(pick);
        } else if (o.kind === 'remove' && pick) {
          pick.live = false;
        } else if (o.kind === 'pop') {
          now += o.at;
          const due: Item[] = [];
          q.popDue(now, due);
          const expected = live.filter((i) => i.expiresAt <= now).map((i) => i.id).sort((a, b) => a - b);
          expect(due.map((i) => i.id).sort((a, b) => a - b)).to.deep.equal(expected);
          for (const i of due) i.live = false;
        }
        const left = items.filter((i) => i.live).map((i) => i.expiresAt);
        expect(q.next()).to.equal(left.length > 0 ? Math.min(...left) : undefined);
      }
    }), { seed: 42, numRuns: 200 });
  });
});

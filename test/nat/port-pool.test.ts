/** The per-address port bitmap agrees with a naive model: owned and held ports are never handed out. */
import { expect } from 'chai';
import fc from 'fast-check';
import { MappingRecord, PortPool } from '../../src/nat';

const record = (port: number) => new MappingRecord(port, 1, 1, 1, port, -1, -1, 0);

describe('port pool', () => {
  it('finds the lowest free port of a class across word boundaries, up to port 65535', () => {
    const pool = new PortPool(1, 1, 65535, 0);
    for (const p of [31, 32, 33, 65533, 65535]) pool.take(p, record(p));
    expect(pool.findFree(31, 40, -1)).to.equal(34);
    expect(pool.findFree(31, 40, 1)).to.equal(35);
    expect(pool.findFree(31, 40, 0)).to.equal(34);
    expect(pool.findFree(65530, 65535, 1)).to.equal(65531);
    expect(pool.findFree(65533, 65535, -1)).to.equal(65534);
    expect(pool.findFree(65535, 65535, -1)).to.equal(-1);
    expect(pool.findFree(40, 31, -1)).to.equal(-1);
  });

  it('matches a naive model under random takes, expiries with holds and time', () => {
    const lo = 60;
    const hi = 140;
    const op = fc.record({ kind: fc.constantFrom('take', 'expire', 'flush', 'wait'), port: fc.integer({ min: lo, max: hi }),
      dt: fc.integer({ min: 0, max: 30 }), from: fc.integer({ min: lo, max: hi }), parity: fc.constantFrom(-1, 0, 1) });
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
      const pool = new PortPool(1, lo, hi, 20);
      const owned = new Set<number>();
      const heldUntil = new Map<number, number>();
      let now = 0;
      const free = (p: number) => !owned.has(p) && (heldUntil.get(p) ?? -1) <= now;
      for (const o of ops) {
        pool.releaseHolds(now);
        if (o.kind === 'take' && free(o.port)) {
          pool.take(o.port, record(o.port));
          owned.add(o.port);
        } else if (o.kind === 'expire' && owned.has(o.port)) {
          pool.release(o.port, now);
          owned.delete(o.port);
          heldUntil.set(o.port, now + 20);
        } else if (o.kind === 'flush' && owned.has(o.port)) {
          pool.release(o.port);
          owned.delete(o.port);
          heldUntil.delete(o.port);
        } else if (o.kind === 'wait') {
          now += o.dt;
          pool.releaseHolds(now);
        }
        let expected = -1;
        for (let p = o.from; p <= hi; p++) if ((o.parity < 0 || (p & 1) === o.parity) && free(p)) { expected = p; break; }
        expect(pool.findFree(o.from, hi, o.parity)).to.equal(expected);
        let busyEven = 0;
        for (let p = lo; p <= hi; p++) if (!free(p) && p % 2 === 0) busyEven++;
        expect(pool.busyCount(0)).to.equal(busyEven);
      }
    }), { seed: 7, numRuns: 150 });
  });
});

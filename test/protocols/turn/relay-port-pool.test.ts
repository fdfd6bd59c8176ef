import { expect } from 'chai';
import { Rng } from '../../../src/sim/rng';
import { RelayPortPool, TurnConfigError } from '../../../src/protocols/turn';

describe('turn/relay-port-pool (RFC 8656 §7.2)', () => {
  it('defaults to the dynamic range 49152-65535 and sequential without a RandomSource', () => {
    const pool = new RelayPortPool();
    expect([pool.min, pool.max, pool.strategy, pool.available]).to.deep.equal([49152, 65535, 'sequential', 16384]);
    expect([pool.acquire(), pool.acquire(), pool.acquire()]).to.deep.equal([49152, 49153, 49154]);
  });

  it('hands out every port once, then nothing (the server answers 508)', () => {
    const pool = new RelayPortPool({ min: 50000, max: 50002 });
    expect([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()]).to.deep.equal([50000, 50001, 50002, undefined]);
    pool.release(50001);
    expect(pool.acquire()).to.equal(50001);
  });

  it('goes on after the last port handed out rather than reusing a just-freed one (sequential)', () => {
    const pool = new RelayPortPool({ min: 50000, max: 50003 });
    pool.acquire();
    pool.acquire();
    pool.release(50000);
    expect(pool.acquire()).to.equal(50002);
    expect(pool.acquire()).to.equal(50003);
    expect(pool.acquire()).to.equal(50000);
  });

  it('draws random ports deterministically for a seed, all distinct and in range', () => {
    const draw = (seed: string): number[] => {
      const pool = new RelayPortPool({ min: 60000, max: 60099, random: new Rng(seed, 'turn') });
      return Array.from({ length: 100 }, () => pool.acquire() as number);
    };
    const a = draw('s1');
    expect(a).to.deep.equal(draw('s1'));
    expect(a).to.not.deep.equal(draw('s2'));
    expect(new Set(a).size).to.equal(100);
    expect(Math.min(...a)).to.equal(60000);
    expect(Math.max(...a)).to.equal(60099);
    expect(a.slice(0, 10)).to.not.deep.equal(a.slice(0, 10).sort((x, y) => x - y));
  });

  for (const strategy of ['sequential', 'random'] as const) {
    it(`finds even ports and even/odd pairs (EVEN-PORT) under the ${strategy} strategy`, () => {
      const pool = new RelayPortPool({ min: 50001, max: 50010, strategy, random: new Rng(1) });
      const even = pool.acquire({ even: true }) as number;
      expect(even % 2).to.equal(0);
      const pair = pool.acquire({ pair: true }) as number;
      expect(pair % 2).to.equal(0);
      expect(pool.isInUse(pair) && pool.isInUse(pair + 1)).to.equal(true);
    });
  }

  it('gives no pair when only odd ports or lone evens are free', () => {
    const pool = new RelayPortPool({ min: 50000, max: 50003 });
    pool.acquireSpecific(50001);
    pool.acquireSpecific(50003);
    expect(pool.acquire({ pair: true })).to.equal(undefined);
    expect(pool.acquire({ even: true })).to.equal(50000);
  });

  it('takes a specific port only when it is free', () => {
    const pool = new RelayPortPool({ min: 50000, max: 50001 });
    expect(pool.acquireSpecific(50001)).to.equal(true);
    expect(pool.acquireSpecific(50001)).to.equal(false);
    expect(pool.acquireSpecific(40000)).to.equal(false);
  });

  it('ignores releasing a free or foreign port', () => {
    const pool = new RelayPortPool({ min: 50000, max: 50001 });
    pool.release(50000);
    pool.release(1);
    expect(pool.available).to.equal(2);
  });

  const badConfigs: [string, object, RegExp][] = [
    ['a well-known port', { min: 80 }, /relayPorts\.min/],
    ['max below min', { min: 50000, max: 49999 }, /relayPorts\.max/],
    ['max above 65535', { max: 70000 }, /relayPorts\.max/],
    ["'random' without a RandomSource", { strategy: 'random' }, /relayPorts\.random/],
  ];
  for (const [story, init, path] of badConfigs) {
    it(`rejects ${story} with a TurnConfigError naming the setting`, () => {
      expect(() => new RelayPortPool(init)).to.throw(TurnConfigError, path);
    });
  }
  it('builds nothing up front yet draws exactly what an eager swap-remove free array would (random, mixed ops)', () => {
    // The reference: the eager layout the pool used to build, [min..max] with swap-remove and append.
    const min = 50000;
    const max = 50063;
    const free: number[] = [];
    for (let p = min; p <= max; p++) free.push(p);
    const refTake = (port: number): void => {
      const i = free.indexOf(port);
      const last = free.pop()!;
      if (last !== port) free[i] = last;
    };
    const refRandom = new Rng(7, 'ref');
    const pool = new RelayPortPool({ min, max, random: new Rng(7, 'ref') });
    const ops = new Rng(7, 'ops');
    const held: number[] = [];
    for (let step = 0; step < 2000; step++) {
      if (held.length > 0 && ops.chance(0.45)) {
        const port = held.splice(ops.int(0, held.length - 1), 1)[0];
        pool.release(port);
        free.push(port);
      } else {
        let expected: number | undefined;
        if (free.length > 0) {
          // Same draw sequence as the pool: up to 8 uniform draws (the first one fits: no parity asked).
          expected = free[refRandom.int(0, free.length - 1)];
          refTake(expected);
        }
        const got = pool.acquire();
        expect(got, `step ${step}`).to.equal(expected);
        if (got !== undefined) held.push(got);
      }
      expect(pool.available).to.equal(free.length);
    }
  });
});

import { expect } from 'chai';
import { IceUsageError, MAX_PAIR_PRIORITY, pairPriority, pairPriorityForRole } from '../../../src/protocols/ice';

describe('ice pair priority (RFC 8445 §6.1.2.3)', () => {
  const HOST = 0x7effffff;
  const SRFLX = 0x64ffffff;
  const rows: Array<[string, number, number, bigint]> = [
    ["controlling's host against controlled's srflx", HOST, SRFLX, 0x64fffffffdffffffn],
    ['the same candidates with roles swapped', SRFLX, HOST, 7277816997797167102n],
    ['the largest valid priorities (2^31-1 each)', 2 ** 31 - 1, 2 ** 31 - 1, 9223372036854775806n],
    ['u32 priorities beyond the RFC range still compute', 0xffffffff, 0xffffffff, 2n ** 64n + 2n ** 32n - 2n],
    ['equal priorities (no tie bit)', 5, 5, (5n << 32n) + 10n],
    ['zero against one', 0, 1, 2n],
  ];
  for (const [story, g, d, want] of rows) {
    it(`gives ${want} for ${story}`, () => {
      expect(pairPriority(g, d)).to.equal(want);
    });
  }

  it('matches the worked example in decimal: 7277816997797167103', () => {
    expect(pairPriority(HOST, SRFLX).toString()).to.equal('7277816997797167103');
  });

  it('exceeds Number.MAX_SAFE_INTEGER, so BigInt is required, and never exceeds the maximum', () => {
    expect(pairPriority(HOST, SRFLX) > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
    expect(MAX_PAIR_PRIORITY).to.equal(2n ** 63n - 2n);
  });

  it('takes the local candidate as G when controlling and as D when controlled', () => {
    expect(pairPriorityForRole('controlling', HOST, SRFLX)).to.equal(pairPriority(HOST, SRFLX));
    expect(pairPriorityForRole('controlled', HOST, SRFLX)).to.equal(pairPriority(SRFLX, HOST));
  });

  it('rejects values that are not u32', () => {
    expect(() => pairPriority(-1, 1)).to.throw(IceUsageError, 'pairPriority(g)');
    expect(() => pairPriority(1, 2 ** 32)).to.throw(IceUsageError, 'pairPriority(d)');
  });
});

import { expect } from 'chai';
import {
  checkRto,
  consentExpired,
  consentExpiresAt,
  gatheringRto,
  IceUsageError,
  keepaliveDue,
  negotiateTa,
  nextConsentCheckDelay,
  nextKeepaliveAt,
} from '../../../src/protocols/ice';

describe('ice timing (RFC 8445 §14, §11)', () => {
  const rto: Array<[string, number, number, number, number]> = [
    ['never goes below 500 ms with few checks', 50, 3, 1, 500],
    ['grows with pending checks', 50, 20, 1, 1000],
    ['scales with N', 50, 4, 5, 1000],
    ['is 500 ms with nothing pending', 50, 0, 10, 500],
  ];
  for (const [story, ta, pending, n, want] of rto) {
    it(`check RTO ${story}: Ta=${ta} pending=${pending} N=${n} -> ${want}`, () => {
      expect(checkRto(ta, pending, n)).to.equal(want);
    });
  }

  it('gathering RTO is MAX(500, Ta * srflx+relay candidates)', () => {
    expect(gatheringRto(50, 4)).to.equal(500);
    expect(gatheringRto(50, 12)).to.equal(600);
  });

  it('uses the larger proposed Ta, a missing proposal counting as 50 ms', () => {
    expect(negotiateTa()).to.equal(50);
    expect(negotiateTa(20, undefined)).to.equal(50);
    expect(negotiateTa(20, 80)).to.equal(80);
  });

  it('makes a keepalive due once the pair was idle for Tr = 15 s', () => {
    expect(keepaliveDue(14999, 0)).to.equal(false);
    expect(keepaliveDue(15000, 0)).to.equal(true);
    expect(keepaliveDue(40000, 10000, 30000)).to.equal(true);
    expect(nextKeepaliveAt(1000)).to.equal(16000);
  });

  it('refuses a Tr below 15 s', () => {
    expect(() => keepaliveDue(0, 0, 14999)).to.throw(IceUsageError, 'Tr');
  });
});

describe('ice consent freshness (RFC 7675)', () => {
  const delays: Array<[number, number]> = [
    [0, 4000],
    [0.5, 5000],
    [0.75, 5500],
  ];
  for (const [draw, want] of delays) {
    it(`waits ${want} ms for a draw of ${draw}`, () => {
      expect(nextConsentCheckDelay(draw)).to.equal(want);
    });
  }

  it('stays below 6000 ms for draws just under 1', () => {
    const d = nextConsentCheckDelay(0.999999);
    expect(d).to.be.lessThan(6000).and.greaterThan(5999);
  });

  it('rejects draws outside [0, 1)', () => {
    for (const draw of [1, -0.1, Number.NaN]) expect(() => nextConsentCheckDelay(draw)).to.throw(IceUsageError, 'draw');
  });

  it('expires consent 30 s after the last authenticated response', () => {
    expect(consentExpired(29999, 0)).to.equal(false);
    expect(consentExpired(30000, 0)).to.equal(true);
    expect(consentExpiresAt(12000)).to.equal(42000);
  });
});

import { expect } from 'chai';
import { SourceLimits, TokenBucket, TurnConfigError } from '../../../src/protocols/turn';

describe('turn/source-limits (per-source request rate and amplification budget)', () => {
  it('admits a burst of twice the rate, then the rate, per source, independently of other sources', () => {
    const l = new SourceLimits({ requestsPerSecond: 10 });
    const admitted = (ip: string, n: number, now: number) => Array.from({ length: n }, () => l.admitRequest(ip, now)).filter(Boolean).length;
    expect(admitted('192.0.2.1', 50, 0)).to.equal(20);
    expect(admitted('192.0.2.2', 5, 0)).to.equal(5);
    expect(admitted('192.0.2.1', 50, 1000)).to.equal(10);
  });

  it('charges unauthenticated answers against a byte budget that refills at its rate', () => {
    const l = new SourceLimits({ unauthenticatedBytesPerSecond: 100, unauthenticatedBurstBytes: 300 });
    expect([1, 2, 3, 4].map(() => l.chargeUnauthenticated('192.0.2.1', 100, 0))).to.deep.equal([true, true, true, false]);
    expect(l.chargeUnauthenticated('192.0.2.1', 100, 1000)).to.equal(true);
    expect(l.chargeUnauthenticated('192.0.2.1', 100, 1000)).to.equal(false);
  });

  it('remembers at most maxSources addresses, forgetting the least recently seen', () => {
    const l = new SourceLimits({ requestsPerSecond: 1, maxSources: 100 });
    for (let i = 0; i < 10_000; i++) l.admitRequest(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(l.size).to.equal(100);
  });

  it('has no limits by default and refuses bad settings', () => {
    const l = new SourceLimits();
    expect(l.enabled).to.equal(false);
    expect(Array.from({ length: 1000 }, () => l.admitRequest('192.0.2.1', 0)).every(Boolean)).to.equal(true);
    expect(l.size).to.equal(0);
    expect(() => new SourceLimits({ requestsPerSecond: 0 })).to.throw(TurnConfigError, /requestsPerSecond/);
    expect(() => new SourceLimits({ maxSources: 0 })).to.throw(TurnConfigError, /maxSources/);
  });

  it('TokenBucket never holds more than its burst', () => {
    const b = new TokenBucket(1000, 5, 0);
    expect(b.take(5, 1_000_000)).to.equal(true);
    expect(b.take(1, 1_000_000)).to.equal(false);
  });
});

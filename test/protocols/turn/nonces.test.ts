import { expect } from 'chai';
import { Rng } from '../../../src/sim/rng';
import { DEFAULT_NONCE_LIFETIME_MS, NonceManager, TurnConfigError } from '../../../src/protocols/turn';
import { s } from './helpers';

describe('turn/nonces (RFC 8489 §9.2, RFC 8656 §5)', () => {
  it('issues distinct random nonces, the same ones for the same seed', () => {
    const issue = (seed: number): string[] => {
      const n = new NonceManager({ random: new Rng(seed, 'nonces') });
      return [n.issue(0), n.issue(0), n.issue(0)];
    };
    const a = issue(1);
    expect(a).to.deep.equal(issue(1));
    expect(new Set(a).size).to.equal(3);
    expect(a[0]).to.match(/^[A-Za-z0-9]{16}$/);
  });

  it('keeps a nonce valid for 600 s by default, then calls it stale (438)', () => {
    const n = new NonceManager({ random: new Rng(1) });
    expect(DEFAULT_NONCE_LIFETIME_MS).to.equal(s(600));
    const nonce = n.issue(s(10));
    expect(n.check(nonce, s(609))).to.equal('valid');
    expect(n.check(nonce, s(610))).to.equal('stale');
    expect(n.expiresAt(nonce)).to.equal(s(610));
  });

  it('calls a nonce it never issued, or issued for another scope, unknown', () => {
    const n = new NonceManager({ random: new Rng(1) });
    const nonce = n.issue(0, 'udp 198.51.100.2:50000 > 203.0.113.1:3478');
    expect(n.check('f//499k954d6OL34oL9FSTvy64sA', 0)).to.equal('unknown');
    expect(n.check(nonce, 0, 'udp 198.51.100.2:50001 > 203.0.113.1:3478')).to.equal('unknown');
    expect(n.check(nonce, 0, 'udp 198.51.100.2:50000 > 203.0.113.1:3478')).to.equal('valid');
  });

  it('honours a custom lifetime and prefix (e.g. the RFC 8489 "obMatJos2" cookie)', () => {
    const n = new NonceManager({ random: new Rng(1), lifetimeMs: s(3600), prefix: 'obMatJos2AAAB' });
    const nonce = n.issue(0);
    expect(nonce.startsWith('obMatJos2AAAB')).to.equal(true);
    expect(n.check(nonce, s(3599))).to.equal('valid');
  });

  it('forgets nonces one lifetime after they expired, keeping memory bounded', () => {
    const n = new NonceManager({ random: new Rng(1), lifetimeMs: 1000 });
    const old = n.issue(0);
    n.issue(1999);
    expect(n.size).to.equal(2);
    n.issue(2000);
    expect(n.size).to.equal(2);
    expect(n.check(old, 2000)).to.equal('unknown');
  });

  it('keeps at most maxStored nonces, forgetting the oldest first', () => {
    const n = new NonceManager({ random: new Rng(1), maxStored: 3 });
    const [a, b, c, d] = [n.issue(0), n.issue(1), n.issue(2), n.issue(3)];
    expect(n.size).to.equal(3);
    expect([a, b, c, d].map((x) => n.check(x, 4))).to.deep.equal(['unknown', 'valid', 'valid', 'valid']);
  });

  it('issues in constant time however many nonces are stored (the old purge scanned the whole table each time)', () => {
    const timeIssues = (stored: number): number => {
      const n = new NonceManager({ random: new Rng(1), maxStored: 1_000_000 });
      for (let i = 0; i < stored; i++) n.issue(i);
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < 500; i++) n.issue(stored + i);
        best = Math.min(best, Number(process.hrtime.bigint() - t0));
      }
      return best;
    };
    timeIssues(1_000); // warm up
    const ratio = timeIssues(60_000) / timeIssues(1_000);
    expect(ratio, `issuing at 60,000 stored nonces costs ${ratio.toFixed(1)}x issuing at 1,000`).to.be.below(8);
  });

  it('rejects bad settings with TurnConfigError', () => {
    expect(() => new NonceManager({ random: new Rng(1), lifetimeMs: 0 })).to.throw(TurnConfigError, /lifetimeMs/);
    expect(() => new NonceManager({ random: new Rng(1), length: 4 })).to.throw(TurnConfigError, /length/);
    expect(() => new NonceManager({ random: new Rng(1), maxStored: 0 })).to.throw(TurnConfigError, /maxStored/);
  });
});

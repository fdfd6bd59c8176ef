/** The firewall: a stateful filter without translation (RFC 3489 §10.1 "symmetric UDP firewall" = APDF). */
import { expect } from 'chai';
import { Firewall, NatConfigError } from '../../src/nat';
import { P, S, S2, SEC, X, Y } from './nat-helpers';

const DENY = (detail: string) => ({ ok: false, reason: 'firewall', detail });

describe('firewall', () => {
  describe("mode 'block-unsolicited-inbound'", () => {
    it('drops inbound traffic nobody inside asked for', () => {
      const fw = new Firewall();
      expect(fw.inbound(0, X[0], X[1], S[0], S[1])).to.deep.equal(DENY('unsolicited inbound'));
    });

    it('admits replies only from the exact remote endpoint to the exact inside endpoint', () => {
      const fw = new Firewall();
      expect(fw.outbound(0, X[0], X[1], S[0], S[1])).to.deep.equal({ ok: true });
      expect(fw.inbound(1, X[0], X[1], S[0], S[1])).to.deep.equal({ ok: true });
      expect(fw.inbound(1, X[0], X[1], S2[0], S2[1]).ok, 'other remote port').to.equal(false);
      expect(fw.inbound(1, X[0], X[1], P[0], P[1]).ok, 'other remote').to.equal(false);
      expect(fw.inbound(1, Y[0], Y[1], S[0], S[1]).ok, 'other inside host').to.equal(false);
    });

    it('closes a pinhole timeout after the last outbound packet and says so', () => {
      const fw = new Firewall({ timeout: 30_000 });
      fw.outbound(0, X[0], X[1], S[0], S[1]);
      fw.outbound(10 * SEC, X[0], X[1], S[0], S[1]);
      expect(fw.nextExpiry()).to.equal(40 * SEC);
      expect(fw.inbound(39 * SEC, X[0], X[1], S[0], S[1]).ok).to.equal(true);
      expect(fw.expire(40 * SEC)).to.have.length(1);
      expect(fw.inbound(41 * SEC, X[0], X[1], S[0], S[1])).to.deep.equal(DENY('pinhole expired'));
      fw.outbound(42 * SEC, X[0], X[1], S[0], S[1]);
      expect(fw.inbound(43 * SEC, X[0], X[1], S[0], S[1]).ok).to.equal(true);
    });

    for (const inboundRefresh of [false, true]) {
      it(`${inboundRefresh ? 'extends' : 'does not extend'} a pinhole on inbound packets when inboundRefresh is ${inboundRefresh}`, () => {
        const fw = new Firewall({ timeout: 30_000, inboundRefresh });
        fw.outbound(0, X[0], X[1], S[0], S[1]);
        fw.inbound(20 * SEC, X[0], X[1], S[0], S[1]);
        expect(fw.nextExpiry()).to.equal(inboundRefresh ? 50 * SEC : 30 * SEC);
      });
    }

    it('forgets every pinhole on reset', () => {
      const fw = new Firewall();
      fw.outbound(0, X[0], X[1], S[0], S[1]);
      expect(fw.snapshot(0)).to.deep.equal([{ inside: '10.0.0.2:5000', remote: '198.51.100.1:3478', createdAt: 0,
        lastRefresh: 0, expiresAt: 120 * SEC, timeLeft: 120 * SEC }]);
      expect(fw.reset()).to.have.length(1);
      expect(fw.inbound(1, X[0], X[1], S[0], S[1])).to.deep.equal(DENY('unsolicited inbound'));
    });
  });

  it("drops every UDP packet both ways in mode 'block-all-udp'", () => {
    const fw = new Firewall({ mode: 'block-all-udp' });
    expect(fw.outbound(0, X[0], X[1], S[0], S[1])).to.deep.equal(DENY('all UDP blocked'));
    expect(fw.inbound(0, X[0], X[1], S[0], S[1])).to.deep.equal(DENY('all UDP blocked'));
  });

  const bad = [
    { init: { mode: 'stateless' }, path: 'firewalls.fw.mode', valid: /'block-unsolicited-inbound', 'block-all-udp'/ },
    { init: { policy: [] }, path: 'firewalls.fw.policy', valid: /mode, timeout, tcpTimeout, inboundRefresh, rules/ },
    { init: { rules: [{ action: 'permit' }] }, path: 'firewalls.fw.rules[0].action', valid: /'allow', 'deny'/ },
    { init: { rules: [{ action: 'allow', proto: 'sctp' }] }, path: 'firewalls.fw.rules[0].proto', valid: /'udp', 'tcp', 'any'/ },
    { init: { rules: [{ action: 'allow', ports: ['443-80'] }] }, path: 'firewalls.fw.rules[0].ports[0]', valid: /lo <= hi/ },
    { init: { preset: 'corporate' }, path: 'firewalls.fw.preset', valid: /'udp-blocked', 'tcp-443-only'/ },
    { init: { mode: 'block-all-udp', timeout: 1000 }, path: 'firewalls.fw.timeout', valid: /remove it/ },
    { init: { timeout: 0 }, path: 'firewalls.fw.timeout', valid: /milliseconds > 0/ },
  ];
  for (const row of bad) {
    it(`rejects ${JSON.stringify(row.init)} naming ${row.path}`, () => {
      let err: unknown;
      try {
        new Firewall(row.init as never, 'firewalls.fw');
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(NatConfigError);
      expect((err as NatConfigError).path).to.equal(row.path);
      expect((err as NatConfigError).valid).to.match(row.valid);
    });
  }
});

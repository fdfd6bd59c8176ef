/** Mapping timers (RFC 4787 §4.3): expiry, outbound refresh (REQ-6), inbound refresh (REQ-6a), new ports after. */
import { expect } from 'chai';
import { NatUsageError } from '../../src/nat';
import { EXT2, EXT2_IP, EXT_IP, P, S, SEC, X, Y, ep, send, table } from './nat-helpers';

const EIF = { filtering: 'endpoint-independent' } as const;

describe('mapping timers', () => {
  it('expires a mapping mappingTimeout after its creation when no packet refreshes it', () => {
    const t = table({ mappingTimeout: 120_000 });
    send(t, 0, X, S);
    expect(t.nextExpiry()).to.equal(120 * SEC);
    expect(t.expire(120 * SEC - 1)).to.deep.equal([]);
    const gone = t.expire(120 * SEC);
    expect(gone.map((m) => [m.externalPort, m.expiresAt])).to.deep.equal([[5000, 120 * SEC]]);
    expect(t.size).to.equal(0);
    expect(t.nextExpiry()).to.equal(undefined);
    expect(t.inbound(121 * SEC, EXT_IP, 5000, S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-mapping-expired' });
  });

  it('keeps a mapping alive while outbound packets refresh it (REQ-6)', () => {
    const t = table({ mappingTimeout: 120_000 });
    for (const at of [0, 100, 200]) send(t, at * SEC, X, S);
    expect(t.nextExpiry()).to.equal(320 * SEC);
    expect(t.expire(319 * SEC)).to.have.length(0);
    expect(t.inbound(319 * SEC, EXT_IP, 5000, S[0], S[1]).ok).to.equal(true);
    expect(t.expire(320 * SEC)).to.have.length(1);
  });

  for (const inboundRefresh of [false, true]) {
    it(`${inboundRefresh ? 'extends' : 'does not extend'} a mapping on admitted inbound packets when inboundRefresh is ${inboundRefresh}`, () => {
      const t = table({ ...EIF, mappingTimeout: 120_000, inboundRefresh });
      send(t, 0, X, S);
      expect(t.inbound(100 * SEC, EXT_IP, 5000, P[0], P[1]).ok).to.equal(true);
      expect(t.nextExpiry()).to.equal(inboundRefresh ? 220 * SEC : 120 * SEC);
    });
  }

  it('never refreshes on a filtered inbound packet', () => {
    const t = table({ filtering: 'address-and-port-dependent', inboundRefresh: true });
    send(t, 0, X, S);
    expect(t.inbound(100 * SEC, EXT_IP, 5000, P[0], P[1]).ok).to.equal(false);
    expect(t.nextExpiry()).to.equal(120 * SEC);
  });

  it('switches to establishedTimeout once the mapping admits inbound traffic (Linux conntrack style)', () => {
    const t = table({ mappingTimeout: 30_000, establishedTimeout: 120_000, inboundRefresh: true });
    send(t, 0, X, S);
    expect(t.nextExpiry()).to.equal(30 * SEC);
    expect(t.inbound(10 * SEC, EXT_IP, 5000, S[0], S[1]).ok).to.equal(true);
    expect(t.nextExpiry()).to.equal(130 * SEC);
  });

  for (const portAssignment of ['sequential', 'random'] as const) {
    it(`gives the next packet after expiry a new port under ${portAssignment} assignment`, () => {
      const t = table({ portAssignment, mappingTimeout: 10_000 });
      const first = send(t, 0, X, S);
      expect(t.expire(10 * SEC)).to.have.length(1);
      const second = send(t, 11 * SEC, X, S);
      expect(second).to.not.equal(first);
      expect(t.inbound(12 * SEC, EXT_IP, first, S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-mapping-expired' });
      expect(t.inbound(12 * SEC, EXT_IP, second, S[0], S[1]).ok).to.equal(true);
    });
  }

  it('gives the same port back after expiry under preserve (the port is free again)', () => {
    const t = table({ mappingTimeout: 10_000 });
    send(t, 0, X, S);
    t.expire(10 * SEC);
    expect(send(t, 11 * SEC, X, S)).to.equal(5000);
  });

  it("answers an inbound packet with the port's owner now: after it expired and passed to another host, and after a reboot", () => {
    // preserve: Y's mapping takes port 5000 once X's has expired. The inbound packets before it fill the table's
    // one-entry cache of the last admitted mapping, which must not answer for the port's new owner.
    const t = table({ mappingTimeout: 10_000, filtering: 'endpoint-independent' });
    expect(send(t, 0, X, S)).to.equal(5000);
    expect(t.inbound(SEC, EXT_IP, 5000, S[0], S[1])).to.include({ ok: true, internalIp: X[0], internalPort: X[1] });
    expect(t.inbound(20 * SEC, EXT_IP, 5000, S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-mapping-expired' });
    t.expire(20 * SEC);
    const y5000 = ep('10.0.0.3:5000');
    expect(send(t, 21 * SEC, y5000, S)).to.equal(5000);
    expect(t.inbound(22 * SEC, EXT_IP, 5000, S[0], S[1])).to.include({ ok: true, internalIp: y5000[0], internalPort: 5000 });
    t.reboot([EXT2]);
    expect(t.inbound(23 * SEC, EXT_IP, 5000, S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-no-mapping' });
    expect(t.isExternalIp(EXT_IP)).to.equal(false);
    expect(t.isExternalIp(EXT2_IP)).to.equal(true);
    expect(send(t, 24 * SEC, X, S)).to.equal(5000);
    expect(t.inbound(25 * SEC, EXT2_IP, 5000, S[0], S[1])).to.include({ ok: true, internalIp: X[0], internalPort: X[1] });
  });

  it('treats a mapping due at the very instant as expired, and hands it to the next expire()', () => {
    const t = table({ portAssignment: 'sequential', mappingTimeout: 10_000 });
    const first = send(t, 0, X, S);
    const r = t.outbound(10 * SEC, X[0], X[1], S[0], S[1]);
    expect(r).to.include({ ok: true, created: true });
    expect(r.ok && r.externalPort).to.not.equal(first);
    expect(t.nextExpiry()).to.equal(10 * SEC);
    expect(t.expire(10 * SEC).map((m) => m.externalPort)).to.deep.equal([first]);
    expect(t.nextExpiry()).to.equal(20 * SEC);
  });

  it('returns several expired mappings ordered by expiry time, then creation', () => {
    const t = table({ mappingTimeout: 10_000 });
    send(t, 0, Y, S); // id 1
    send(t, 0, X, S); // id 2
    send(t, 1 * SEC, ep('10.0.0.4:7000'), S); // id 3
    send(t, 2 * SEC, Y, S); // Y refreshed: now due at 12 s
    expect(t.nextExpiry()).to.equal(10 * SEC);
    expect(t.expire(20 * SEC).map((m) => [m.id, m.expiresAt])).to.deep.equal([
      [2, 10 * SEC], [3, 11 * SEC], [1, 12 * SEC],
    ]);
  });

  it('rejects time going backwards (a bug in the node driving the table)', () => {
    const t = table();
    send(t, 2 * SEC, X, S);
    expect(() => t.outbound(1 * SEC, X[0], X[1], S[0], S[1])).to.throw(NatUsageError, /time went backwards/);
  });
});

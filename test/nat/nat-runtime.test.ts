/** Runtime changes: reboot (mapping flush) and reconfigure (behaviour changes mid-run). */
import { expect } from 'chai';
import { parseIpv4 } from '../../src/net/ipv4';
import { NatConfigError, mappingEvent } from '../../src/nat';
import { EXT_IP, P, Q, S, SEC, X, Y, ep, send, table } from './nat-helpers';

describe('NAT reboot', () => {
  it('flushes every mapping, returns them by id, and forgets them (no-mapping, not expired)', () => {
    const t = table({ filtering: 'endpoint-independent' });
    send(t, 0, Y, S);
    send(t, 0, X, S);
    const flushed = t.reboot();
    expect(flushed.map((m) => m.id)).to.deep.equal([1, 2]);
    expect(flushed.map((m) => mappingEvent('mapping-flushed', 5, 'home', m))).to.deep.equal([
      { kind: 'mapping-flushed', t: 5, node: 'home', internal: '10.0.0.3:6000', external: '192.0.2.1:6000' },
      { kind: 'mapping-flushed', t: 5, node: 'home', internal: '10.0.0.2:5000', external: '192.0.2.1:5000' },
    ]);
    expect(t.size).to.equal(0);
    expect(t.nextExpiry()).to.equal(undefined);
    expect(t.inbound(SEC, EXT_IP, 5000, S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-no-mapping' });
  });

  it('comes back with new external addresses when given', () => {
    const t = table();
    send(t, 0, X, S);
    t.reboot(['198.51.100.77']);
    const r = t.outbound(SEC, X[0], X[1], S[0], S[1]);
    expect(r).to.include({ ok: true, externalIp: parseIpv4('198.51.100.77'), created: true });
    expect(t.isExternalIp(EXT_IP)).to.equal(false);
    expect(t.config.externalIps).to.deep.equal(['198.51.100.77']);
  });

  it('restarts sequential assignment from the range start', () => {
    const t = table({ portAssignment: 'sequential', portRange: [30000, 30100] });
    send(t, 0, X, S);
    send(t, 0, Y, S);
    t.reboot();
    expect(send(t, SEC, Y, S)).to.equal(30000);
  });
});

describe('NAT reconfigure', () => {
  it('applies a filtering change to existing mappings at once', () => {
    const t = table({ filtering: 'endpoint-independent' });
    send(t, 0, X, S);
    expect(t.inbound(1, EXT_IP, 5000, Q[0], Q[1]).ok).to.equal(true);
    expect(t.reconfigure({ filtering: 'address-and-port-dependent' })).to.deep.equal([]);
    expect(t.inbound(2, EXT_IP, 5000, Q[0], Q[1])).to.deep.equal({ ok: false, reason: 'nat-filtered' });
    expect(t.inbound(3, EXT_IP, 5000, S[0], S[1]).ok).to.equal(true);
  });

  it('flushes every mapping when the mapping behaviour changes, and maps per destination afterwards', () => {
    const t = table();
    send(t, 0, X, S);
    const flushed = t.reconfigure({ mapping: 'address-and-port-dependent' });
    expect(flushed.map((m) => m.externalPort)).to.deep.equal([5000]);
    expect(send(t, SEC, X, S)).to.equal(5000);
    expect(send(t, SEC, X, P)).to.not.equal(5000);
  });

  it('applies a shorter timeout from each mapping’s last refresh', () => {
    const t = table({ mappingTimeout: 120_000 });
    send(t, 0, X, S);
    send(t, 50 * SEC, Y, S);
    t.reconfigure({ mappingTimeout: 60_000 });
    expect(t.nextExpiry()).to.equal(60 * SEC);
    expect(t.expire(100 * SEC).map((m) => m.internalPort)).to.deep.equal([5000]);
    expect(t.nextExpiry()).to.equal(110 * SEC);
  });

  it('keeps existing mappings when the port range changes and assigns new ones in the new range', () => {
    const t = table();
    send(t, 0, X, S);
    t.reconfigure({ portRange: [40000, 40100] });
    expect(t.inbound(1, EXT_IP, 5000, S[0], S[1]).ok).to.equal(true);
    expect(send(t, 2, ep('10.0.0.9:5000'), S)).to.be.within(40000, 40100);
  });

  it('turns hairpinning off for later packets', () => {
    const t = table({ filtering: 'endpoint-independent' });
    send(t, 0, Y, S);
    t.reconfigure({ hairpinning: false });
    expect(t.hairpin(1, X[0], X[1], EXT_IP, 6000)).to.deep.equal({ ok: false, reason: 'nat-hairpin-off' });
  });

  it('rejects bad settings with a NatConfigError and leaves the table unchanged', () => {
    const t = table({ filtering: 'endpoint-independent' });
    send(t, 0, X, S);
    expect(() => t.reconfigure({ filtering: 'cone' as never })).to.throw(NatConfigError, /nat\.filtering/);
    expect(() => t.reconfigure({ translate: false })).to.throw(NatConfigError, /nat\.translate/);
    expect(t.config.filtering).to.equal('endpoint-independent');
    expect(t.inbound(1, EXT_IP, 5000, Q[0], Q[1]).ok).to.equal(true);
  });

  it('lets undefined remove a setting so it falls back to its default', () => {
    const t = table({ portAssignment: 'sequential', sequentialStep: 4 });
    expect(() => t.reconfigure({ portAssignment: 'random' })).to.throw(NatConfigError, /sequentialStep/);
    t.reconfigure({ portAssignment: 'random', sequentialStep: undefined });
    expect(t.config).to.include({ portAssignment: 'random', sequentialStep: 1 });
  });
});

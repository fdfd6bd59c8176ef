import { expect } from 'chai';
import { PermissionSet } from '../../../src/protocols/turn';
import { s } from './helpers';

describe('turn/permissions (RFC 8656 §9)', () => {
  it('installs a permission for 300 s, keyed by IP only', () => {
    const p = new PermissionSet();
    expect(p.install('192.0.2.7', 0)).to.deep.equal({ outcome: 'created', expiresAt: s(300) });
    expect(p.has('192.0.2.7', s(299.999))).to.equal(true);
    expect(p.has('192.0.2.7', s(300))).to.equal(false);
    expect(p.has('192.0.2.8', 0)).to.equal(false);
  });

  it('refreshes to a full 300 s from the refresh time', () => {
    const p = new PermissionSet();
    p.install('192.0.2.7', 0);
    expect(p.install('192.0.2.7', s(200))).to.deep.equal({ outcome: 'refreshed', expiresAt: s(500) });
    expect(p.has('192.0.2.7', s(499))).to.equal(true);
  });

  it('re-creates (not refreshes) a permission that already lapsed', () => {
    const p = new PermissionSet();
    p.install('192.0.2.7', 0);
    expect(p.install('192.0.2.7', s(301)).outcome).to.equal('created');
  });

  it('expires permissions at their exact times, earliest first, and reports the next expiry', () => {
    const p = new PermissionSet();
    p.install('192.0.2.9', s(10));
    p.install('192.0.2.7', 0);
    expect(p.nextExpiry()).to.equal(s(300));
    expect(p.expire(s(299))).to.deep.equal([]);
    expect(p.expire(s(400))).to.deep.equal([
      { peerIp: '192.0.2.7', at: s(300) },
      { peerIp: '192.0.2.9', at: s(310) },
    ]);
    expect(p.nextExpiry()).to.equal(undefined);
    expect(p.size).to.equal(0);
  });

  it('lists live permissions only', () => {
    const p = new PermissionSet();
    p.install('192.0.2.7', 0);
    p.install('192.0.2.8', s(100));
    expect(p.list(s(350))).to.deep.equal(['192.0.2.8']);
  });
});

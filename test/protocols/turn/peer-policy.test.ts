import { expect } from 'chai';
import { DEFAULT_DENIED_PEER_RANGES, PeerPolicy, PRIVATE_PEER_RANGES, TurnConfigError } from '../../../src/protocols/turn';

describe('turn/peer-policy (RFC 8656 §9.1)', () => {
  it('refuses every built-in range by default and allows public and private addresses', () => {
    const p = new PeerPolicy();
    const refused = ['0.0.0.0', '0.255.1.1', '127.0.0.1', '127.8.8.8', '169.254.0.1', '224.0.0.251', '255.255.255.255', '::', '::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1'];
    expect(refused.filter((a) => p.allows(a))).to.deep.equal([]);
    expect(['8.8.8.8', '10.0.0.1', '172.16.0.1', '192.168.1.1', '2001:db8::1'].every((a) => p.allows(a))).to.equal(true);
    expect(p.verdict('127.0.0.1').rule).to.match(/^deny 127\.0\.0\.0\/8: loopback/);
    expect(DEFAULT_DENIED_PEER_RANGES.length + PRIVATE_PEER_RANGES.length).to.be.greaterThan(10);
  });

  it('lets the most specific rule win; at equal length the operator, then deny', () => {
    const p = new PeerPolicy({ allow: ['127.0.0.1', '10.9.0.0/16'], deny: ['10.0.0.0/8', '10.9.9.9'], privatePeers: true });
    expect(p.allows('127.0.0.1')).to.equal(true);
    expect(p.allows('127.0.0.2')).to.equal(false);
    expect(p.allows('10.1.1.1')).to.equal(false);
    expect(p.allows('10.9.1.1')).to.equal(true);
    expect(p.allows('10.9.9.9')).to.equal(false);
    const both = new PeerPolicy({ allow: ['192.0.2.1'], deny: ['192.0.2.1'] });
    expect(both.allows('192.0.2.1')).to.equal(false);
  });

  it('refuses private ranges when privatePeers is false', () => {
    const p = new PeerPolicy({ privatePeers: false });
    expect(['10.0.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', 'fd00::1'].filter((a) => p.allows(a))).to.deep.equal([]);
    expect(p.allows('172.32.0.1')).to.equal(true);
  });

  it('judges its own addresses by port: relay ports allowed, others refused, IP-only questions deferred', () => {
    const p = new PeerPolicy({ ownAddresses: ['198.51.100.1'], ownRelayPorts: { min: 50000, max: 50010 } });
    expect(p.allows('198.51.100.1', 50005)).to.equal(true);
    expect(p.allows('198.51.100.1', 22)).to.equal(false);
    expect(p.allows('198.51.100.1')).to.equal(true);
    expect(new PeerPolicy({ ownAddresses: ['198.51.100.1'] }).allows('198.51.100.1', 50005)).to.equal(false);
  });

  it('names a bad prefix with its place', () => {
    expect(() => new PeerPolicy({ deny: ['10.0.0.0/8', '10.0.0/33'] }, 'turnServer.peers')).to.throw(TurnConfigError, /turnServer\.peers\.deny\[1\]/);
    expect(() => new PeerPolicy({ allow: ['localhost'] })).to.throw(TurnConfigError, /not an address or CIDR prefix/);
  });
});

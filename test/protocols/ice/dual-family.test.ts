/**
 * ICE with both address families: RFC 8421 §4 interleaving of local preferences, pairs only within a family (RFC
 * 8445 §6.1.2.2), IPv6 candidate lines, and an IPv6-only agent reaching IPv4 candidates through a NAT64 prefix
 * (RFC 8445 §5.1.1.1, RFC 6052).
 */
import { expect } from 'chai';
import {
  createCandidate,
  formatCandidate,
  IceSession,
  IceUsageError,
  interleaveAddresses,
  interleavedLocalPreferences,
  localPreferenceForRank,
  parseCandidate,
  synthesizeNat64Candidate,
  Nat64Prefix,
} from '../../../src/protocols/ice';
import { at, effectsOf, host, sessionWith } from './fixtures';

describe('ice with IPv4 and IPv6', () => {
  describe('RFC 8421 §4 interleaving', () => {
    const addrs = ['10.0.0.1', '10.0.0.2', '2001:db8::1', '2001:db8::2', '2001:db8::3'];

    it('alternates the families, IPv6 first, each family in the given order', () => {
      expect(interleaveAddresses(addrs)).to.deep.equal(['2001:db8::1', '10.0.0.1', '2001:db8::2', '10.0.0.2', '2001:db8::3']);
    });

    it('can start with IPv4, and puts host names last and duplicates once', () => {
      expect(interleaveAddresses(['x.local', '2001:db8::1', '10.0.0.1', '10.0.0.1', '2001:db8::2'], { preferred: 'ipv4' })).to.deep.equal([
        '10.0.0.1', '2001:db8::1', '2001:db8::2', 'x.local',
      ]);
    });

    it('turns the rank into 65535 - rank for UDP and into other-pref 8191 - rank for TCP (RFC 6544 §4.2)', () => {
      expect(localPreferenceForRank(0)).to.equal(65535);
      expect(localPreferenceForRank(3)).to.equal(65532);
      expect(localPreferenceForRank(1, { transport: 'tcp', tcpType: 'passive' })).to.equal(4 * 8192 + 8190);
      expect(() => localPreferenceForRank(8192, { transport: 'tcp', tcpType: 'so' })).to.throw(IceUsageError);
      expect(() => localPreferenceForRank(0, { transport: 'tcp' })).to.throw(IceUsageError, /tcpType/);
      expect(() => localPreferenceForRank(-1)).to.throw(IceUsageError);
    });

    it('orders the checklist IPv6, IPv4, IPv6, IPv4 for host candidates built from those preferences', () => {
      const prefs = interleavedLocalPreferences(['10.0.0.1', '10.0.0.2', '2001:db8::1', '2001:db8::2']);
      const locals = [...prefs].map(([a, lp]) => createCandidate({ type: 'host', address: a, port: 5000, localPreference: lp }));
      const { list } = sessionWith(locals, [host('10.1.0.1', 7000), host('2001:db8:1::1', 7000)]);
      expect(list.pairs().map((p) => p.local.address)).to.deep.equal(['2001:db8::1', '10.0.0.1', '2001:db8::2', '10.0.0.2']);
    });
  });

  it('pairs IPv6 with IPv6 and IPv4 with IPv4 only (RFC 8445 §6.1.2.2), and names IPv6 pairs with [addr]:port', () => {
    const { list } = sessionWith([host('10.0.0.1', 5000), host('2001:db8::1', 5000)], [host('10.1.0.1', 7000), host('2001:db8:1::1', 7000)]);
    expect(list.pairs().map((p) => p.id).sort()).to.deep.equal(['1|10.0.0.1:5000->10.1.0.1:7000', '1|[2001:db8::1]:5000->[2001:db8:1::1]:7000']);
  });

  describe('IPv6 candidate lines', () => {
    it('parses any RFC 4291 form and keeps the RFC 5952 canonical one, in the address and raddr', () => {
      const r = parseCandidate('candidate:1 1 udp 1694498815 2001:DB8:0:0:0:0:0:A 50000 typ srflx raddr 2001:0db8:0000::0001 rport 5000');
      expect(r.ok && r.value.candidate).to.deep.include({ address: '2001:db8::a', relatedAddress: '2001:db8::1' });
    });

    it('formats an IPv6 host candidate as it parses back', () => {
      const c = host('2001:db8::1', 5000);
      const line = formatCandidate(c);
      expect(line).to.equal(`candidate:${c.foundation} 1 udp 2130706431 2001:db8::1 5000 typ host`);
      const back = parseCandidate(line);
      expect(back.ok && back.value.candidate).to.deep.include({ address: '2001:db8::1', port: 5000, priority: c.priority });
    });
  });

  describe('an IPv6-only agent behind NAT64', () => {
    const V6 = '2001:db8:1::10';

    it('synthesises the IPv6 twin of a remote IPv4 candidate under the prefix (RFC 6052 §2.2)', () => {
      const c = host('203.0.113.5', 7000);
      const twin = synthesizeNat64Candidate(c, Nat64Prefix.parse('64:ff9b::/96'));
      expect(twin).to.deep.include({ address: '64:ff9b::cb00:7105', port: 7000, type: 'host', priority: c.priority, foundation: c.foundation, baseAddress: '64:ff9b::cb00:7105' });
      expect(synthesizeNat64Candidate(host('2001:db8::5', 1), Nat64Prefix.parse('64:ff9b::/96'))).to.equal(undefined);
    });

    it('pairs its IPv6 candidate with the twins of the peer\'s IPv4 candidates, not with private ones under the WKP', () => {
      const session = new IceSession('controlling', 1n, { nat64Prefix: '64:ff9b::/96' });
      const list = session.addStream();
      list.addLocalCandidate(host(V6, 5000));
      const effects = list.addRemoteCandidate(host('203.0.113.5', 7000));
      list.addRemoteCandidate(host('10.0.0.5', 7000));
      expect(effectsOf(effects, 'remote-candidate-synthesized').map((e) => [e.from.address, e.candidate.address])).to.deep.equal([['203.0.113.5', '64:ff9b::cb00:7105']]);
      expect(list.pairs().map((p) => p.id)).to.deep.equal([`1|[${V6}]:5000->[64:ff9b::cb00:7105]:7000`]);
    });

    it('gets a valid pair when the answer comes back from the synthesised address (the NAT64 translated it)', () => {
      const session = new IceSession('controlling', 1n, { nat64Prefix: '64:ff9b::/96' });
      const list = session.addStream();
      list.addLocalCandidate(host(V6, 5000));
      list.addRemoteCandidate(host('203.0.113.5', 7000));
      session.start();
      const check = session.nextCheck(0)!;
      expect(check.to).to.deep.equal(at('64:ff9b::cb00:7105', 7000));
      const out = session.onCheckSuccess(check.checkId, { source: at('64:ff9b::cb00:7105', 7000), destination: at(V6, 5000), mappedAddress: at('198.51.100.64', 40000) }, 30);
      expect(out.validPair?.remote.address).to.equal('64:ff9b::cb00:7105');
    });

    it('pairs nothing across families without a prefix', () => {
      const { list } = sessionWith([host(V6, 5000)], [host('203.0.113.5', 7000)]);
      expect(list.pairs()).to.have.length(0);
    });

    it('refuses a prefix RFC 6052 does not allow, naming the option', () => {
      expect(() => new IceSession('controlling', 1n, { nat64Prefix: '64:ff9b::/100' })).to.throw(IceUsageError, /IceSessionInit\.nat64Prefix.*RFC 6052/);
    });
  });
});

/** RFC 6052 IPv4-embedded IPv6 addresses: every prefix length of §2.2, checked against §2.4's table. */
import { expect } from 'chai';
import { Nat64Prefix, isNonGlobalIpv4 } from '../../src/net/nat64-prefix';
import { AddressError } from '../../src/net/errors';
import { NatConfigError, resolveNat64Config } from '../../src/nat';
import { formatIp } from '../../src/net/ip-number';
import { ip } from './v6-helpers';

// RFC 6052 §2.4: 192.0.2.33 embedded with each prefix length.
const TABLE: readonly [string, string][] = [
  ['2001:db8::/32', '2001:db8:c000:221::'],
  ['2001:db8:100::/40', '2001:db8:1c0:2:21::'],
  ['2001:db8:122::/48', '2001:db8:122:c000:2:2100::'],
  ['2001:db8:122:300::/56', '2001:db8:122:3c0:0:221::'],
  ['2001:db8:122:344::/64', '2001:db8:122:344:c0:2:2100:0'],
  ['2001:db8:122:344::/96', '2001:db8:122:344::c000:221'],
  ['64:ff9b::/96', '64:ff9b::c000:221'],
];

describe('RFC 6052 NAT64 prefixes', () => {
  for (const [prefix, embedded] of TABLE) {
    it(`embeds and extracts 192.0.2.33 with ${prefix} as ${embedded} (§2.4)`, () => {
      const p = Nat64Prefix.parse(prefix);
      expect(formatIp(p.embed(ip('192.0.2.33')))).to.equal(embedded);
      expect(formatIp(p.extract(ip(embedded)))).to.equal('192.0.2.33');
      expect(p.toString()).to.equal(prefix);
    });
  }

  it('knows the Well-Known Prefix and reads 64:ff9b::192.0.2.33 written with a dotted tail', () => {
    const p = Nat64Prefix.parse('64:ff9b::/96');
    expect(p.wellKnown).to.equal(true);
    expect(Nat64Prefix.parse('2001:db8::/96').wellKnown).to.equal(false);
    expect(formatIp(p.extract(ip('64:ff9b::192.0.2.33')))).to.equal('192.0.2.33');
  });

  it('extracts nothing from addresses outside the prefix, IPv4 addresses, or a non-zero u octet (§2.2)', () => {
    const p = Nat64Prefix.parse('2001:db8:122::/48');
    expect(p.extract(ip('2001:db8:123:c000:2:2100::'))).to.equal(-1);
    expect(p.extract(ip('192.0.2.33'))).to.equal(-1);
    expect(p.extract(ip('2001:db8:122:c000:ff02:2100::')), 'u octet 0xff').to.equal(-1);
  });

  it('refuses lengths RFC 6052 does not define, and a /96 with bits 64-71 set', () => {
    for (const bad of ['64:ff9b::/95', '2001:db8::/33', '64:ff9b::', 'not-a-prefix', '10.0.0.0/8']) {
      expect(() => Nat64Prefix.parse(bad), bad).to.throw(AddressError, /32, 40, 48, 56, 64, 96/);
    }
    expect(() => Nat64Prefix.parse('2001:db8:0:0:ff00::/96')).to.throw(AddressError, /bits 64-71/);
    expect(() => resolveNat64Config({ prefix: '64:ff9b::/95' }, 'x')).to.throw(NatConfigError, /^x\.prefix: "64:ff9b::\/95" is not a NAT64 prefix; valid: an IPv6 prefix of length 32, 40/);
  });

  it('tells non-global IPv4 addresses (RFC 6052 §3.1) from public and documentation ones', () => {
    for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.1.1', '0.1.2.3']) {
      expect(isNonGlobalIpv4(ip(a)), a).to.equal(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '192.0.2.33', '198.51.100.1', '203.0.113.9']) expect(isNonGlobalIpv4(ip(a)), a).to.equal(false);
  });
});

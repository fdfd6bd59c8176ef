/** IPv4-embedded IPv6 addresses (RFC 6052 §2), against the examples table of §2.4. */
import { expect } from 'chai';
import { AddressError } from '../../src/net/errors';
import { formatIpv6, parseIpv6 } from '../../src/net/ipv6';
import {
  extractIpv4Text,
  isNonGlobalIpv4,
  NAT64_WELL_KNOWN_PREFIX,
  parseNat64Prefix,
  synthesizeIpv6,
  synthesizeIpv6Text,
} from '../../src/net/rfc6052';
import { parseIpv4 } from '../../src/net/ipv4';

describe('RFC 6052 IPv4-embedded IPv6 addresses', () => {
  // RFC 6052 §2.4, IPv4 address 192.0.2.33 under each prefix length.
  const examples: Array<[string, string]> = [
    ['2001:db8::/32', '2001:db8:c000:221::'],
    ['2001:db8:100::/40', '2001:db8:1c0:2:21::'],
    ['2001:db8:122::/48', '2001:db8:122:c000:2:2100::'],
    ['2001:db8:122:300::/56', '2001:db8:122:3c0:0:221::'],
    ['2001:db8:122:344::/64', '2001:db8:122:344:c0:2:2100:0'],
    ['2001:db8:122:344::/96', '2001:db8:122:344::192.0.2.33'],
    ['64:ff9b::/96', '64:ff9b::192.0.2.33'],
  ];
  for (const [prefix, expected] of examples) {
    it(`embeds 192.0.2.33 under ${prefix} as ${expected} (§2.4) and extracts it back`, () => {
      const p = parseNat64Prefix(prefix);
      const bytes = synthesizeIpv6(p, '192.0.2.33');
      expect(bytes && formatIpv6(bytes)).to.equal(formatIpv6(parseIpv6(expected)));
      expect(extractIpv4Text(p, expected)).to.equal('192.0.2.33');
    });
  }

  it('leaves the u octet (bits 64-71) zero even for the /40../56 layouts', () => {
    for (const prefix of ['2001:db8:100::/40', '2001:db8:122::/48', '2001:db8:122:300::/56', '2001:db8::/32']) {
      expect(synthesizeIpv6(parseNat64Prefix(prefix), '255.255.255.255')?.[8]).to.equal(0);
    }
  });

  it('refuses lengths RFC 6052 does not define, IPv4 prefixes and a /96 with a non-zero u octet', () => {
    for (const bad of ['2001:db8::/33', '2001:db8::/128', '10.0.0.0/8', 'nonsense', '2001:db8:0:0:ff00::/96']) {
      expect(() => parseNat64Prefix(bad), bad).to.throw(AddressError, /NAT64 prefix/);
    }
  });

  it('does not embed non-global IPv4 addresses in the Well-Known Prefix (§3.1), but does under a network-specific one', () => {
    const wkp = parseNat64Prefix(NAT64_WELL_KNOWN_PREFIX);
    for (const a of ['10.1.2.3', '192.168.0.1', '172.16.0.1', '100.64.0.1', '127.0.0.1', '169.254.1.1']) {
      expect(synthesizeIpv6(wkp, a), a).to.equal(undefined);
      expect(isNonGlobalIpv4(parseIpv4(a))).to.equal(true);
    }
    expect(synthesizeIpv6Text(wkp, '203.0.113.5')).to.equal('64:ff9b::cb00:7105');
    expect(synthesizeIpv6Text(parseNat64Prefix('2001:db8:64::/96'), '10.1.2.3')).to.equal('2001:db8:64::a01:203');
  });

  it('extracts nothing from an address outside the prefix or with a non-zero suffix', () => {
    const p = parseNat64Prefix('2001:db8:122:344::/64');
    expect(extractIpv4Text(p, '2001:db8:122:345:c0:2:2100:0')).to.equal(undefined);
    expect(extractIpv4Text(p, '2001:db8:122:344:c0:2:2100:1')).to.equal(undefined);
    expect(extractIpv4Text(p, 'not an address')).to.equal(undefined);
  });
});

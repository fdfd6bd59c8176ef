import { expect } from 'chai';
import {
  canonicalIp, formatTransportAddressText, ipFamily, parseIp, parseTransportAddressText,
} from '../../src/net/address';
import { IpPrefix, longestPrefixMatch } from '../../src/net/address-prefix';
import { AddressError } from '../../src/net/errors';
import { canonicalIpv6, formatIpv6, isIpv4Mapped, parseIpv6, tryParseIpv6 } from '../../src/net/ipv6';

// IPv6 groundwork (issue 11, docs/ipv6.md): text forms of RFC 4291 §2.2 in, RFC 5952 canonical text out.
describe('IPv6 addresses as text (RFC 4291 §2.2 in, RFC 5952 out)', () => {
  // RFC 5952 §1-§2: many ways to write one address, and the one canonical form of each (§4).
  const rfc5952: [string, string[], string][] = [
    ['§1: the same address written eight ways', [
      '2001:db8:0:0:1:0:0:1', '2001:0db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', '2001:db8::0:1:0:0:1', '2001:0db8::1:0:0:1',
      '2001:db8:0:0:1::1', '2001:db8:0000:0:1::1', '2001:DB8:0:0:1::1',
    ], '2001:db8::1:0:0:1'],
    ['§2.1 / §4.1: leading zeros', [
      '2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:001', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:01',
      '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1',
    ], '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1'],
    ['§2.2 / §4.2.2: one zero group is not shortened', ['2001:db8:aaaa:bbbb:cccc:dddd::1', '2001:db8:aaaa:bbbb:cccc:dddd:0:1'], '2001:db8:aaaa:bbbb:cccc:dddd:0:1'],
    ['§2.2 / §4.2.1: "::" takes the whole run', ['2001:db8:0:0:0::1', '2001:db8:0:0::1', '2001:db8:0::1', '2001:db8::1'], '2001:db8::1'],
    ['§2.2: where "::" goes', ['2001:db8::aaaa:0:0:1', '2001:db8:0:0:aaaa::1'], '2001:db8::aaaa:0:0:1'],
    ['§2.3 / §4.3: lower case', ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa'],
      '2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa'],
    ['§4.2.1: shorten as much as possible', ['2001:db8:0:0:0:0:2:1'], '2001:db8::2:1'],
    ['§4.2.2: a single 16-bit 0 field stays', ['2001:db8:0:1:1:1:1:1'], '2001:db8:0:1:1:1:1:1'],
    ['§4.2.3: the longest run is shortened', ['2001:0:0:1:0:0:0:1'], '2001:0:0:1::1'],
    ['§4.2.3: of equal runs, the first', ['2001:db8:0:0:1:0:0:1'], '2001:db8::1:0:0:1'],
    ['§5: IPv4-mapped keeps the dotted quad', ['::ffff:192.0.2.1', '0:0:0:0:0:ffff:c000:201', '::FFFF:C000:0201'], '::ffff:192.0.2.1'],
  ];
  for (const [story, forms, canonical] of rfc5952) {
    it(`RFC 5952 ${story}: ${canonical}`, () => {
      for (const text of forms) expect(canonicalIpv6(text), text).to.equal(canonical);
    });
  }

  // RFC 4291 §2.2's own examples.
  const rfc4291: [string, string][] = [
    ['ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789'],
    ['2001:DB8:0:0:8:800:200C:417A', '2001:db8::8:800:200c:417a'],
    ['2001:DB8::8:800:200C:417A', '2001:db8::8:800:200c:417a'],
    ['FF01:0:0:0:0:0:0:101', 'ff01::101'],
    ['FF01::101', 'ff01::101'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::', '::'],
    ['0:0:0:0:0:0:13.1.68.3', '::d01:4403'], // not IPv4-mapped: hex, as RFC 5952 §4 says
    ['::13.1.68.3', '::d01:4403'],
    ['0:0:0:0:0:FFFF:129.144.52.38', '::ffff:129.144.52.38'],
    ['::FFFF:129.144.52.38', '::ffff:129.144.52.38'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'], // RFC 6052 §2.4 example
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ];
  for (const [text, canonical] of rfc4291) {
    it(`parses RFC 4291 text ${text} -> ${canonical}`, () => {
      expect(canonicalIpv6(text)).to.equal(canonical);
      expect([...parseIpv6(canonical)]).to.deep.equal([...parseIpv6(text)]);
    });
  }

  const invalid = [
    '', ':', ':::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:',
    '::1%eth0', 'fe80::1%1', '1.2.3.4::', '::1.2.3', '::1.2.3.4.5', '::ffff:1.2.3.04', '::256.0.0.1', '1:2:3:4:5:6:7:1.2.3.4',
    '[::1]', ' ::1', '192.0.2.1',
  ];
  it('refuses what is not RFC 4291 text (zone ids, too many groups, two "::", bad IPv4 tails)', () => {
    for (const text of invalid) expect(tryParseIpv6(text), JSON.stringify(text)).to.equal(undefined);
    expect(() => parseIpv6('::1%eth0')).to.throw(AddressError, /'::1%eth0' is not an IPv6 address .*no zone id/);
  });

  it('knows IPv4-mapped addresses (RFC 4291 §2.5.5.2) and formats 16 bytes only', () => {
    expect(isIpv4Mapped(parseIpv6('::ffff:10.0.0.1'))).to.equal(true);
    expect(isIpv4Mapped(parseIpv6('::10.0.0.1'))).to.equal(false);
    expect(isIpv4Mapped(parseIpv6('64:ff9b::10.0.0.1'))).to.equal(false);
    expect(() => formatIpv6(new Uint8Array(4))).to.throw(AddressError, /16 bytes, got 4/);
  });
});

describe('addresses of either family, transport addresses and prefixes', () => {
  it('parses both families and prints them canonically', () => {
    expect(parseIp('192.0.2.1')).to.deep.equal({ family: 4, bytes: Uint8Array.of(192, 0, 2, 1) });
    expect(parseIp('2001:DB8::1').family).to.equal(6);
    expect(['192.0.2.1', '2001:db8::1', 'nope'].map(ipFamily)).to.deep.equal([4, 6, undefined]);
    expect(canonicalIp('2001:0DB8:0000::0001')).to.equal('2001:db8::1');
    expect(canonicalIp('10.0.0.1')).to.equal('10.0.0.1');
    expect(() => parseIp('10.0.0.256')).to.throw(AddressError, /'10\.0\.0\.256' is not an IP address \(expected IPv4 like 192\.0\.2\.1 or IPv6/);
  });

  it('prints IPv6 transport addresses as [addr]:port (RFC 5952 §6) and IPv4 ones as addr:port', () => {
    expect(formatTransportAddressText('2001:DB8:0:0:0::1', 3478)).to.equal('[2001:db8::1]:3478');
    expect(formatTransportAddressText('::ffff:192.0.2.1', 80)).to.equal('[::ffff:192.0.2.1]:80');
    expect(formatTransportAddressText('192.0.2.1', 3478)).to.equal('192.0.2.1:3478');
  });

  it('parses [addr]:port and addr:port back, canonically, and says what is wrong otherwise', () => {
    expect(parseTransportAddressText('[2001:DB8::0:1]:3478')).to.deep.equal({ family: 6, address: '2001:db8::1', port: 3478 });
    expect(parseTransportAddressText('192.0.2.1:3478')).to.deep.equal({ family: 4, address: '192.0.2.1', port: 3478 });
    const bad: [string, RegExp][] = [
      ['2001:db8::1:3478', /is not a transport address \(expected IPv4:PORT .* or \[IPv6\]:PORT/],
      ['[192.0.2.1]:3478', /'192\.0\.2\.1' is not an IPv6 address/],
      ['[::1]:65536', /port '65536' is not 0-65535/],
      ['[::1]:', /port '' is not 0-65535/],
      ['192.0.2.1:08', /port '08' is not 0-65535/],
      ['[::1%lo]:80', /'::1%lo' is not an IPv6 address/],
    ];
    for (const [text, message] of bad) expect(() => parseTransportAddressText(text), text).to.throw(AddressError, message);
  });

  it('matches prefixes of both families, clearing host bits, and never across families', () => {
    const p = IpPrefix.parse('2001:0DB8:0:CD30::/60'); // RFC 4291 §2.3
    expect(p.toString()).to.equal('2001:db8:0:cd30::/60');
    expect(IpPrefix.parse('2001:0DB8:0000:CD30:0000:0000:0000:0000/60').toString()).to.equal(p.toString());
    expect(IpPrefix.parse('2001:0DB8::CD30:0:0:0:0/60').toString()).to.equal(p.toString());
    expect(IpPrefix.parse('2001:db8:0:cd3f:1::/60').toString(), 'host bits cleared').to.equal(p.toString());
    expect(['2001:db8:0:cd30::1', '2001:db8:0:cd3f:ffff::', '2001:db8:0:cd40::', '2001:db8:0:cd2f::', '10.0.0.1'].map((a) => p.contains(a)))
      .to.deep.equal([true, true, false, false, false]);
    const v4 = IpPrefix.parse('192.168.1.77/24');
    expect([v4.toString(), v4.family, v4.contains('192.168.1.200'), v4.contains('192.168.2.1'), v4.contains('::ffff:192.168.1.1')])
      .to.deep.equal(['192.168.1.0/24', 4, true, false, false]);
    expect(IpPrefix.parse('64:ff9b::/96').contains('64:ff9b::192.0.2.33')).to.equal(true);
    expect(IpPrefix.parse('::/0').contains('2001:db8::1')).to.equal(true);
    expect(IpPrefix.parse('0.0.0.0/0').contains('2001:db8::1')).to.equal(false);
    expect(IpPrefix.parse('2001:db8::1/128').contains('2001:db8::1')).to.equal(true);
    expect(IpPrefix.parse('2001:db8::1/128').contains('2001:db8::2')).to.equal(false);
  });

  it('refuses malformed prefixes (RFC 4291 §2.3\'s illegal examples among them)', () => {
    for (const text of ['2001:0DB8:0:CD3/60', '2001:db8::/129', '10.0.0.0/33', '10.0.0.0', '2001:db8::', '/24', 'x/8']) {
      expect(() => IpPrefix.parse(text), text).to.throw(AddressError, /is not an address prefix \(expected address\/length/);
    }
    // RFC 4291 §2.3 also lists 2001:0DB8::CD30/60 and 2001:0DB8::CD3/60 as wrong ways to write 2001:db8:0:cd30::/60:
    // they are valid text for other prefixes, whose host bits are then cleared.
    expect(IpPrefix.parse('2001:0DB8::CD30/60').toString()).to.equal('2001:db8::/60');
  });

  it('finds the longest matching prefix of the address\'s family', () => {
    const table = ['::/0', '2001:db8::/32', '2001:db8:1::/48', '0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16'].map((t) => IpPrefix.parse(t));
    expect(['2001:db8:1::5', '2001:db8:2::5', '2001:dead::1', '10.1.2.3', '10.2.0.1', '192.0.2.1', 'bad']
      .map((a) => longestPrefixMatch(table, a))).to.deep.equal([2, 1, 0, 5, 4, 3, -1]);
  });
});

/** NPTv6 (RFC 6296): stateless, checksum-neutral prefix translation. */
import { expect } from 'chai';
import { NatConfigError, Nptv6Translator } from '../../src/nat';
import { formatIp } from '../../src/net/ip-number';
import { Datagram } from '../../src/net/datagram';
import { ip, packet, udpChecksum } from './v6-helpers';

const RFC_EXAMPLE = { insidePrefix: 'fd01:203:405::/48', outsidePrefix: '2001:db8:1::/48' };

describe('NPTv6 (RFC 6296)', () => {
  it('translates RFC 6296 §3.6\'s example FD01:0203:0405:0001::1234 to 2001:0DB8:0001:D550::1234 and back', () => {
    const npt = new Nptv6Translator(RFC_EXAMPLE);
    const out = npt.outbound(ip('fd01:0203:0405:0001::1234'));
    expect(formatIp(out)).to.equal('2001:db8:1:d550::1234');
    expect(formatIp(npt.inbound(out))).to.equal('fd01:203:405:1::1234');
  });

  const cases: readonly [string, string, string, string][] = [
    ['a /48 (adjusts bits 48-63, §3.4)', 'fd01:203:405::/48', '2001:db8:1::/48', 'fd01:203:405:7:1:2:3:4'],
    ['a /56', 'fd00:aaaa:bbbb:cc00::/56', '2001:db8:99:1200::/56', 'fd00:aaaa:bbbb:cc42::9'],
    ['a /60 (adjusts the first IID word, §3.5)', 'fd00:1:2:30::/60', '2001:db8:7:a0::/60', 'fd00:1:2:35:abcd::1'],
    ['a /64 with a 0xFFFF first IID word (§3.5 takes the next)', 'fd00:1:2:3::/64', '2001:db8:f:e::/64', 'fd00:1:2:3:ffff:1::2'],
  ];
  for (const [story, inside, outside, addr] of cases) {
    it(`keeps every UDP checksum unchanged for ${story}`, () => {
      const npt = new Nptv6Translator({ insidePrefix: inside, outsidePrefix: outside });
      const before = packet(addr, 5000, '2001:db8:ffff::53', 53, { payload: 'checksum-neutral?' });
      const src = npt.outbound(before.src);
      expect(src, 'translatable').to.be.greaterThan(0);
      expect(npt.contains('outside', src)).to.equal(true);
      const after = before.withSource(src, before.srcPort);
      expect(formatIp(after.src)).to.not.equal(formatIp(before.src));
      expect(udpChecksum(after)).to.equal(udpChecksum(before));
      expect(npt.inbound(src)).to.equal(before.src);
    });
  }

  it('refuses an address whose adjusted word is 0xFFFF (§3.4) and addresses outside the prefix', () => {
    const npt = new Nptv6Translator(RFC_EXAMPLE);
    expect(npt.outbound(ip('fd01:203:405:ffff::1'))).to.equal(-1);
    expect(npt.outbound(ip('fd01:203:406::1'))).to.equal(-1);
    expect(npt.inbound(ip('fd01:203:405::1'))).to.equal(-1);
  });

  it('writes an adjusted word of 0xFFFF as 0x0000 (§3.4: one\'s-complement zero)', () => {
    const npt = new Nptv6Translator(RFC_EXAMPLE);
    // D550 comes from 0001; the word that would give FFFF is FFFF - D54F = 2AB0 (the adjustment is D54F).
    const out = npt.outbound(ip('fd01:203:405:2ab0::1'));
    expect(formatIp(out)).to.equal('2001:db8:1::1');
    const p = new Datagram(1, ip('fd01:203:405:2ab0::1'), 1, ip('2001:db8::9'), 2, 64, Buffer.from('x'));
    expect(udpChecksum(p.withSource(out, 1))).to.equal(udpChecksum(p));
  });

  it('rejects prefixes of different lengths, over /64, or not IPv6, naming the setting', () => {
    expect(() => new Nptv6Translator({ insidePrefix: 'fd01::/48', outsidePrefix: '2001:db8::/56' }, 'n'))
      .to.throw(NatConfigError, /n\.outsidePrefix.*same length/);
    expect(() => new Nptv6Translator({ insidePrefix: 'fd01::/96', outsidePrefix: '2001:db8::/96' }, 'n'))
      .to.throw(NatConfigError, /n\.insidePrefix.*1-64/);
    expect(() => new Nptv6Translator({ insidePrefix: '10.0.0.0/8', outsidePrefix: '2001:db8::/8' }, 'n')).to.throw(NatConfigError, /n\.insidePrefix/);
  });
});

/**
 * The stateful IPv6 firewall (RFC 6092 simple security) in RFC 4787 filtering terms. X is an inside endpoint,
 * S the server it talked to, S2 the same server's other port, P a stranger.
 */
import { expect } from 'chai';
import { IPV6_FIREWALL_PRESETS, Ipv6Firewall, Ipv6FirewallInit, NatConfigError, resolveIpv6FirewallConfig } from '../../src/nat';
import { TCP_FLAG } from '../../src/net/tcp-header';
import { packet, SEC } from './v6-helpers';

const X = '2001:db8:1::10';
const S = '2001:db8:ffff::1';
const P = '2001:db8:eeee::9';
const MIN = 60 * SEC;
const seg = (flags: number) => ({ tcp: { seq: 1, ack: 1, flags, window: 65535 }, payload: '' });

const out = (fw: Ipv6Firewall, t: number, to = S, port = 3478, opts = {}) => fw.outbound(t, packet(X, 5000, to, port, opts)).ok;
const inb = (fw: Ipv6Firewall, t: number, from = S, port = 3478, opts = {}) => fw.inbound(t, packet(from, port, X, 5000, opts)).ok;

describe('IPv6 firewall (RFC 6092, RFC 4787 filtering)', () => {
  // [filtering, from S:3478, from S:9999, from P:3478]
  const table: readonly [Ipv6FirewallInit['filtering'], boolean, boolean, boolean][] = [
    ['endpoint-independent', true, true, true],
    ['address-dependent', true, true, false],
    ['address-and-port-dependent', true, false, false],
  ];
  for (const [filtering, same, otherPort, stranger] of table) {
    it(`${filtering} filtering admits ${[same && 'the remote', otherPort && 'its other ports', stranger && 'strangers'].filter(Boolean).join(', ')} after X sent to S:3478`, () => {
      const fw = new Ipv6Firewall({ filtering });
      expect(out(fw, 0)).to.equal(true);
      expect([inb(fw, 1), inb(fw, 1, S, 9999), inb(fw, 1, P)]).to.deep.equal([same, otherPort, stranger]);
    });
  }

  it('drops unsolicited inbound UDP under every filtering behaviour, saying why', () => {
    for (const filtering of ['endpoint-independent', 'address-dependent', 'address-and-port-dependent'] as const) {
      const fw = new Ipv6Firewall({ filtering });
      expect(fw.inbound(0, packet(S, 3478, X, 5000)), filtering).to.deep.equal({ ok: false, reason: 'firewall', detail: 'unsolicited inbound UDP: no state for this inside endpoint' });
    }
    const adf = new Ipv6Firewall({ filtering: 'address-dependent' });
    out(adf, 0);
    expect(adf.inbound(1, packet(P, 3478, X, 5000))).to.deep.include({ detail: 'address-dependent filtering: this inside endpoint never sent to that address' });
  });

  it('preset rfc6092 is EIF with a 5-minute UDP timer (REC-14, REC-17), 2 h 4 min / 4 min TCP (REC-30); rfc6092-stringent is ADF', () => {
    expect(resolveIpv6FirewallConfig({})).to.deep.equal(IPV6_FIREWALL_PRESETS.rfc6092);
    expect(IPV6_FIREWALL_PRESETS.rfc6092).to.deep.equal({ filtering: 'endpoint-independent', udpTimeout: 300_000,
      tcpEstablishedTimeout: 7_440_000, tcpTransitoryTimeout: 240_000, inboundRefresh: false });
    expect(resolveIpv6FirewallConfig({ preset: 'rfc6092-stringent' }).filtering).to.equal('address-dependent');
    expect(resolveIpv6FirewallConfig({ preset: 'rfc6092', filtering: 'address-and-port-dependent' }).filtering).to.equal('address-and-port-dependent');
  });

  it('REC-14: a UDP state record lives 5 minutes after the last outbound packet, and no longer', () => {
    const fw = new Ipv6Firewall();
    out(fw, 0);
    out(fw, 1 * MIN);
    expect(inb(fw, 6 * MIN - 1)).to.equal(true);
    expect(fw.nextExpiry()).to.equal(6 * MIN);
    expect(fw.expire(6 * MIN)).to.equal(1);
    expect(inb(fw, 6 * MIN)).to.equal(false);
  });

  for (const inboundRefresh of [false, true]) {
    it(`REC-16: inbound packets ${inboundRefresh ? 'do' : 'do not'} refresh the state with inboundRefresh ${inboundRefresh}`, () => {
      const fw = new Ipv6Firewall({ inboundRefresh });
      out(fw, 0);
      inb(fw, 4 * MIN);
      expect(fw.nextExpiry()).to.equal(inboundRefresh ? 9 * MIN : 5 * MIN);
    });
  }

  it('REC-26/§3.3: an outbound SYN lets the SYN-ACK in; an unsolicited inbound SYN is dropped', () => {
    const fw = new Ipv6Firewall({ filtering: 'address-and-port-dependent' });
    expect(inb(fw, 0, S, 443, seg(TCP_FLAG.SYN))).to.equal(false);
    expect(out(fw, 0, S, 443, seg(TCP_FLAG.SYN))).to.equal(true);
    expect(inb(fw, 1, S, 443, seg(TCP_FLAG.SYN | TCP_FLAG.ACK))).to.equal(true);
    expect(fw.snapshot(1)).to.deep.equal([{ proto: 'tcp', inside: '[2001:db8:1::10]:5000', remote: '[2001:db8:ffff::1]:443',
      tcpState: 'established', expiresAt: 1 + 124 * MIN, timeLeft: 124 * MIN }]);
    expect(inb(fw, 2, S, 443, seg(TCP_FLAG.ACK)), 'data after the handshake').to.equal(true);
    expect(inb(fw, 2, P, 443, seg(TCP_FLAG.ACK)), 'a stranger\'s segment').to.equal(false);
  });

  it('REC-26: simultaneous open (both sides send SYN) passes under APDF', () => {
    const fw = new Ipv6Firewall({ filtering: 'address-and-port-dependent' });
    out(fw, 0, P, 7000, seg(TCP_FLAG.SYN));
    expect(inb(fw, 1, P, 7000, seg(TCP_FLAG.SYN))).to.equal(true);
    expect(fw.snapshot(1)[0].tcpState).to.equal('established');
  });

  it('REC-28 EIF for TCP: once X has a session, a SYN from anyone reaches X (a transitory session of its own)', () => {
    const fw = new Ipv6Firewall({ filtering: 'endpoint-independent' });
    out(fw, 0, S, 443, seg(TCP_FLAG.SYN));
    expect(inb(fw, 1, P, 1234, seg(TCP_FLAG.SYN))).to.equal(true);
    expect(fw.snapshot(1).map((s) => [s.remote, s.tcpState])).to.deep.include(['[2001:db8:eeee::9]:1234', 'in-init']);
  });

  it('REC-30: a TCP session closed by FINs both ways lives 4 minutes more; an idle established one 2 h 4 min', () => {
    const fw = new Ipv6Firewall();
    out(fw, 0, S, 443, seg(TCP_FLAG.SYN));
    inb(fw, 0, S, 443, seg(TCP_FLAG.SYN | TCP_FLAG.ACK));
    expect(fw.nextExpiry()).to.equal(124 * MIN);
    out(fw, SEC, S, 443, seg(TCP_FLAG.FIN | TCP_FLAG.ACK));
    inb(fw, 2 * SEC, S, 443, seg(TCP_FLAG.FIN | TCP_FLAG.ACK));
    expect(fw.nextExpiry()).to.equal(2 * SEC + 4 * MIN);
  });

  it('keeps UDP and TCP state apart', () => {
    const fw = new Ipv6Firewall({ filtering: 'endpoint-independent' });
    out(fw, 0);
    expect(inb(fw, 1, S, 3478, seg(TCP_FLAG.SYN))).to.equal(false);
  });

  it('rejects unknown settings and bad values, naming the setting and what is valid', () => {
    expect(() => new Ipv6Firewall({ preset: 'home' as never }, 'fw')).to.throw(NatConfigError, /fw\.preset.*'rfc6092', 'rfc6092-stringent'/);
    expect(() => new Ipv6Firewall({ filtering: 'symmetric' as never }, 'fw')).to.throw(NatConfigError, /fw\.filtering/);
    expect(() => new Ipv6Firewall({ udpTimeout: 0 }, 'fw')).to.throw(NatConfigError, /fw\.udpTimeout/);
    expect(() => new Ipv6Firewall({ mode: 'x' } as never, 'fw')).to.throw(NatConfigError, /fw\.mode: unknown IPv6 firewall setting/);
  });
});

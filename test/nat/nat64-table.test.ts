/**
 * The stateful NAT64 core (RFC 6146): each requirement natsim claims, one test each (docs/nat64.md lists them).
 * H6 is an IPv6-only host; S and P are IPv4 servers; T is the pool address.
 */
import { expect } from 'chai';
import { NAT64_CONSTANTS, Nat64Init, Nat64Table, NatConfigError } from '../../src/nat';
import { TCP_FLAG } from '../../src/net/tcp-header';
import { Rng } from '../../src/sim/rng';
import { ip, SEC } from './v6-helpers';

const T = ip('192.0.2.1');
const T2 = ip('192.0.2.2');
const H6 = ip('2001:db8:1::10');
const H6B = ip('2001:db8:1::11');
const S = ip('198.51.100.1');
const P = ip('203.0.113.9');
const MIN = 60 * SEC;

function table(init: Nat64Init = {}): Nat64Table {
  return new Nat64Table(init, new Rng(1).fork('nat64:test'), [T]);
}
const tcpSeg = (flags: number) => ({ seq: 1, ack: 0, flags, window: 65535 });

describe('NAT64 table (RFC 6146)', () => {
  it('§3.5.1 endpoint-independent mapping: one IPv4 transport address for every destination', () => {
    const t = table();
    const a = t.outbound(0, 'udp', H6, 5000, S, 3478);
    const b = t.outbound(1, 'udp', H6, 5000, P, 9000);
    expect(a.ok && b.ok).to.equal(true);
    if (!a.ok || !b.ok) return;
    expect([b.externalIp, b.externalPort]).to.deep.equal([a.externalIp, a.externalPort]);
    expect(a.created).to.equal(true);
    expect(b.created).to.equal(false);
  });

  it('§3.5.1.1 keeps the source port (and so its parity) when free, and pairs a host with one pool address', () => {
    const t = table({ pool: ['192.0.2.1', '192.0.2.2'] });
    const a = t.outbound(0, 'udp', H6, 5001, S, 3478);
    const b = t.outbound(0, 'udp', H6B, 5001, S, 3478);
    const c = t.outbound(0, 'udp', H6, 6000, S, 3478);
    if (!a.ok || !b.ok || !c.ok) throw new Error('translation failed');
    expect(a.externalPort).to.equal(5001);
    expect(b.externalIp === T2 ? b.externalPort : -1, 'second host on the other address keeps its port').to.equal(5001);
    expect(c.externalIp, 'paired').to.equal(a.externalIp);
    expect(c.externalPort).to.equal(6000);
  });

  it('§3.5.1 an IPv4 packet with no BIB entry is dropped (only the IPv6 side creates bindings)', () => {
    const r = table().inbound(0, 'udp', S, 3478, T, 5000);
    expect(r).to.include({ ok: false, reason: 'nat-no-mapping' });
  });

  it('§3.5.1 filtering off (EIF): any IPv4 source reaches a bound IPv6 endpoint, and gets a session of its own', () => {
    const t = table({ filtering: 'endpoint-independent' });
    t.outbound(0, 'udp', H6, 5000, S, 3478);
    const r = t.inbound(1, 'udp', P, 7777, T, 5000);
    expect(r).to.include({ ok: true, internalIp: H6, internalPort: 5000 });
    expect(t.snapshot(1)[0].sessions.map((s) => s.remote)).to.deep.equal(['198.51.100.1:3478', '203.0.113.9:7777']);
  });

  it('§3.5.1 address-dependent filtering: only sources whose address has a live session get in', () => {
    const t = table({ filtering: 'address-dependent' });
    t.outbound(0, 'udp', H6, 5000, S, 3478);
    expect(t.inbound(1, 'udp', S, 9999, T, 5000), 'same address, other port').to.include({ ok: true });
    expect(t.inbound(1, 'udp', P, 3478, T, 5000)).to.include({ ok: false, reason: 'nat-filtered' });
  });

  it('§3.5.1 address-dependent filtering ignores sessions that have ended, even while the BIB entry lives', () => {
    const t = table({ filtering: 'address-dependent' });
    t.outbound(0, 'udp', H6, 5000, S, 3478);
    t.outbound(4 * MIN, 'udp', H6, 5000, P, 9000); // keeps the BIB entry alive past S's session
    expect(t.inbound(5 * MIN + 1, 'udp', S, 3478, T, 5000)).to.include({ ok: false, reason: 'nat-filtered' });
    expect(t.inbound(5 * MIN + 1, 'udp', P, 9000, T, 5000)).to.include({ ok: true });
  });

  it('§3.5.1/§4 a UDP session lives UDP_DEFAULT (5 min) after its last packet; the BIB entry goes with the last session', () => {
    const t = table();
    t.outbound(0, 'udp', H6, 5000, S, 3478);
    expect(t.nextExpiry()).to.equal(5 * MIN);
    expect(t.expire(5 * MIN - 1)).to.have.length(0);
    expect(t.inbound(5 * MIN - 1, 'udp', S, 3478, T, 5000)).to.include({ ok: true });
    expect(t.nextExpiry(), 'the IPv4 packet reset the session timer too').to.equal(10 * MIN - 1);
    const gone = t.expire(10 * MIN - 1);
    expect(gone.map((b) => b.externalPort)).to.deep.equal([5000]);
    expect(t.inbound(10 * MIN, 'udp', S, 3478, T, 5000)).to.include({ ok: false, reason: 'nat-mapping-expired' });
  });

  it('§3.5.1 the session lifetime is configurable but never below UDP_MIN (2 min); TCP never below TCP_EST / TCP_TRANS', () => {
    const t = table({ udpTimeout: NAT64_CONSTANTS.udpMin });
    t.outbound(0, 'udp', H6, 5000, S, 3478);
    expect(t.nextExpiry()).to.equal(2 * MIN);
    expect(() => table({ udpTimeout: 119_999 })).to.throw(NatConfigError, /nat64\.udpTimeout.*UDP_MIN/);
    expect(() => table({ tcpEstablishedTimeout: 7_200_000 })).to.throw(NatConfigError, /TCP_EST/);
    expect(() => table({ tcpTransitoryTimeout: 60_000 })).to.throw(NatConfigError, /TCP_TRANS/);
    expect(() => table({ filtering: 'address-and-port-dependent' as never })).to.throw(NatConfigError, /EIF or ADF/);
  });

  it('§3.5.2.2 a TCP SYN from the IPv6 side opens a transitory (4 min) session; other segments without one are dropped', () => {
    const t = table();
    expect(t.outbound(0, 'tcp', H6, 40000, S, 443, tcpSeg(TCP_FLAG.ACK))).to.include({ ok: false, reason: 'nat-no-mapping' });
    expect(t.outbound(0, 'tcp', H6, 40000, S, 443, tcpSeg(TCP_FLAG.SYN))).to.include({ ok: true });
    expect(t.snapshot(0)[0]).to.include({ proto: 'tcp' });
    expect(t.snapshot(0)[0].sessions[0]).to.deep.equal({ remote: '198.51.100.1:443', expiresAt: 4 * MIN, tcpState: 'out-init' });
  });

  it('§3.5.2.2 the IPv4 SYN-ACK establishes the session (TCP_EST, 2 h 4 min); FINs both ways make it transitory', () => {
    const t = table();
    t.outbound(0, 'tcp', H6, 40000, S, 443, tcpSeg(TCP_FLAG.SYN));
    expect(t.inbound(SEC, 'tcp', S, 443, T, 40000, tcpSeg(TCP_FLAG.SYN | TCP_FLAG.ACK))).to.include({ ok: true });
    expect(t.snapshot(SEC)[0].sessions[0]).to.include({ tcpState: 'established', expiresAt: SEC + 124 * MIN });
    t.outbound(2 * SEC, 'tcp', H6, 40000, S, 443, tcpSeg(TCP_FLAG.FIN | TCP_FLAG.ACK));
    t.inbound(3 * SEC, 'tcp', S, 443, T, 40000, tcpSeg(TCP_FLAG.FIN | TCP_FLAG.ACK));
    expect(t.snapshot(3 * SEC)[0].sessions[0]).to.include({ tcpState: 'both-fin', expiresAt: 3 * SEC + 4 * MIN });
    expect(t.nextExpiry(), 'the BIB entry now ends with its closing session').to.equal(3 * SEC + 4 * MIN);
  });

  it('§3.5.2 simultaneous open: an IPv4 SYN meeting an IPv6 SYN\'s session is admitted; an unsolicited one is not', () => {
    const t = table({ filtering: 'address-dependent' });
    expect(t.inbound(0, 'tcp', P, 5555, T, 40000, tcpSeg(TCP_FLAG.SYN))).to.include({ ok: false, reason: 'nat-no-mapping' });
    t.outbound(0, 'tcp', H6, 40000, P, 5555, tcpSeg(TCP_FLAG.SYN));
    expect(t.inbound(1, 'tcp', P, 5555, T, 40000, tcpSeg(TCP_FLAG.SYN))).to.include({ ok: true });
    expect(t.snapshot(1)[0].sessions[0]).to.include({ tcpState: 'established' });
    expect(t.inbound(1, 'tcp', S, 443, T, 40000, tcpSeg(TCP_FLAG.SYN)), 'ADF: another address').to.include({ reason: 'nat-filtered' });
  });

  it('keeps UDP and TCP bindings apart (one BIB per protocol, §3.1)', () => {
    const t = table();
    t.outbound(0, 'udp', H6, 5000, S, 53);
    expect(t.inbound(1, 'tcp', S, 53, T, 5000, tcpSeg(TCP_FLAG.SYN))).to.include({ ok: false, reason: 'nat-no-mapping' });
  });
});

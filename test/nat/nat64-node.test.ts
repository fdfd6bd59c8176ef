/**
 * The NAT64 node: RFC 7915 translation of UDP and TCP packets (headers rebuilt, hop limit/TTL, checksums that
 * verify under the new pseudo-header), RFC 6146 §3.8 hairpinning, RFC 6052 §3.1, and what it refuses, traced.
 */
import { expect } from 'chai';
import * as sinon from 'sinon';
import { Nat64Init, Nat64Node } from '../../src/nat';
import { Datagram } from '../../src/net/datagram';
import { formatIp, formatIpEndpoint } from '../../src/net/ip-number';
import { TCP_FLAG } from '../../src/net/tcp-header';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';
import { finishChecksum, ipv4UdpBytes, onesSum } from '../../src/report/ipv4-udp';
import { IcmpDatagram } from '../../src/net/icmp';
import { ip, packet, SEC, udpChecksum } from './v6-helpers';

function setup(init: Nat64Init = {}): { w: World; nat: Nat64Node; out: Datagram[]; rec: TraceRecorder } {
  const w = new World();
  w.network('wan', '192.0.2.0/24');
  const nat = w.add(new Nat64Node(w.sim, 'nat64', init));
  nat.attachOutside(w.getNetwork('wan'), '192.0.2.1');
  const out: Datagram[] = [];
  sinon.stub(nat, 'route').callsFake((p: Datagram) => void out.push(p));
  return { w, nat, out, rec: new TraceRecorder(w.sim.trace) };
}

const fmt = (p: Datagram): string => `${formatIpEndpoint(p.src, p.srcPort)} > ${formatIpEndpoint(p.dst, p.dstPort)} ttl ${p.ttl}`;

describe('NAT64 node (RFC 6146, RFC 7915)', () => {
  afterEach(() => sinon.restore());

  it('translates an IPv6 UDP packet to 64:ff9b::198.51.100.1 into IPv4 from the pool, hop limit minus one', () => {
    const { nat, out } = setup();
    const v6 = packet('2001:db8:1::10', 5000, '64:ff9b::198.51.100.1', 3478, { ttl: 64, payload: 'binding request' });
    nat.receive(v6, nat.outside!);
    expect(out.map(fmt)).to.deep.equal(['192.0.2.1:5000 > 198.51.100.1:3478 ttl 63']);
    expect(out[0].payload).to.equal(v6.payload);
    expect(out[0].size, '40-byte IPv6 header replaced by a 20-byte IPv4 one').to.equal(v6.size - 20);
    expect(out[0].df, 'RFC 7915 §5.1: DF = 0 at or below 1260 bytes').to.equal(false);
    expect(out[0].id).to.equal(v6.id);
  });

  it('recomputes the UDP checksum for the IPv4 pseudo-header (verified on the captured bytes)', () => {
    const { nat, out } = setup();
    const v6 = packet('2001:db8:1::10', 5000, '64:ff9b::198.51.100.1', 3478, { payload: 'checksum me' });
    nat.receive(v6, nat.outside!);
    const bytes = ipv4UdpBytes(out[0]);
    const udp = bytes.subarray(20);
    const pseudo = onesSum(bytes, 12, 20) + 17 + udp.length;
    expect(finishChecksum(onesSum(udp, 0, udp.length, pseudo)), 'the checksum verifies').to.equal(0);
    const onWire = (bytes[26] << 8) | bytes[27];
    expect(onWire).to.equal(udpChecksum(out[0]));
    expect(onWire, 'not the IPv6 packet\'s checksum carried over').to.not.equal(udpChecksum(v6));
  });

  it('sets DF on a translated packet over 1260 bytes (RFC 7915 §5.1)', () => {
    const { nat, out } = setup();
    nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::198.51.100.1', 3478, { payload: 'x'.repeat(1300) }), nat.outside!);
    expect(out[0].df).to.equal(true);
  });

  it('translates the reply back: source = the server in the prefix, destination = the IPv6 host, checksum of its own', () => {
    const { nat, out } = setup();
    nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::198.51.100.1', 3478), nat.outside!);
    const reply = packet('198.51.100.1', 3478, '192.0.2.1', 5000, { ttl: 50, payload: 'binding response' });
    nat.receive(reply, nat.outside!);
    expect(fmt(out[1])).to.equal('[64:ff9b::c633:6401]:3478 > [2001:db8:1::10]:5000 ttl 49');
    expect(udpChecksum(out[1])).to.not.equal(udpChecksum(reply));
    expect(out[1].size).to.equal(reply.size + 20);
  });

  it('keeps TCP header fields through translation', () => {
    const { nat, out } = setup();
    const tcp = { seq: 1000, ack: 0, flags: TCP_FLAG.SYN, window: 64240, mss: 1440 };
    nat.receive(packet('2001:db8:1::10', 40000, '64:ff9b::198.51.100.1', 443, { tcp, payload: '' }), nat.outside!);
    expect(out[0].proto).to.equal(6);
    expect(out[0].tcp).to.deep.equal(tcp);
    expect(formatIpEndpoint(out[0].src, out[0].srcPort)).to.equal('192.0.2.1:40000');
  });

  it('traces the BIB entry with an IPv6 inside and an IPv4 outside, and its expiry after UDP_DEFAULT', () => {
    const { w, nat, rec } = setup();
    nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::198.51.100.1', 3478), nat.outside!);
    const created = rec.ofKind('mapping-created');
    expect(created.map((e) => [e.internal, e.external])).to.deep.equal([['[2001:db8:1::10]:5000', '192.0.2.1:5000']]);
    expect(rec.ofKind('translated').map((e) => e.direction)).to.deep.equal(['outbound']);
    w.runFor(301_000);
    const expired = rec.ofKind('mapping-expired');
    expect(expired.map((e) => [e.t, e.internal])).to.deep.equal([[300 * SEC, '[2001:db8:1::10]:5000']]);
  });

  it('§3.8 hairpins between two IPv6 hosts through the pool address: source becomes the sender\'s IPv4 binding in the prefix', () => {
    const { nat, out, rec } = setup();
    nat.receive(packet('2001:db8:1::20', 6000, '64:ff9b::198.51.100.1', 3478), nat.outside!); // B gets 192.0.2.1:6000
    nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::192.0.2.1', 6000), nat.outside!);
    expect(fmt(out[1])).to.equal('[64:ff9b::c000:201]:5000 > [2001:db8:1::20]:6000 ttl 63');
    expect(rec.ofKind('translated').map((e) => e.direction)).to.deep.equal(['outbound', 'hairpin']);
  });

  it('§3.8 with hairpinning off, drops the packet as nat-hairpin-off', () => {
    const { nat, out, rec } = setup({ hairpinning: false });
    nat.receive(packet('2001:db8:1::20', 6000, '64:ff9b::198.51.100.1', 3478), nat.outside!);
    nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::192.0.2.1', 6000), nat.outside!);
    expect(out).to.have.length(1);
    expect(rec.ofKind('dropped').map((e) => e.reason)).to.deep.equal(['nat-hairpin-off']);
  });

  it('RFC 6052 §3.1: refuses to translate the Well-Known Prefix to a private IPv4 address, but a network-specific prefix may', () => {
    const wkp = setup();
    wkp.nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::10.0.0.5', 53), wkp.nat.outside!);
    expect(wkp.out).to.have.length(0);
    expect(wkp.rec.ofKind('dropped').map((e) => [e.reason, e.detail])).to.deep.equal([['nat-filtered', 'the Well-Known Prefix must not embed the non-global 10.0.0.5 (RFC 6052 §3.1)']]);
    sinon.restore();
    const nsp = setup({ prefix: '2001:db8:64::/96' });
    nsp.nat.receive(packet('2001:db8:1::10', 5000, '2001:db8:64::10.0.0.5', 53), nsp.nat.outside!);
    expect(nsp.out.map((p) => formatIp(p.dst))).to.deep.equal(['10.0.0.5']);
  });

  it('drops what it does not translate, traced: unsolicited IPv4, ICMP errors, exhausted hop limits', () => {
    const { nat, out, rec } = setup();
    nat.receive(packet('203.0.113.9', 7000, '192.0.2.1', 5000), nat.outside!);
    nat.receive(packet('2001:db8:1::10', 5000, '64:ff9b::198.51.100.1', 3478, { ttl: 1 }), nat.outside!);
    const about = packet('192.0.2.1', 5000, '198.51.100.1', 3478);
    nat.receive(new IcmpDatagram(99, ip('198.51.100.1'), ip('192.0.2.1'), 64, { type: 3, code: 3, about }), nat.outside!);
    expect(out).to.have.length(0);
    expect(rec.ofKind('dropped').map((e) => e.reason)).to.deep.equal(['nat-no-mapping', 'ttl-expired', 'nat-filtered']);
  });

  it('routes IPv6 traffic outside the NAT64 prefix untranslated', () => {
    const { nat, out, rec } = setup();
    nat.receive(packet('2001:db8:1::10', 5000, '2001:db8:2::1', 3478), nat.outside!);
    expect(rec.ofKind('translated')).to.have.length(0);
    expect(out.map(fmt)).to.deep.equal(['[2001:db8:1::10]:5000 > [2001:db8:2::1]:3478 ttl 63']);
  });
});

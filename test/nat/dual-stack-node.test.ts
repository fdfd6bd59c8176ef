/**
 * The dual-stack home router (IPv4 NAT + IPv6 firewall in one box) and the IPv6 firewall node: IPv4 is translated
 * as by a NatNode, IPv6 is filtered and never translated.
 */
import { expect } from 'chai';
import * as sinon from 'sinon';
import { DualStackNatNode, Ipv6FirewallNode } from '../../src/nat';
import type { Datagram } from '../../src/net/datagram';
import { formatIpEndpoint } from '../../src/net/ip-number';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';
import { packet } from './v6-helpers';

function home(): { w: World; box: DualStackNatNode; routed: Datagram[]; rec: TraceRecorder } {
  const w = new World();
  w.network('wan', ['203.0.113.0/24', '2001:db8:ff00::/64']);
  w.network('lan', ['192.168.1.0/24', '2001:db8:1::/64']);
  const box = w.add(new DualStackNatNode(w.sim, 'home', { nat: { preset: 'port-restricted-cone' }, ipv6Firewall: { preset: 'rfc6092' } }));
  box.attachOutside(w.getNetwork('wan'), ['203.0.113.2', '2001:db8:ff00::2'], { gateway: '203.0.113.1' });
  box.attachInside(w.getNetwork('lan'), ['192.168.1.1', '2001:db8:1::1']);
  box.setDefaultGateway('2001:db8:ff00::1');
  const routed: Datagram[] = [];
  sinon.stub(box, 'route').callsFake((p: Datagram) => void routed.push(p));
  return { w, box, routed, rec: new TraceRecorder(w.sim.trace) };
}

const ends = (p: Datagram): string => `${formatIpEndpoint(p.src, p.srcPort)} > ${formatIpEndpoint(p.dst, p.dstPort)}`;
const lan = (box: DualStackNatNode) => box.ifaces.find((i) => i.name !== 'wan')!;

describe('dual-stack NAT node', () => {
  afterEach(() => sinon.restore());

  it('translates IPv4 with its NAT half (RFC 4787 mapping traced)', () => {
    const { box, rec } = home();
    box.receive(packet('192.168.1.10', 5000, '198.51.100.1', 3478), lan(box));
    expect(rec.ofKind('translated').map((e) => `${e.direction} ${ends(e.after as Datagram)}`)).to.deep.equal(['outbound 203.0.113.2:5000 > 198.51.100.1:3478']);
    expect(box.snapshot()).to.have.length(1);
  });

  it('forwards IPv6 untranslated and opens firewall state; a reply passes, a stranger is dropped as firewall', () => {
    const { box, routed, rec } = home();
    box.receive(packet('2001:db8:1::10', 5000, '2001:db8:ffff::1', 3478), lan(box));
    expect(routed.map(ends)).to.deep.equal(['[2001:db8:1::10]:5000 > [2001:db8:ffff::1]:3478']);
    expect(rec.ofKind('translated')).to.have.length(0);
    box.receive(packet('2001:db8:ffff::1', 3478, '2001:db8:1::10', 5000), box.outside!);
    // rfc6092 preset: endpoint-independent filtering, so another remote gets in too once X has sent out ...
    box.receive(packet('2001:db8:eeee::9', 4000, '2001:db8:1::10', 5000), box.outside!);
    // ... but nothing reaches an inside endpoint that never sent.
    box.receive(packet('2001:db8:eeee::9', 4000, '2001:db8:1::10', 6000), box.outside!);
    expect(routed.map(ends).slice(1)).to.deep.equal(['[2001:db8:ffff::1]:3478 > [2001:db8:1::10]:5000', '[2001:db8:eeee::9]:4000 > [2001:db8:1::10]:5000']);
    expect(rec.ofKind('dropped').map((e) => [e.reason, e.detail])).to.deep.equal([['firewall', 'unsolicited inbound UDP: no state for this inside endpoint']]);
    expect(box.snapshot6().map((s) => s.remote)).to.deep.equal(['[2001:db8:ffff::1]:3478']);
  });

  it('keeps the two halves apart: IPv4 mappings do not open IPv6 state', () => {
    const { box, routed } = home();
    box.receive(packet('192.168.1.10', 5000, '198.51.100.1', 3478), lan(box));
    box.receive(packet('2001:db8:ffff::1', 3478, '2001:db8:1::10', 5000), box.outside!);
    expect(routed).to.have.length(0);
  });

  it('validates the IPv6 half\'s settings under its own path', () => {
    const w = new World();
    expect(() => new DualStackNatNode(w.sim, 'home', { ipv6Firewall: { filtering: 'nope' as never } })).to.throw(/nats\.home\.ipv6Firewall\.filtering/);
  });
});

describe('IPv6 firewall node', () => {
  afterEach(() => sinon.restore());

  it('filters as its core says and traces refusals as firewall drops', () => {
    const w = new World();
    w.network('wan', '2001:db8:ff00::/64');
    w.network('lan', '2001:db8:1::/64');
    const fw = w.add(new Ipv6FirewallNode(w.sim, 'fw', { filtering: 'address-and-port-dependent' }));
    fw.attachOutside(w.getNetwork('wan'), '2001:db8:ff00::2', { gateway: '2001:db8:ff00::1' });
    const inside = fw.attachInside(w.getNetwork('lan'), '2001:db8:1::1');
    const routed: Datagram[] = [];
    sinon.stub(fw, 'route').callsFake((p: Datagram) => void routed.push(p));
    const rec = new TraceRecorder(w.sim.trace);
    fw.receive(packet('2001:db8:1::10', 5000, '2001:db8:ffff::1', 3478), inside);
    fw.receive(packet('2001:db8:ffff::1', 3479, '2001:db8:1::10', 5000), fw.outside!);
    fw.receive(packet('2001:db8:ffff::1', 3478, '2001:db8:1::10', 5000, { ttl: 9 }), fw.outside!);
    expect(routed.map((p) => `${ends(p)} ttl ${p.ttl}`)).to.deep.equal(['[2001:db8:1::10]:5000 > [2001:db8:ffff::1]:3478 ttl 63', '[2001:db8:ffff::1]:3478 > [2001:db8:1::10]:5000 ttl 8']);
    expect(rec.ofKind('dropped').map((e) => e.detail)).to.deep.equal(['address-and-port-dependent filtering: this inside endpoint never sent to that address and port']);
  });
});

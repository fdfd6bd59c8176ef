import { expect } from 'chai';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';
import { formatIp, tryParseIpNumber } from '../../src/net/ip-number';
import { Cidr } from '../../src/net/cidr';
import { Cidr6, parseNetPrefix } from '../../src/net/cidr6';
import { RouteTable } from '../../src/net/route-table';
import type { Iface } from '../../src/net/iface';
import { TopologyError } from '../../src/net/errors';
import { listen } from './helpers';

const ip = (t: string): number => tryParseIpNumber(t)!;

/**
 * Two dual-stack LANs joined by a transit network: a (10.0.1.10, 2001:db8:1::10) -- r1 -- transit (10.9.0.0/30,
 * 2001:db8:9::/64) -- r2 -- b (10.0.2.10, 2001:db8:2::10), static routes in both families.
 */
function dualRoutedPair(opts: { transitMtu?: number } = {}): World {
  const w = new World();
  w.network('left', ['10.0.1.0/24', '2001:db8:1::/64'], { latency: 1 });
  w.network('transit', ['10.9.0.0/30', '2001:db8:9::/64'], { latency: 1 });
  w.network('right', ['10.0.2.0/24', '2001:db8:2::/64'], { latency: 1 });
  const mtu = opts.transitMtu !== undefined ? { link: { mtu: opts.transitMtu } } : {};
  const r1 = w.router('r1', [{ network: 'left', ip: ['10.0.1.1', '2001:db8:1::1'] }, { network: 'transit', ip: ['10.9.0.1', '2001:db8:9::1'], ...mtu }]);
  const r2 = w.router('r2', [{ network: 'transit', ip: ['10.9.0.2', '2001:db8:9::2'] }, { network: 'right', ip: ['10.0.2.1', '2001:db8:2::1'] }]);
  r1.addRoute('10.0.2.0/24', '10.9.0.2');
  r1.addRoute('2001:db8:2::/64', '2001:db8:9::2');
  r2.addRoute('10.0.1.0/24', '10.9.0.1');
  r2.addRoute('2001:db8:1::/64', '2001:db8:9::1');
  w.host('a', { ifaces: [{ network: 'left', ip: ['10.0.1.10', '2001:db8:1::10'] }], gateway: ['10.0.1.1', '2001:db8:1::1'] });
  w.host('b', { ifaces: [{ network: 'right', ip: ['10.0.2.10', '2001:db8:2::10'] }], gateway: ['10.0.2.1', '2001:db8:2::1'] });
  return w;
}

describe('IPv6 routing (RFC 8200, RFC 4291 §2.3)', () => {
  it('carries a udp6 datagram host to host through two routers, hop limit down by two, and the IPv4 one beside it', () => {
    const w = dualRoutedPair();
    const rec = new TraceRecorder(w.sim.trace);
    const b6 = w.getHost('b').createSocket('udp6');
    const got: string[] = [];
    b6.on('message', (m, r) => got.push(`${m.toString()} from ${r.address}:${r.port} ${r.family}`));
    b6.bind(5000);
    const a6 = w.getHost('a').createSocket({ type: 'udp6', ipv6Only: true }).bind(4000);
    const a4 = w.getHost('a').createSocket('udp4').bind(4001);
    w.runUntilIdle();
    a6.send(Buffer.from('six'), 5000, '2001:DB8:2:0:0:0:0:10');
    a4.send(Buffer.from('four'), 5000, '10.0.2.10');
    w.runUntilIdle();
    expect(got).to.deep.equal(['six from 2001:db8:1::10:4000 IPv6', 'four from ::ffff:10.0.1.10:4001 IPv6']);
    const delivered = rec.ofKind('delivered').map((e) => `${formatIp(e.pkt.src)}>${formatIp(e.pkt.dst)} ttl ${e.pkt.ttl}`);
    expect(delivered).to.deep.equal(['2001:db8:1::10>2001:db8:2::10 ttl 62', '10.0.1.10>10.0.2.10 ttl 62']);
    expect(rec.ofKind('forwarded').map((e) => e.node)).to.deep.equal(['r1', 'r1', 'r2', 'r2']);
  });

  it('picks the longest matching prefix in each family and never matches across families', () => {
    const w = new World();
    w.network('n', ['10.0.0.0/24', '2001:db8::/64']);
    const r = w.router('r', [{ network: 'n', ip: ['10.0.0.1', '2001:db8::1'] }]);
    w.host('h', { ifaces: [{ network: 'n', ip: ['10.0.0.2', '2001:db8::2'] }] });
    const iface: Iface = r.ifaces[0];
    const t = new RouteTable();
    t.add({ prefix: parseNetPrefix('2001:db8::/32'), iface, via: ip('2001:db8::2') });
    t.add({ prefix: parseNetPrefix('2001:db8:5::/48'), iface, via: ip('2001:db8::3') });
    t.add({ prefix: parseNetPrefix('::/0'), iface, via: ip('2001:db8::4') });
    t.add({ prefix: parseNetPrefix('0.0.0.0/0'), iface, via: ip('10.0.0.9') });
    const via = (dst: string): string => { const rt = t.lookup(ip(dst)); return rt?.via === undefined ? 'none' : formatIp(rt.via); };
    expect(via('2001:db8:5:1::9')).to.equal('2001:db8::3');
    expect(via('2001:db8:6::9')).to.equal('2001:db8::2');
    expect(via('3fff::1')).to.equal('2001:db8::4');
    expect(via('192.0.2.1')).to.equal('10.0.0.9');
    // An IPv6 number whose low 32 bits would pass `& mask` never matches an IPv4 prefix, nor an IPv4 one an IPv6 prefix.
    expect(new Cidr(0, 0).contains(ip('::ffff:10.0.0.1'))).to.equal(false);
    expect(Cidr6.parse('::/0').contains(ip('10.0.0.1'))).to.equal(false);
    expect(Cidr6.parse('2001:db8::/33').contains(ip('2001:db8:8000::1'))).to.equal(false);
    expect(Cidr6.parse('2001:db8::/33').contains(ip('2001:db8:7fff::1'))).to.equal(true);
  });

  it('drops an IPv6 packet with no route (no-route) and answers ICMPv6 no route to destination from the router', () => {
    const w = dualRoutedPair();
    const rec = new TraceRecorder(w.sim.trace);
    w.getHost('a').createSocket('udp6').bind(4000).send(Buffer.from('x'), 9, '2001:db8:77::1');
    w.runUntilIdle();
    expect(rec.ofKind('dropped').map((e) => `${e.node} ${e.reason}`)).to.deep.equal(['r1 no-route']);
    const icmp = rec.ofKind('delivered').find((e) => e.pkt.icmp)!;
    expect(formatIp(icmp.pkt.src)).to.equal('2001:db8:1::1');
    expect([icmp.pkt.icmp!.type, icmp.pkt.icmp!.code]).to.deep.equal([1, 0]);
  });

  it('counts the 40-byte header against the MTU, never fragments, and answers Packet Too Big with the MTU', () => {
    const w = dualRoutedPair({ transitMtu: 1280 });
    const rec = new TraceRecorder(w.sim.trace);
    const { got } = listen(w.getHost('b'), 5000, w);
    const b6 = w.getHost('b').createSocket('udp6').bind(6000);
    const arrived: number[] = [];
    b6.on('message', (m) => arrived.push(m.byteLength));
    const a = w.getHost('a').createSocket('udp6').bind(4000);
    w.runUntilIdle();
    a.send(Buffer.alloc(1232), 6000, '2001:db8:2::10'); // 1232 + 8 + 40 = 1280: fits
    a.send(Buffer.alloc(1233), 6000, '2001:db8:2::10'); // 1281: too big for the transit link
    w.runUntilIdle();
    expect(arrived).to.deep.equal([1232]);
    const drops = rec.ofKind('dropped').map((e) => `${e.node} ${e.reason} ${e.detail}`);
    expect(drops).to.deep.equal(['r1 mtu-exceeded 1281 bytes > MTU 1280, IPv6 is not fragmented on the path']);
    const ptb = rec.ofKind('delivered').find((e) => e.pkt.icmp)!.pkt;
    expect([ptb.icmp!.type, ptb.icmp!.code, ptb.icmp!.mtu]).to.deep.equal([2, 0, 1280]);
    expect(new DataView(ptb.payload.buffer, ptb.payload.byteOffset).getUint32(4)).to.equal(1280);
    expect(ptb.payload.byteLength + 40).to.be.at.most(1280); // RFC 4443 §3.1
    expect(rec.ofKind('link').some((e) => e.pkt.frag)).to.equal(false);
    expect(got).to.deep.equal([]);
  });

  it('refuses an address outside the network prefix of its family, and a next hop of the other family', () => {
    const w = new World();
    w.network('n6', '2001:db8::/64');
    expect(() => w.host('h', { ifaces: [{ network: 'n6', ip: '10.0.0.1' }] })).to.throw(TopologyError, /10\.0\.0\.1 is outside network n6 \(2001:db8::\/64\)/);
    const r = w.router('r', [{ network: 'n6', ip: '2001:db8::1' }]);
    expect(() => r.addRoute('10.0.0.0/8', '2001:db8::2')).to.throw(TopologyError, /not an IPv4 address/);
    expect(() => w.network('x', ['2001:db8:1::/64', '2001:db8:2::/64'])).to.throw(TopologyError, /at most one IPv4 and one IPv6 prefix/);
  });

  it('an IPv6-only host has no IPv4 route and a udp4 socket there gets ENETUNREACH', () => {
    const w = new World();
    w.network('n6', '2001:db8::/64');
    const h = w.host('h', { ifaces: [{ network: 'n6', ip: '2001:db8::5' }] });
    const errs: string[] = [];
    h.createSocket().send(Buffer.from('x'), 9, '192.0.2.1', (e) => errs.push(e ? e.message : 'ok'));
    w.runUntilIdle();
    expect(errs).to.deep.equal(['send ENETUNREACH 192.0.2.1:9']);
    expect(h.env('p').localAddresses()).to.deep.equal(['2001:db8::5']);
  });
});

import { expect } from 'chai';
import { World } from '../../src/net/world';
import { Datagram } from '../../src/net/datagram';
import { formatIpv4, parseIpv4 } from '../../src/net/ipv4';
import { fragment, udpBytes } from '../../src/net/ipv4-fragments';
import { addNat } from '../../src/nat/add-nat';
import type { NetNode } from '../../src/net/net-node';
import { TraceRecorder } from '../../src/sim/trace';
import { listen, routedPair, twoHosts } from './helpers';

function payload(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => i % 251));
}

/** The fragments that entered `link`, as `offset+length[MF]`. */
function fragmentsOn(rec: TraceRecorder, link: string): string[] {
  return rec.ofKind('link').filter((e) => e.link === link && e.pkt.frag)
    .map((e) => `${e.pkt.frag!.offset}+${e.pkt.payload.byteLength}${e.pkt.frag!.more ? ' MF' : ''}`);
}

function ifaceOf(node: NetNode, ip: string) {
  return node.ifaces.find((i) => i.ip === parseIpv4(ip))!;
}

describe('IPv4 fragmentation and reassembly (RFC 791)', () => {
  it('has the sending host fragment a datagram above its link MTU, and the receiver reassemble it', () => {
    const w = new World();
    w.network('lan', '10.0.0.0/24', { latency: 1 });
    const a = w.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
    const b = w.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
    const rec = new TraceRecorder(w.sim.trace);
    const rx = listen(b, 7000, w);
    let got: Buffer | undefined;
    rx.sock.on('message', (m: Buffer) => (got = m));
    a.createSocket().bind(4000).send(payload(3000), 7000, '10.0.0.2');
    w.runUntilIdle();
    // 3008 bytes of UDP: pieces of 1480 (MTU 1500 - 20), the first holding the UDP header.
    expect(fragmentsOn(rec, 'lan')).to.deep.equal(['0+1480 MF', '1480+1480 MF', '2960+48']);
    expect(rx.got.map((g) => [g.from, g.data.length])).to.deep.equal([['10.0.0.1:4000', 3000]]);
    expect(got!.equals(payload(3000))).to.equal(true);
    expect(rec.ofKind('dropped')).to.deep.equal([]);
  });

  it('fragments by the MTU the link has now: lowered and raised again while the world runs', () => {
    const { world: w, a, b } = twoHosts({ latency: 1 });
    const rec = new TraceRecorder(w.sim.trace);
    const rx = listen(b, 7000, w);
    const tx = a.createSocket().bind(4000);
    const sendAndCount = (): number => {
      const before = rec.ofKind('link').length;
      tx.send(payload(1000), 7000, '10.0.0.2');
      w.runUntilIdle();
      return rec.ofKind('link').length - before;
    };
    const channel = ifaceOf(a, '10.0.0.1').channel;
    expect(sendAndCount()).to.equal(1); // 1028 bytes fit MTU 1500
    channel.configure({ mtu: 576 });
    expect(sendAndCount()).to.equal(2); // 1008 bytes of UDP: 552 + 456
    channel.configure({ mtu: 1500 });
    expect(sendAndCount()).to.equal(1);
    expect(rx.got.map((g) => g.data.length)).to.deep.equal([1000, 1000, 1000]);
  });

  it('has a router fragment for a smaller next link, and drops with fragmentation needed when DF is set', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const rec = new TraceRecorder(w.sim.trace);
    const rx = listen(w.getHost('b'), 53, w);
    const s = w.getHost('a').createSocket().bind(4000);
    s.send(payload(1000), 53, '10.0.2.10');
    w.runUntilIdle();
    expect(fragmentsOn(rec, 'left')).to.deep.equal([]);
    expect(fragmentsOn(rec, 'transit')).to.deep.equal(['0+552 MF', '552+456']);
    expect(rx.got.map((g) => g.data.length)).to.deep.equal([1000]);
    s.dontFragment = true;
    s.send(payload(1000), 53, '10.0.2.10');
    w.runUntilIdle();
    expect(rx.got).to.have.length(1);
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason])).to.deep.equal([['r1', 'mtu-exceeded']]);
  });

  it('reassembles fragments that arrive out of order and ignores a duplicate', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const b = w.getHost('b');
    const rx = listen(b, 53, w);
    const whole = new Datagram(900, parseIpv4('10.0.1.10'), 4000, parseIpv4('10.0.2.10'), 53, 60, payload(2000));
    const parts = fragment(whole, 576);
    expect(parts).to.have.length(4);
    const iface = ifaceOf(b, '10.0.2.10');
    for (const f of [parts[3], parts[1], parts[1], parts[0], parts[2]]) b.receive(f, iface);
    w.runUntilIdle();
    expect(rx.got.map((g) => [g.from, g.data])).to.deep.equal([['10.0.1.10:4000', payload(2000).toString()]]);
  });

  it('drops an incomplete datagram after the 30 s reassembly timeout and answers time exceeded (code 1)', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const rec = new TraceRecorder(w.sim.trace);
    const b = w.getHost('b');
    const whole = new Datagram(901, parseIpv4('10.0.1.10'), 4000, parseIpv4('10.0.2.10'), 53, 60, payload(2000));
    const parts = fragment(whole, 576);
    const iface = ifaceOf(b, '10.0.2.10');
    b.receive(parts[0], iface);
    b.receive(parts[2], iface);
    w.runFor(29_999);
    expect(rec.ofKind('dropped')).to.deep.equal([]);
    w.runUntilIdle();
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason, d.t])).to.deep.equal([['b', 'reassembly-timeout', 30_000_000]]);
    const icmp = rec.ofKind('delivered').filter((e) => e.pkt.icmp).map((e) => [e.node, e.pkt.icmp!.type, e.pkt.icmp!.code]);
    expect(icmp).to.deep.equal([['a', 11, 1]]);
  });
});

describe('IPv4 fragments through a NAT (RFC 4787 REQ-14)', () => {
  function natWorld(): World {
    const w = new World({ seed: 4 });
    w.network('lan', '192.168.1.0/24', { latency: 1 });
    w.network('internet', '198.51.100.0/24', { latency: 1 });
    addNat(w, 'nat', { settings: { preset: 'port-restricted-cone' }, outside: { network: 'internet', ip: '198.51.100.10' },
      inside: [{ network: 'lan', ip: '192.168.1.1' }] });
    w.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.20' }], gateway: '192.168.1.1' });
    w.host('server', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
    return w;
  }

  it('translates fragments in order both ways: a 3000-byte request and its echo arrive whole', () => {
    const w = natWorld();
    const rec = new TraceRecorder(w.sim.trace);
    const srv = w.getHost('server').createSocket().bind(7000);
    srv.on('message', (m: Buffer, r: { address: string; port: number }) => srv.send(m, r.port, r.address));
    const cli = w.getHost('client').createSocket().bind(5000);
    const echoed: number[] = [];
    const seenAt: string[] = [];
    srv.on('message', (m: Buffer, r: { address: string; port: number }) => seenAt.push(`${r.address}:${r.port} ${m.length}`));
    cli.on('message', (m: Buffer) => echoed.push(m.equals(payload(3000)) ? m.length : -1));
    cli.send(payload(3000), 7000, '198.51.100.1');
    w.runFor(100);
    expect(seenAt).to.deep.equal(['198.51.100.10:5000 3000']);
    expect(echoed).to.deep.equal([3000]);
    const fragTranslations = rec.ofKind('translated').filter((e) => e.pkt.frag).map((e) => `${e.direction} ${e.pkt.frag!.offset}`);
    expect(fragTranslations).to.deep.equal(['outbound 0', 'outbound 1480', 'outbound 2960', 'inbound 0', 'inbound 1480', 'inbound 2960']);
    // The NAT patched the UDP header in the first fragment: ports and checksum match the translated datagram's.
    const first = rec.ofKind('translated').find((e) => e.pkt.frag?.offset === 0)!.pkt;
    const translated = new Datagram(0, parseIpv4('198.51.100.10'), 5000, parseIpv4('198.51.100.1'), 7000, 64, payload(3000));
    expect([...first.payload.subarray(0, 8)]).to.deep.equal([...udpBytes(translated).subarray(0, 8)]);
  });

  it('holds later fragments that arrive before the first, then translates them all', () => {
    const w = natWorld();
    const nat = w.node('nat');
    const got: string[] = [];
    w.getHost('server').createSocket().bind(7000).on('message', (m: Buffer, r: { address: string; port: number }) =>
      got.push(`${r.address}:${r.port} ${m.equals(payload(3000)) ? 'intact' : 'corrupt'}`));
    const whole = new Datagram(902, parseIpv4('192.168.1.20'), 5000, parseIpv4('198.51.100.1'), 7000, 63, payload(3000));
    const [f0, f1, f2] = fragment(whole, 1500);
    const inside = ifaceOf(nat, '192.168.1.1');
    for (const f of [f2, f1, f0]) nat.receive(f, inside);
    w.runFor(100);
    expect(got).to.deep.equal(['198.51.100.10:5000 intact']);
  });

  it('drops later fragments whose first never arrives, after the reassembly timeout', () => {
    const w = natWorld();
    const rec = new TraceRecorder(w.sim.trace);
    const nat = w.node('nat');
    const whole = new Datagram(903, parseIpv4('192.168.1.20'), 5000, parseIpv4('198.51.100.1'), 7000, 63, payload(3000));
    const [, f1, f2] = fragment(whole, 1500);
    const inside = ifaceOf(nat, '192.168.1.1');
    nat.receive(f1, inside);
    nat.receive(f2, inside);
    w.runFor(31_000);
    expect(rec.ofKind('dropped').map((d) => `${d.node} ${d.reason} ${formatIpv4(d.pkt.src)} ${d.pkt.frag?.offset}`)).to.deep.equal([
      'nat nat-no-mapping 192.168.1.20 1480', 'nat nat-no-mapping 192.168.1.20 2960',
    ]);
  });
});

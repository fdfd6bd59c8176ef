import { expect } from 'chai';
import { formatIpv4 } from '../../src/net/ipv4';
import { TraceRecorder } from '../../src/sim/trace';
import type { TracePacket } from '../../src/sim/trace-events';
import type { SocketErrnoError } from '../../src/net/socket-errors';
import { listen, twoHosts, routedPair } from './helpers';

/** An ICMP message as a row: where it was delivered, its outer source, type/code/mtu, and the quoted datagram. */
function icmpRows(rec: TraceRecorder): string[] {
  return rec.ofKind('delivered').filter((e) => e.pkt.icmp).map((e) => {
    const m = e.pkt.icmp!;
    const a = m.about;
    return `${e.node} from ${formatIpv4(e.pkt.src)}: ${m.type}/${m.code}${m.mtu ? ` mtu ${m.mtu}` : ''} about ` +
      `${formatIpv4(a.src)}:${a.srcPort}>${formatIpv4(a.dst)}:${a.dstPort}`;
  });
}

function icmpBytes(p: TracePacket): number[] {
  return [...p.payload.subarray(0, 8)];
}

describe('ICMP (RFC 792)', () => {
  it('answers a datagram to a closed port with port unreachable, quoting its IPv4 and UDP headers', () => {
    const { world, a } = twoHosts();
    const rec = new TraceRecorder(world.sim.trace);
    const s = a.createSocket().bind(4000);
    world.runUntilIdle();
    s.send(Buffer.from('x'), 9999, '10.0.0.2');
    world.runUntilIdle();
    expect(icmpRows(rec)).to.deep.equal(['a from 10.0.0.2: 3/3 about 10.0.0.1:4000>10.0.0.2:9999']);
    const icmp = rec.ofKind('delivered').find((e) => e.pkt.icmp)!.pkt;
    expect(icmp.payload.byteLength).to.equal(36);
    expect(icmpBytes(icmp).slice(0, 2)).to.deep.equal([3, 3]);
    // Quoted IPv4 header: version/IHL 0x45, protocol 17, source 10.0.0.1; then UDP ports 4000 > 9999.
    expect(icmp.payload[8]).to.equal(0x45);
    expect(icmp.payload[8 + 9]).to.equal(17);
    expect([...icmp.payload.subarray(8 + 12, 8 + 16)]).to.deep.equal([10, 0, 0, 1]);
    expect((icmp.payload[28] << 8) | icmp.payload[29]).to.equal(4000);
    expect((icmp.payload[30] << 8) | icmp.payload[31]).to.equal(9999);
  });

  it('makes a connected socket fail with ECONNREFUSED (an error event, syscall recvmsg); an unconnected one hears nothing', () => {
    const { world, a } = twoHosts({ latency: 2 });
    const connected = a.createSocket().bind(4000);
    const plain = a.createSocket().bind(4001);
    const errors: string[] = [];
    connected.on('error', (e: SocketErrnoError) => errors.push(`4000 ${e.code} ${e.syscall} ${e.errno} at ${world.nowMs}`));
    plain.on('error', (e: SocketErrnoError) => errors.push(`4001 ${e.code}`));
    world.runUntilIdle();
    connected.connectTo(0x0a000002, 9999);
    connected.sendTo(Buffer.from('x'), 0x0a000002, 9999);
    plain.sendTo(Buffer.from('x'), 0x0a000002, 9999);
    world.runUntilIdle();
    expect(errors).to.deep.equal(['4000 ECONNREFUSED recvmsg -111 at 4']);
  });

  it('sends time exceeded from the router where TTL runs out', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const rec = new TraceRecorder(w.sim.trace);
    const s = w.getHost('a').createSocket().bind(4000);
    s.ttl = 1;
    s.send(Buffer.from('x'), 53, '10.0.2.10');
    w.runUntilIdle();
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason])).to.deep.equal([['r1', 'ttl-expired']]);
    expect(icmpRows(rec)).to.deep.equal(['a from 10.0.1.1: 11/0 about 10.0.1.10:4000>10.0.2.10:53']);
  });

  it('sends network unreachable from a router without a route, and host unreachable when the last hop is missing', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const rec = new TraceRecorder(w.sim.trace);
    const s = w.getHost('a').createSocket().bind(4000);
    s.send(Buffer.from('x'), 53, '10.0.7.1');
    s.send(Buffer.from('y'), 53, '10.0.2.99');
    w.runUntilIdle();
    expect(icmpRows(rec)).to.deep.equal([
      'a from 10.0.1.1: 3/0 about 10.0.1.10:4000>10.0.7.1:53',
      'a from 10.9.0.2: 3/1 about 10.0.1.10:4000>10.0.2.99:53',
    ]);
  });

  it('sends fragmentation needed with the next-hop MTU (RFC 1191) when DF is set and the next link is too small', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const rec = new TraceRecorder(w.sim.trace);
    const rx = listen(w.getHost('b'), 53, w);
    const s = w.getHost('a').createSocket().bind(4000);
    s.dontFragment = true;
    s.send(Buffer.alloc(1000), 53, '10.0.2.10');
    s.send(Buffer.alloc(500), 53, '10.0.2.10');
    w.runUntilIdle();
    expect(icmpRows(rec)).to.deep.equal(['a from 10.0.1.1: 3/4 mtu 576 about 10.0.1.10:4000>10.0.2.10:53']);
    const icmp = rec.ofKind('delivered').find((e) => e.pkt.icmp)!.pkt;
    expect((icmp.payload[6] << 8) | icmp.payload[7]).to.equal(576);
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason])).to.deep.equal([['r1', 'mtu-exceeded']]);
    expect(rx.got.map((g) => g.data.length)).to.deep.equal([500]);
  });

  it('never answers an ICMP error with another (RFC 1122 §3.2.2)', () => {
    const w = routedPair({ latency: 1, transitMtu: 576 });
    const rec = new TraceRecorder(w.sim.trace);
    // b's port unreachable goes back towards a; with r2's route to a's network gone, it dies at r2 silently.
    const s = w.getHost('a').createSocket().bind(4000);
    s.send(Buffer.from('x'), 9999, '10.0.2.10');
    const r2 = w.node('r2');
    r2.routes.removeIface(r2.ifaces.find((i) => i.name === 'eth0')!);
    w.runUntilIdle();
    const sentIcmp = rec.ofKind('sent').filter((e) => e.pkt.icmp).map((e) => e.node);
    expect(sentIcmp).to.deep.equal(['b']);
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason, d.pkt.icmp?.type])).to.deep.equal([
      ['b', 'port-unreachable', undefined],
      ['r2', 'no-route', 3],
    ]);
  });
});

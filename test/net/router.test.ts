import { expect } from 'chai';
import { TraceRecorder } from '../../src/sim/trace';
import { listen, routedPair } from './helpers';

describe('routers', () => {
  it('forwards across two routers and decrements TTL at each', () => {
    const w = routedPair();
    const rec = new TraceRecorder(w.sim.trace);
    const rx = listen(w.getHost('b'), 53, w);
    w.getHost('a').createSocket().send(Buffer.from('q'), 53, '10.0.2.10');
    w.runUntilIdle();
    expect(rx.got.map((g) => g.from)).to.deep.equal(['10.0.1.10:' + rx.got[0].from.split(':')[1]]);
    expect(rec.ofKind('forwarded').map((e) => [e.node, e.pkt.ttl])).to.deep.equal([['r1', 63], ['r2', 62]]);
    expect(rec.ofKind('delivered')[0].pkt.ttl).to.equal(62);
  });

  it('drops with no-route when no route matches', () => {
    const w = routedPair();
    const rec = new TraceRecorder(w.sim.trace);
    w.getHost('a').createSocket().send(Buffer.from('q'), 53, '192.0.2.1');
    w.runUntilIdle();
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason])).to.deep.equal([['r1', 'no-route']]);
  });

  it('prefers the longest matching prefix', () => {
    const w = routedPair();
    const r1 = w.node('r1');
    r1.addRoute('10.0.0.0/8', '10.9.0.2');
    expect(r1.routes.lookup(0x0a000210)?.prefix.toString()).to.equal('10.0.2.0/24');
    expect(r1.routes.lookup(0x0a050505)?.prefix.toString()).to.equal('10.0.0.0/8');
  });

  it('stops a routing loop with ttl-expired instead of running forever', () => {
    const w = routedPair();
    // Both routers send 198.51.100.0/24 to each other: a loop.
    w.node('r1').addRoute('198.51.100.0/24', '10.9.0.2');
    w.node('r2').addRoute('198.51.100.0/24', '10.9.0.1');
    const rec = new TraceRecorder(w.sim.trace);
    w.getHost('a').createSocket().send(Buffer.from('loop'), 9, '198.51.100.7');
    w.runUntilIdle();
    const drops = rec.ofKind('dropped');
    expect(drops.map((d) => d.reason)).to.deep.equal(['ttl-expired']);
    expect(rec.ofKind('forwarded').filter((e) => !e.pkt.icmp)).to.have.length(63);
    // The router where TTL ran out answers time exceeded (RFC 792), and a receives it.
    expect(rec.ofKind('delivered').map((e) => [e.node, e.pkt.icmp?.type])).to.deep.equal([['a', 11]]);
  });
});

import { expect } from 'chai';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';
import { listen } from './helpers';

/** a (10.0.1.10) -- r1 -- transit 10.9.0.0/30 -- r2 -- b (10.0.2.10) */
function routed(): World {
  const w = new World();
  w.network('left', '10.0.1.0/24');
  w.network('transit', '10.9.0.0/30');
  w.network('right', '10.0.2.0/24');
  const r1 = w.router('r1', [{ network: 'left', ip: '10.0.1.1' }, { network: 'transit', ip: '10.9.0.1' }]);
  const r2 = w.router('r2', [{ network: 'transit', ip: '10.9.0.2' }, { network: 'right', ip: '10.0.2.1' }]);
  r1.addRoute('10.0.2.0/24', '10.9.0.2');
  r2.addRoute('10.0.1.0/24', '10.9.0.1');
  w.host('a', { ifaces: [{ network: 'left', ip: '10.0.1.10' }], gateway: '10.0.1.1' });
  w.host('b', { ifaces: [{ network: 'right', ip: '10.0.2.10' }], gateway: '10.0.2.1' });
  return w;
}

describe('routers', () => {
  it('forwards across two routers and decrements TTL at each', () => {
    const w = routed();
    const rec = new TraceRecorder(w.sim.trace);
    const rx = listen(w.getHost('b'), 53, w);
    w.getHost('a').createSocket().send(Buffer.from('q'), 53, '10.0.2.10');
    w.runUntilIdle();
    expect(rx.got.map((g) => g.from)).to.deep.equal(['10.0.1.10:' + rx.got[0].from.split(':')[1]]);
    expect(rec.ofKind('forwarded').map((e) => [e.node, e.pkt.ttl])).to.deep.equal([['r1', 63], ['r2', 62]]);
    expect(rec.ofKind('delivered')[0].pkt.ttl).to.equal(62);
  });

  it('drops with no-route when no route matches', () => {
    const w = routed();
    const rec = new TraceRecorder(w.sim.trace);
    w.getHost('a').createSocket().send(Buffer.from('q'), 53, '192.0.2.1');
    w.runUntilIdle();
    expect(rec.ofKind('dropped').map((d) => [d.node, d.reason])).to.deep.equal([['r1', 'no-route']]);
  });

  it('prefers the longest matching prefix', () => {
    const w = routed();
    const r1 = w.node('r1');
    r1.addRoute('10.0.0.0/8', '10.9.0.2');
    expect(r1.routes.lookup(0x0a000210)?.prefix.toString()).to.equal('10.0.2.0/24');
    expect(r1.routes.lookup(0x0a050505)?.prefix.toString()).to.equal('10.0.0.0/8');
  });

  it('stops a routing loop with ttl-expired instead of running forever', () => {
    const w = routed();
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

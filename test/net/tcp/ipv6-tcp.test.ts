import { expect } from 'chai';
import { World } from '../../../src/net/world';
import type { TraceEvent } from '../../../src/sim/trace-events';
import { pattern, segmentsSent } from './tcp-helpers';

describe('TCP over IPv6', () => {
  it('connects between IPv6 addresses on a lossy link: MSS = MTU - 60, exact stream, [v6] addresses on the sockets', () => {
    const w = new World({ seed: 2 });
    const events: TraceEvent[] = [];
    w.sim.trace.subscribe((e) => events.push(e));
    w.network('lan', ['10.0.0.0/24', '2001:db8::/64'], { latency: 5, loss: 0.05 });
    const a = w.host('a', { ifaces: [{ network: 'lan', ip: ['10.0.0.1', '2001:db8::1'] }] });
    const b = w.host('b', { ifaces: [{ network: 'lan', ip: ['10.0.0.2', '2001:db8::2'] }] });
    const got: Buffer[] = [];
    let remote = '';
    b.createTcpServer().on('connection', (s) => {
      remote = `${s.remoteAddress} ${s.remoteFamily}`;
      s.on('data', (d) => got.push(d));
    }).listen(80);
    const data = pattern(60_000);
    const c = a.connectTcp({ host: '2001:db8::2', port: 80 });
    c.on('connect', () => c.end(data));
    w.runFor(120_000);
    expect(Buffer.concat(got).equals(data)).to.equal(true);
    expect(remote).to.equal('2001:db8::1 IPv6');
    expect(c.localAddress).to.equal('2001:db8::1');
    const syns = segmentsSent(events).filter((s) => s.flags.includes('S'));
    expect(syns[0]!.mss).to.equal(1440);
  });
});

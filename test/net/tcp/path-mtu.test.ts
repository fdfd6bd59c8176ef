import { expect } from 'chai';
import { routedPair } from '../helpers';
import { pattern, segmentsSent } from './tcp-helpers';
import type { TraceEvent } from '../../../src/sim/trace-events';

describe('TCP path MTU discovery (RFC 1191) across a router with a smaller MTU', () => {
  it('segments carry DF; the router answers "fragmentation needed" and the sender resends at MSS = MTU - 40 at once', () => {
    const w = routedPair({ latency: 2, transitMtu: 576 });
    const events: TraceEvent[] = [];
    w.sim.trace.subscribe((e) => events.push(e));
    const a = w.getHost('a');
    const b = w.getHost('b');
    const got: Buffer[] = [];
    b.createTcpServer().on('connection', (s) => s.on('data', (d) => got.push(d))).listen(80);
    const data = pattern(20_000);
    const c = a.connectTcp({ host: '10.0.2.10', port: 80 });
    c.on('connect', () => c.end(data));
    w.runFor(900); // less than one RTO: no timeout was needed
    expect(Buffer.concat(got).equals(data)).to.equal(true);
    const drops = events.filter((e) => e.kind === 'dropped' && e.reason === 'mtu-exceeded');
    expect(drops.length).to.be.greaterThan(0);
    const fromA = segmentsSent(events, 'a');
    const lastBig = fromA.map((s) => s.len > 536).lastIndexOf(true);
    expect(fromA.slice(lastBig + 1).every((s) => s.len <= 536)).to.equal(true);
    expect(Math.max(...fromA.slice(lastBig + 1).map((s) => s.len))).to.equal(536);
  });
});

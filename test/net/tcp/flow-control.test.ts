import { expect } from 'chai';
import type { SimTcpSocket } from '../../../src/net/tcp/sim-tcp-socket';
import { RECEIVE_BUFFER } from '../../../src/net/tcp/tcp-config';
import { pattern, segmentsSent, tcpPair } from './tcp-helpers';

describe('TCP receive window and flow control (RFC 9293 §3.8.6)', () => {
  it('a reader that pauses closes the window to 0; the sender probes (persist timer) and resumes exactly when the reader does', () => {
    const { world, a, b, events } = tcpPair();
    const got: Buffer[] = [];
    let server: SimTcpSocket | undefined;
    b.createTcpServer().on('connection', (s) => {
      server = s;
      s.pause();
      s.on('data', (d) => got.push(d));
    }).listen(80);
    const data = pattern(300_000);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
    c.on('connect', () => c.end(data));
    world.runFor(20_000);
    // Nothing read yet: exactly one receive buffer crossed the network, the rest waits at the sender.
    expect(got).to.have.length(0);
    const fromA = segmentsSent(events, 'a');
    const bytesSent = new Set(fromA.filter((s) => s.len > 0).map((s) => `${s.seq}:${s.len}`));
    expect([...bytesSent].reduce((n, k) => n + Number(k.split(':')[1]), 0)).to.equal(RECEIVE_BUFFER);
    const zeroWin = segmentsSent(events, 'b').filter((s) => s.win === 0);
    expect(zeroWin.length, 'b advertised a zero window').to.be.greaterThan(0);
    // Zero-window probes: empty segments one below SND.UNA, backing off (about 1, 2, 4, 8 s apart).
    const probes = fromA.filter((s) => s.len === 0 && s.t > zeroWin[0]!.t && s.flags === '.');
    expect(probes.length).to.be.within(3, 6);
    const gaps = probes.slice(1).map((p, i) => Math.round(p.t - probes[i]!.t));
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).to.be.greaterThan(gaps[i - 1]!);
    server!.resume();
    world.runFor(20_000);
    expect(Buffer.concat(got).equals(data)).to.equal(true);
  });

  it('a slow reader that reads in bursts still gets the exact stream, and the window never exceeds 65535', () => {
    const { world, a, b, events } = tcpPair({ bandwidth: 10_000_000 }, {});
    const got: Buffer[] = [];
    b.createTcpServer().on('connection', (s) => {
      s.on('data', (d) => {
        got.push(d);
        s.pause();
        b.timers.setTimeout(() => s.resume(), 50);
      });
    }).listen(80);
    const data = pattern(200_000, 3);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
    c.on('connect', () => c.end(data));
    world.runFor(60_000);
    expect(Buffer.concat(got).equals(data)).to.equal(true);
    expect(Math.max(...segmentsSent(events).map((s) => s.win))).to.be.at.most(65535);
  });

  it('Nagle (default): small writes while data is unacknowledged are coalesced; setNoDelay(true) sends each at once', () => {
    const count = (noDelay: boolean): number => {
      const { world, a, b, events } = tcpPair();
      b.createTcpServer().on('connection', (s) => s.on('data', () => undefined)).listen(80);
      const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
      c.setNoDelay(noDelay);
      c.on('connect', () => {
        for (let i = 0; i < 10; i++) c.write('x');
      });
      world.runFor(200);
      return segmentsSent(events, 'a').filter((s) => s.len > 0).length;
    };
    expect(count(false)).to.equal(2); // the first byte, then the other nine together once it is acknowledged
    expect(count(true)).to.equal(10);
  });

  it('delays the ACK of a lone segment by 40 ms, and ACKs every second full-sized segment at once (RFC 5681 §4.2)', () => {
    const { world, a, b, events } = tcpPair();
    b.createTcpServer().on('connection', (s) => s.on('data', () => undefined)).listen(80);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
    c.on('connect', () => c.write('lone'));
    world.runFor(200);
    const lone = segmentsSent(events, 'a').find((s) => s.len === 4)!;
    const ack = segmentsSent(events, 'b').find((s) => s.t > lone.t && s.flags === '.')!;
    expect(ack.t - (lone.t + 5)).to.equal(40);
    c.write(pattern(2920));
    world.runFor(200);
    const two = segmentsSent(events, 'a').filter((s) => s.len === 1460);
    const ack2 = segmentsSent(events, 'b').find((s) => s.t > two[1]!.t && s.flags === '.')!;
    expect(ack2.t).to.equal(two[1]!.t + 5); // at once on arrival of the second
  });
});

import { expect } from 'chai';
import type { SimTcpSocket } from '../../../src/net/tcp/sim-tcp-socket';
import { MSL_MS } from '../../../src/net/tcp/tcp-config';
import { SimTcpServer } from '../../../src/net/tcp/sim-tcp-server';
import { isPureAck, loseSegment, segmentsSent, tcpPair } from './tcp-helpers';

/** An established pair (default sockets: each ends its side when the peer's FIN is read). */
function established(): ReturnType<typeof tcpPair> & { c: SimTcpSocket; s: () => SimTcpSocket; log: string[] } {
  const { world, a, b, events } = tcpPair();
  const log: string[] = [];
  let server: SimTcpSocket | undefined;
  b.createTcpServer().on('connection', (s) => {
    server = s as SimTcpSocket;
    s.on('data', (d) => log.push(`b data ${d}`));
    s.on('end', () => log.push(`b end ${world.nowMs}`));
    s.on('close', () => log.push(`b close ${world.nowMs}`));
  }).listen(80);
  const c = a.connectTcp({ host: '10.0.0.2', port: 80 }) as SimTcpSocket;
  c.on('data', (d) => log.push(`a data ${d}`));
  c.on('end', () => log.push(`a end ${world.nowMs}`));
  c.on('close', () => log.push(`a close ${world.nowMs}`));
  world.runFor(100);
  return { world, a, b, c, s: () => server!, events, log };
}

describe('TCP close (RFC 9293 §3.6)', () => {
  const orders = [
    { story: 'the client closes first: it goes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the server CLOSE-WAIT, LAST-ACK, CLOSED', first: 'a' },
    { story: 'the server closes first: the roles swap and the server holds TIME-WAIT', first: 'b' },
  ] as const;
  for (const row of orders) {
    it(row.story, () => {
      const { world, a, b, c, s, events } = established();
      const [closer, other] = row.first === 'a' ? [c, s()] : [s(), c];
      const [closerHost, otherHost] = row.first === 'a' ? [a, b] : [b, a];
      closer.write('bye');
      closer.end();
      world.runFor(2); // FIN on the wire, not yet arrived
      expect((closer as SimTcpSocket).tcpState).to.equal('FIN-WAIT-1');
      world.runFor(10);
      // The other side received the FIN and, without allowHalfOpen, ended its side too.
      const fins = segmentsSent(events).filter((x) => x.flags.includes('F'));
      expect(fins.map((x) => x.node)).to.deep.equal([row.first, row.first === 'a' ? 'b' : 'a']);
      world.runFor(100);
      expect(closerHost.tcp().connectionCount, 'closer in TIME-WAIT').to.equal(1);
      expect(otherHost.tcp().connectionCount, 'other side CLOSED after LAST-ACK').to.equal(0);
      expect(closer.destroyed && other.destroyed).to.equal(true);
      world.runFor(2 * MSL_MS - 200);
      expect(closerHost.tcp().connectionCount, 'still in TIME-WAIT just before 2*MSL').to.equal(1);
      world.runFor(200);
      expect(closerHost.tcp().connectionCount, 'TIME-WAIT over after 2*MSL = 60 s').to.equal(0);
    });
  }

  it('delivers "end" after all data, and a half-open socket (allowHalfOpen) may still send after the peer\'s FIN', () => {
    const { world, a, b } = tcpPair();
    const got: string[] = [];
    new SimTcpServer(b, { allowHalfOpen: true }, (s) => {
      s.on('data', (d) => got.push(`server got ${d}`));
      s.on('end', () => {
        got.push('server end');
        s.write('late reply');
        s.end();
      });
    }).listen(81);
    const c = a.connectTcp({ host: '10.0.0.2', port: 81 });
    c.on('data', (d) => got.push(`client got ${d}`));
    c.on('end', () => got.push('client end'));
    c.on('connect', () => c.end('request'));
    world.runFor(1000);
    expect(got).to.deep.equal(['server got request', 'server end', 'client got late reply', 'client end']);
  });

  it('simultaneous close: both send FIN before receiving one, both pass CLOSING into TIME-WAIT', () => {
    const { world, a, b, c, s, events } = established();
    c.end();
    s().end();
    world.runFor(7);
    expect(c.tcpState === 'CLOSED' || c.destroyed).to.equal(true);
    const segs = segmentsSent(events).filter((x) => x.flags.includes('F'));
    expect(segs.map((x) => `${x.node}:${x.flags}`).sort()).to.deep.equal(['a:F.', 'b:F.']);
    world.runFor(100);
    expect(a.tcp().connectionCount, 'a in TIME-WAIT').to.equal(1);
    expect(b.tcp().connectionCount, 'b in TIME-WAIT').to.equal(1);
    world.runFor(2 * MSL_MS);
    expect(a.tcp().connectionCount + b.tcp().connectionCount).to.equal(0);
  });

  it('answers a FIN retransmitted into TIME-WAIT with an ACK (its first ACK was lost)', () => {
    const { world, b, c, events } = established();
    c.end();
    world.runFor(7); // the server got the FIN, acknowledged it and sent its own
    // Lose the client's ACK of the server's FIN once.
    loseSegment(b, isPureAck);
    world.runFor(5000);
    const serverFins = segmentsSent(events, 'b').filter((x) => x.flags.includes('F'));
    expect(serverFins.length).to.equal(2);
    const clientAcksAfter = segmentsSent(events, 'a').filter((x) => x.t > serverFins[1]!.t);
    expect(clientAcksAfter.map((x) => x.flags)).to.deep.equal(['.']);
    expect(b.tcp().connectionCount).to.equal(0);
  });

  it('a new SYN on a four-tuple the server holds in TIME-WAIT: challenge ACK, the client RSTs it away, its SYN 1 s later connects', () => {
    const { world, a, b, events } = tcpPair();
    const accepted: number[] = [];
    let server: SimTcpSocket | undefined;
    b.createTcpServer().on('connection', (s) => {
      accepted.push(world.nowMs);
      server = s;
      s.on('data', () => undefined);
    }).listen(80);
    const first = a.connectTcp({ host: '10.0.0.2', port: 80, localPort: 40000 });
    first.on('data', () => undefined);
    world.runFor(50);
    server!.end(); // the server closes first and keeps TIME-WAIT
    world.runFor(100);
    expect(b.tcp().connectionCount).to.equal(1);
    const t0 = world.nowMs;
    let connectedAt = -1;
    a.connectTcp({ host: '10.0.0.2', port: 80, localPort: 40000 }).on('connect', () => (connectedAt = world.nowMs));
    world.runFor(2000);
    const after = segmentsSent(events).filter((x) => x.t >= t0).map((x) => `${x.node}:${x.flags}`);
    expect(after.slice(0, 6)).to.deep.equal(['a:S', 'b:.', 'a:R', 'a:S', 'b:S.', 'a:.']);
    expect(connectedAt).to.equal(t0 + 1010);
    expect(accepted).to.have.length(2);
  });
});

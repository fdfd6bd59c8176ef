import { expect } from 'chai';
import { pattern, segmentsSent, tcpPair } from './tcp-helpers';

describe('TCP through HostEnv and the host', () => {
  it('agents get TCP from HostEnv.createTcpServer / connectTcp, the same sockets as the host gives', () => {
    const { world, a, b } = tcpPair();
    const serverEnv = b.env('echo');
    const clientEnv = a.env('client');
    serverEnv.createTcpServer!().on('connection', (s) => s.on('data', (d) => s.write(d))).listen(7);
    let got = '';
    const c = clientEnv.connectTcp!({ host: '10.0.0.2', port: 7 });
    c.on('data', (d) => (got += d.toString()));
    c.on('connect', () => c.write('via HostEnv'));
    world.runFor(100);
    expect(got).to.equal('via HostEnv');
  });

  it('sends the initial window of min(4*MSS, max(2*MSS, 4380)) = 3 full segments before the first ACK (RFC 3390)', () => {
    const { world, a, b, events } = tcpPair();
    b.createTcpServer().on('connection', (s) => s.on('data', () => undefined)).listen(80);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
    c.on('connect', () => c.write(pattern(50_000)));
    world.runFor(1000);
    const firstAckFromB = segmentsSent(events, 'b').find((s) => s.flags === '.' && s.len === 0)!;
    const before = segmentsSent(events, 'a').filter((s) => s.len > 0 && s.t < firstAckFromB.t + 5);
    expect(before.map((s) => s.len)).to.deep.equal([1460, 1460, 1460]);
  });

  it("server.close() stops accepting (new SYNs get RST) and emits 'close' only after the last connection closed", () => {
    const { world, a, b } = tcpPair();
    const log: string[] = [];
    const server = b.createTcpServer();
    server.on('connection', (s) => s.on('data', () => undefined)).listen(80);
    const first = a.connectTcp({ host: '10.0.0.2', port: 80 });
    world.runFor(50);
    server.close(() => log.push(`server closed at ${world.nowMs}`));
    a.connectTcp({ host: '10.0.0.2', port: 80 }).on('error', (e) => log.push(`second: ${e.code}`));
    world.runFor(50);
    expect(log).to.deep.equal(['second: ECONNREFUSED']);
    first.end();
    world.runFor(100);
    expect(log).to.deep.equal(['second: ECONNREFUSED', 'server closed at 105']); // the client's FIN arrives at 105: the server's socket ends and closes at once
  });

  it('a sleeping host neither sends nor answers; the connection survives a short nap by retransmission', () => {
    const { world, a, b } = tcpPair();
    const got: Buffer[] = [];
    b.createTcpServer().on('connection', (s) => s.on('data', (d) => got.push(d))).listen(80);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
    const data = pattern(40_000);
    c.on('connect', () => {
      b.sleep();
      c.end(data);
    });
    world.runFor(3000);
    expect(got).to.have.length(0);
    b.wake();
    world.runFor(30_000);
    expect(Buffer.concat(got).equals(data)).to.equal(true);
  });
});

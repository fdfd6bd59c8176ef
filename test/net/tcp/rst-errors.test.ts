import { expect } from 'chai';
import { Datagram } from '../../../src/net/datagram';
import type { Host } from '../../../src/net/host';
import { IPPROTO_TCP, TCP_FLAG } from '../../../src/net/tcp-header';
import { SimTcpSocket } from '../../../src/net/tcp/sim-tcp-socket';
import { segmentsSent, tcpPair } from './tcp-helpers';

type NodeError = Error & { code?: string; syscall?: string; errno?: number; address?: string; port?: number };

/** An established pair; returns both sockets and what each saw. */
function pair(): ReturnType<typeof tcpPair> & { c: SimTcpSocket; s: () => SimTcpSocket; errors: Record<string, NodeError | undefined> } {
  const p = tcpPair();
  const errors: Record<string, NodeError | undefined> = {};
  let server: SimTcpSocket | undefined;
  p.b.createTcpServer().on('connection', (s) => {
    server = s;
    s.on('error', (e) => (errors.b = e));
    s.on('data', () => undefined);
  }).listen(80);
  const c = p.a.connectTcp({ host: '10.0.0.2', port: 80 }) as SimTcpSocket;
  c.on('error', (e) => (errors.a = e));
  c.on('data', () => undefined);
  p.world.runFor(100);
  return { ...p, c, s: () => server!, errors };
}

/** Injects a forged segment from b's side of the connection into a (as if an attacker or a stale peer sent it). */
function inject(p: ReturnType<typeof pair>, seqOffset: number, flags: number): void {
  const b = p.s();
  const conn = (b as unknown as { conn: { sender: { nxt: number }; receiver: { nxt: number } } }).conn;
  const seq = (conn.sender.nxt + seqOffset) >>> 0;
  const pkt = new Datagram(p.world.sim.packetId(), 0x0a000002, 80, 0x0a000001, p.c.localPort!, 64, new Uint8Array(0), false, IPPROTO_TCP, { seq, ack: conn.receiver.nxt, flags, window: 65535 });
  (p.a as Host).receive(pkt, p.a.ifaces[0]!);
}

describe('TCP RST and errors (RFC 9293 §3.10.7, RFC 5961)', () => {
  it('answers a SYN to a closed port with RST,ACK (SEQ=0, ACK=SEG.SEQ+1): connect fails ECONNREFUSED', () => {
    const { world, a, events } = tcpPair();
    let err: NodeError | undefined;
    let closedWithError: boolean | undefined;
    const c = a.connectTcp({ host: '10.0.0.2', port: 81 });
    c.on('error', (e) => (err = e));
    c.on('close', (hadError) => (closedWithError = hadError));
    world.runFor(100);
    const [syn, rst] = segmentsSent(events);
    expect(rst!.flags).to.equal('R.');
    expect(rst!.seq).to.equal(0);
    expect(rst!.ack).to.equal((syn!.seq + 1) >>> 0);
    expect(err?.code).to.equal('ECONNREFUSED');
    expect(err?.syscall).to.equal('connect');
    expect(err?.errno).to.equal(-111);
    expect(err?.message).to.equal('connect ECONNREFUSED 10.0.0.2:81');
    expect(closedWithError).to.equal(true);
    expect(events.some((e) => e.kind === 'dropped' && e.node === 'b' && e.reason === 'port-unreachable')).to.equal(true);
  });

  it('answers an ACK to a closed port with RST (SEQ=SEG.ACK) and never answers a RST', () => {
    const { world, a, b, events } = tcpPair();
    void b;
    const ack = new Datagram(world.sim.packetId(), 0x0a000001, 5555, 0x0a000002, 81, 64, new Uint8Array(3), false, IPPROTO_TCP, { seq: 100, ack: 777, flags: TCP_FLAG.ACK, window: 100 });
    const rst = new Datagram(world.sim.packetId(), 0x0a000001, 5556, 0x0a000002, 81, 64, new Uint8Array(0), false, IPPROTO_TCP, { seq: 100, ack: 0, flags: TCP_FLAG.RST, window: 0 });
    a.sendSegment(ack);
    a.sendSegment(rst);
    world.runFor(100);
    const fromB = segmentsSent(events, 'b');
    expect(fromB).to.have.length(1);
    expect(fromB[0]!.flags).to.equal('R');
    expect(fromB[0]!.seq).to.equal(777);
  });

  it('resetAndDestroy sends RST; the peer gets ECONNRESET (read) and both TCBs are gone', () => {
    const p = pair();
    p.s().resetAndDestroy();
    p.world.runFor(100);
    expect(segmentsSent(p.events, 'b').at(-1)!.flags).to.equal('R.');
    expect(p.errors.a?.code).to.equal('ECONNRESET');
    expect(p.errors.a?.syscall).to.equal('read');
    expect(p.errors.b).to.equal(undefined);
    expect(p.a.tcp().connectionCount + p.b.tcp().connectionCount).to.equal(0);
  });

  it('destroy() with unread received bytes resets (Linux close(2)); the writer gets ECONNRESET', () => {
    const p = pair();
    p.s().pause();
    p.c.write('unread');
    p.world.runFor(50);
    p.s().destroy();
    p.world.runFor(50);
    expect(p.errors.a?.code).to.equal('ECONNRESET');
  });

  it('data sent to a peer that closed its socket is answered with RST: a half-open writer gets ECONNRESET', () => {
    const p = tcpPair();
    let server: SimTcpSocket | undefined;
    p.b.createTcpServer().on('connection', (s) => (server = s)).listen(80);
    const c = new SimTcpSocket(p.a, { allowHalfOpen: true }).connect({ host: '10.0.0.2', port: 80 });
    let err: NodeError | undefined;
    c.on('error', (e) => (err = e));
    c.on('data', () => undefined);
    p.world.runFor(50);
    server!.on('data', () => undefined);
    server!.destroy(); // FIN; the server TCB lives on, orphaned, in FIN-WAIT-2
    p.world.runFor(50);
    c.write('late');
    p.world.runFor(50);
    expect(segmentsSent(p.events, 'b').at(-1)!.flags).to.equal('R.');
    expect(err?.code).to.equal('ECONNRESET');
  });

  it("writing after the peer's FIN ended this socket (allowHalfOpen false) fails with EPIPE", () => {
    const p = pair();
    let writeErr: NodeError | undefined;
    p.c.on('end', () => p.c.write('too late', (e) => (writeErr = e ?? undefined)));
    p.s().end();
    p.world.runFor(50);
    expect(writeErr?.code).to.equal('EPIPE');
    expect(writeErr?.message).to.equal('This socket has been ended by the other party');
  });

  const rstRows = [
    { story: 'a RST at exactly RCV.NXT resets the connection (ECONNRESET)', offset: 0, resets: true, challenge: false },
    { story: 'an in-window RST not at RCV.NXT gets a challenge ACK and changes nothing (RFC 5961 §3.2)', offset: 1000, resets: false, challenge: true },
    { story: 'a RST outside the window is dropped silently', offset: 100_000, resets: false, challenge: false },
  ];
  for (const row of rstRows) {
    it(row.story, () => {
      const p = pair();
      const before = segmentsSent(p.events, 'a').length;
      inject(p, row.offset, TCP_FLAG.RST);
      p.world.runFor(10);
      expect(p.errors.a?.code).to.equal(row.resets ? 'ECONNRESET' : undefined);
      const replies = segmentsSent(p.events, 'a').slice(before);
      expect(replies.map((x) => x.flags)).to.deep.equal(row.challenge ? ['.'] : []);
    });
  }

  it('a SYN inside an established connection gets a challenge ACK, not a reset (RFC 5961 §4.2)', () => {
    const p = pair();
    const before = segmentsSent(p.events, 'a').length;
    inject(p, 10, TCP_FLAG.SYN);
    p.world.runFor(10);
    expect(segmentsSent(p.events, 'a').slice(before).map((x) => x.flags)).to.deep.equal(['.']);
    expect(p.c.tcpState).to.equal('ESTABLISHED');
  });

  it('EADDRINUSE: a second listener on the same port, and a connect from a listening port without reuseAddress', () => {
    const { world, a } = tcpPair();
    const errs: string[] = [];
    a.createTcpServer().listen(80);
    a.createTcpServer().on('error', (e) => errs.push(`${e.code} ${e.message}`)).listen(80);
    a.connectTcp({ host: '10.0.0.2', port: 80, localPort: 80 }).on('error', (e) => errs.push(`${e.code} connect`));
    let shared = false;
    const ok = a.connectTcp({ host: '10.0.0.2', port: 80, localPort: 80, reuseAddress: true });
    ok.on('error', () => (shared = true));
    world.runFor(10);
    expect(errs).to.deep.equal(['EADDRINUSE listen EADDRINUSE: address already in use 0.0.0.0:80', 'EADDRINUSE connect']);
    expect(shared, 'with reuseAddress the port is shared (the connect itself then gets RST: b has no listener)').to.equal(true);
  });

  it('write after end() fails with ERR_STREAM_WRITE_AFTER_END', () => {
    const p = pair();
    p.c.end();
    let e: NodeError | undefined;
    p.c.write('x', (err) => (e = err ?? undefined));
    p.world.runFor(10);
    expect(e?.code).to.equal('ERR_STREAM_WRITE_AFTER_END');
  });

  it('write() returns false above the high-water mark and emits drain once the peer acknowledged enough', () => {
    const p = pair();
    const big = Buffer.alloc(100_000, 1);
    expect(p.c.write(big)).to.equal(false);
    let drainedAt = -1;
    p.c.on('drain', () => (drainedAt = p.world.nowMs));
    p.world.runFor(1000);
    expect(drainedAt).to.be.greaterThan(100);
  });

  it('connect without a route fails with ENETUNREACH, and to text that is no address with ENOTFOUND', () => {
    const { world, a } = tcpPair();
    const codes: string[] = [];
    a.connectTcp({ host: '192.0.2.1', port: 80 }).on('error', (e) => codes.push(`${e.code} ${e.message}`));
    a.connectTcp({ host: 'no.such.name', port: 80 }).on('error', (e) => codes.push(`${e.code}`));
    world.runFor(10);
    expect(codes).to.deep.equal(['ENETUNREACH connect ENETUNREACH 192.0.2.1:80', 'ENOTFOUND']);
  });
});

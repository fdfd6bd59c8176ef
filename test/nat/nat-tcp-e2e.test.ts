/**
 * Real simulated TCP connections (src/net/tcp) through RFC 5382 NATs: connect through a NAT, simultaneous open
 * through two NATs, the idle timeout cutting a connection, and a RST for an unsolicited SYN seen as ECONNREFUSED.
 */
import { expect } from 'chai';
import type { SimTcpSocket } from '../../src/net/tcp/sim-tcp-socket';
import type { NatInit } from '../../src/nat/nat-config';
import { MIN, S, tcpWorld } from './tcp-world';

const NAT_A = '198.51.100.10';
const NAT_B = '198.51.100.20';
const SERVER = '198.51.100.80';

type Err = Error & { code?: string };

/** An echo server on the server host at `port`; what it saw. */
function echoServer(t: ReturnType<typeof tcpWorld>, port: number) {
  const seen = { remote: '', data: '' };
  t.w.getHost('server').createTcpServer().on('connection', (s) => {
    seen.remote = `${s.remoteAddress}:${s.remotePort}`;
    s.on('data', (d: Buffer) => {
      seen.data += d.toString();
      s.write(d);
    });
    s.on('error', () => undefined);
  }).listen(port);
  return seen;
}

describe('TCP connections through NATs (RFC 5382, end to end)', () => {
  it('connects through a NAT: the server sees the mapped address, data flows both ways, the mapping is established', () => {
    const t = tcpWorld({ preset: 'port-restricted-cone' }, {}, true);
    const seen = echoServer(t, 80);
    const c = t.w.getHost('a').connectTcp({ host: SERVER, port: 80, localPort: 40000 }) as SimTcpSocket;
    let echoed = '';
    c.on('connect', () => c.write('hello through the NAT'));
    c.on('data', (d: Buffer) => (echoed += d.toString()));
    t.w.runFor(1 * S);
    expect(seen.remote).to.equal(`${NAT_A}:40000`);
    expect(echoed).to.equal('hello through the NAT');
    const [m] = t.natA.snapshot();
    expect([m.proto, m.connections?.map((x) => x.state)]).to.deep.equal(['tcp', ['established']]);
    c.end();
    t.w.runFor(1 * S);
    expect(t.natA.snapshot()[0].connections?.map((x) => x.state)).to.deep.equal(['closed']);
  });

  it('completes a simultaneous open through two port-restricted NATs (RFC 5382 REQ-2), as TCP hole punching does', () => {
    const t = tcpWorld({ preset: 'port-restricted-cone' }, { preset: 'port-restricted-cone' }, true);
    const sa = t.w.getHost('a').connectTcp({ host: NAT_B, port: 6000, localPort: 5000, reuseAddress: true }) as SimTcpSocket;
    const sb = t.w.getHost('b').connectTcp({ host: NAT_A, port: 5000, localPort: 6000, reuseAddress: true }) as SimTcpSocket;
    const got = { a: '', b: '' };
    sa.on('connect', () => sa.write('from a'));
    sb.on('connect', () => sb.write('from b'));
    sa.on('data', (d: Buffer) => (got.a += d.toString()));
    sb.on('data', (d: Buffer) => (got.b += d.toString()));
    t.w.runFor(2 * S);
    expect(got).to.deep.equal({ a: 'from b', b: 'from a' });
    expect(t.rec.ofKind('dropped').filter((e) => e.pkt.tcp)).to.deep.equal([]);
  });

  it('cuts an idle connection when the established timeout expires: later data is dropped and the sender times out', () => {
    const t = tcpWorld({ preset: 'full-cone', tcp: { establishedTimeout: 60_000 } }, {}, true);
    const seen = echoServer(t, 80);
    const c = t.w.getHost('a').connectTcp({ host: SERVER, port: 80 }) as SimTcpSocket;
    let error = '';
    c.on('error', (e: Err) => (error = e.code ?? ''));
    c.on('connect', () => c.write('first'));
    t.w.runFor(2 * MIN);
    expect(seen.data).to.equal('first');
    expect(t.rec.ofKind('mapping-expired').map((e) => e.proto)).to.deep.equal(['tcp']);
    c.write('after the timeout');
    t.w.runFor(60 * MIN);
    expect(seen.data).to.equal('first');
    const drops = t.rec.ofKind('dropped').filter((e) => e.node === 'natA' && e.pkt.tcp).map((e) => e.reason);
    expect(drops.length).to.be.greaterThan(3);
    expect(new Set(drops)).to.deep.equal(new Set(['nat-no-mapping']));
    expect(error).to.equal('ETIMEDOUT');
  });

  const refused: { story: string; tcp: NatInit['tcp']; code: string; atMs: number }[] = [
    { story: 'a RST at once (unsolicitedSyn rst, synHold 0)', tcp: { unsolicitedSyn: 'rst', synHold: 0 }, code: 'ECONNREFUSED', atMs: 2 },
    { story: 'a RST after the 6 s REQ-4 hold', tcp: { unsolicitedSyn: 'rst' }, code: 'ECONNREFUSED', atMs: 6002 },
  ];
  for (const row of refused) {
    it(`refuses an unsolicited connection with ${row.story}: the sender sees ${row.code}`, () => {
      const t = tcpWorld({ tcp: row.tcp }, {}, true);
      const c = t.w.getHost('server').connectTcp({ host: NAT_A, port: 5000 });
      let error = '';
      let at = -1;
      c.on('error', (e: Err) => {
        error = e.code ?? '';
        at = t.w.nowMs;
      });
      t.w.runFor(10 * S);
      expect([error, at]).to.deep.equal([row.code, row.atMs]);
    });
  }

  it('drops an unsolicited SYN silently by default: the sender retries and finally times out (ETIMEDOUT)', () => {
    const t = tcpWorld({}, {}, true);
    const c = t.w.getHost('server').connectTcp({ host: NAT_A, port: 5000 });
    let error = '';
    c.on('error', (e: Err) => (error = e.code ?? ''));
    t.w.runFor(10 * MIN);
    expect(error).to.equal('ETIMEDOUT');
    expect(t.rec.ofKind('dropped').filter((e) => e.node === 'natA').length).to.equal(7); // SYN + 6 retries (Linux)
  });
});

import { expect } from 'chai';
import { tcpPair, segmentsSent, pattern, transfer } from './tcp-helpers';
import type { SimTcpSocket } from '../../../src/net/tcp/sim-tcp-socket';

describe('TCP handshake (RFC 9293 §3.5)', () => {
  it('opens with SYN, SYN-ACK, ACK: each acknowledges the other ISN + 1, both ends ESTABLISHED', () => {
    const { world, a, b, events } = tcpPair();
    let accepted: SimTcpSocket | undefined;
    b.createTcpServer().on('connection', (s) => (accepted = s as SimTcpSocket)).listen(80);
    const c = a.connectTcp({ host: '10.0.0.2', port: 80 }) as SimTcpSocket;
    let connectedAt = -1;
    c.on('connect', () => (connectedAt = world.nowMs));
    world.runFor(100);
    const [syn, synAck, ack] = segmentsSent(events);
    expect([syn!.flags, synAck!.flags, ack!.flags]).to.deep.equal(['S', 'S.', '.']);
    expect(synAck!.ack).to.equal((syn!.seq + 1) >>> 0);
    expect(ack!.seq).to.equal((syn!.seq + 1) >>> 0);
    expect(ack!.ack).to.equal((synAck!.seq + 1) >>> 0);
    expect(connectedAt).to.equal(10); // one round trip of 2 x 5 ms
    expect(c.tcpState).to.equal('ESTABLISHED');
    expect(accepted?.tcpState).to.equal('ESTABLISHED');
    expect(accepted?.remoteAddress).to.equal('10.0.0.1');
    expect(accepted?.remotePort).to.equal(c.localPort);
    expect(c.address()).to.deep.equal({ address: '10.0.0.1', family: 'IPv4', port: c.localPort });
  });

  const mtuRows = [
    { story: 'a 1500-byte MTU gives MSS 1460', mtu: 1500, mss: 1460 },
    { story: 'a 1000-byte MTU gives MSS 960', mtu: 1000, mss: 960 },
  ];
  for (const row of mtuRows) {
    it(`announces the MSS from the route's MTU: ${row.story}, and no data segment is larger`, () => {
      const { world, a, b, events } = tcpPair({ mtu: row.mtu }, { mtu: row.mtu });
      const data = pattern(20_000);
      const r = transfer(world, a, b, data, { maxMs: 10_000 });
      expect(r.received.equals(data)).to.equal(true);
      const segs = segmentsSent(events);
      expect(segs.filter((s) => s.flags.includes('S')).map((s) => s.mss)).to.deep.equal([row.mss, row.mss]);
      expect(Math.max(...segs.map((s) => s.len))).to.equal(row.mss);
    });
  }

  it('draws ISNs from the seeded stream: the same seed gives the same ISNs, another seed others', () => {
    const isns = (seed: number): number[] => {
      const { world, a, b, events } = tcpPair({}, {}, seed);
      b.createTcpServer().listen(80);
      a.connectTcp({ host: '10.0.0.2', port: 80 });
      world.runFor(50);
      return segmentsSent(events).filter((s) => s.flags.includes('S')).map((s) => s.seq);
    };
    expect(isns(3)).to.deep.equal(isns(3));
    expect(isns(3)).to.not.deep.equal(isns(4));
  });

  it('completes a simultaneous open (SYN-SENT -> SYN-RECEIVED -> ESTABLISHED) from fixed ports with reuseAddress', () => {
    const { world, a, b, events } = tcpPair();
    const sa = a.connectTcp({ host: '10.0.0.2', port: 6000, localPort: 5000, reuseAddress: true }) as SimTcpSocket;
    const sb = b.connectTcp({ host: '10.0.0.1', port: 5000, localPort: 6000, reuseAddress: true }) as SimTcpSocket;
    const got = { a: '', b: '' };
    sa.on('connect', () => sa.write('from a'));
    sb.on('connect', () => sb.write('from b'));
    sa.on('data', (d: Buffer) => (got.a += d.toString()));
    sb.on('data', (d: Buffer) => (got.b += d.toString()));
    world.runFor(1000);
    expect(got).to.deep.equal({ a: 'from b', b: 'from a' });
    const segs = segmentsSent(events);
    expect(segs.slice(0, 4).map((s) => `${s.node}:${s.flags}`).sort()).to.deep.equal(['a:S', 'a:S.', 'b:S', 'b:S.']);
    // Each SYN-ACK carries its sender's original ISN and acknowledges the other's.
    for (const [me, peer] of [['a', 'b'], ['b', 'a']]) {
      const syn = segs.find((s) => s.node === me && s.flags === 'S')!;
      const synAck = segs.find((s) => s.node === me && s.flags === 'S.')!;
      const peerSyn = segs.find((s) => s.node === peer && s.flags === 'S')!;
      expect(synAck.seq).to.equal(syn.seq);
      expect(synAck.ack).to.equal((peerSyn.seq + 1) >>> 0);
    }
    expect(sa.tcpState).to.equal('ESTABLISHED');
    expect(sb.tcpState).to.equal('ESTABLISHED');
  });

  it('lets a connecting socket share its port with a listener (reuseAddress), and the listener still accepts others', () => {
    const { world, a, b } = tcpPair();
    const accepted: string[] = [];
    a.createTcpServer().on('connection', (s) => accepted.push(`${s.remoteAddress}:${s.remotePort}`)).listen(5000);
    let connected = false;
    b.createTcpServer().listen(6000);
    a.connectTcp({ host: '10.0.0.2', port: 6000, localPort: 5000, reuseAddress: true }).on('connect', () => (connected = true));
    b.connectTcp({ host: '10.0.0.1', port: 5000, localPort: 7000 });
    world.runFor(100);
    expect(connected).to.equal(true);
    expect(accepted).to.deep.equal(['10.0.0.2:7000']);
  });
});

import { expect } from 'chai';
import { TraceRecorder } from '../../../src/sim/trace';
import type { LinkEvent } from '../../../src/sim/trace-events';
import { formatIpv4 } from '../../../src/net/ipv4';
import { TLS_CONTENT } from '../../../src/protocols/tls-model';
import { allocated, client, complete, NAT_A_IP, PEER_IP, SERVER_IP, startServer, turnWorld } from './helpers';
import type { World } from '../../../src/net/world';

/** A UDP echo on host `peer` port 7000. */
function echoPeer(w: World): void {
  const s = w.getHost('peer').createSocket();
  s.bind(7000);
  s.on('message', (m, r) => s.send(m, r.port, r.address));
}

/** TCP payload bytes on the internet link from `src` to `dst` (IPv4), concatenated in order. */
function tcpBytes(rec: TraceRecorder, src: string, dst: string): Buffer {
  const parts = rec
    .ofKind('link')
    .filter((e: LinkEvent) => e.link === 'internet' && e.pkt.proto === 6 && formatIpv4(e.pkt.src) === src && formatIpv4(e.pkt.dst) === dst)
    .map((e) => Buffer.from(e.pkt.payload));
  return Buffer.concat(parts);
}

describe('TURN over TCP and modelled TLS in the simulator (RFC 8656 §3.1)', () => {
  for (const [transport, url] of [['tcp', `turn:${SERVER_IP}?transport=tcp`], ['tls', `turns:${SERVER_IP}`]] as const) {
    it(`allocates over ${transport.toUpperCase()} (${url}) from behind a NAT and relays by channel and by indication to a UDP peer`, () => {
      const w = turnWorld();
      const server = startServer(w, { tcp: true, tls: {} });
      echoPeer(w);
      const alice = client(w, 'alice', 'alice', { url, server: undefined });
      const a = allocated(w, alice.c);
      expect(a.mapped.address).to.equal(NAT_A_IP);
      const list = server.table.list(w.nowMs);
      expect(list.map((x) => [x.fiveTuple.transport, x.fiveTuple.server.port])).to.deep.equal([[transport, transport === 'tls' ? 5349 : 3478]]);
      const peer = { address: PEER_IP, port: 7000 };
      expect(complete(w, (cb) => alice.c.createPermission(PEER_IP, cb))).to.equal(null);
      alice.c.send(peer, Buffer.from('by indication'));
      w.runFor(500);
      let channel: number | undefined;
      alice.c.bindChannel(peer, (err, ch) => (channel = err ? -1 : ch));
      w.runUntil(() => channel !== undefined, 5000);
      alice.c.send(peer, Buffer.from('odd-sized ChannelData!'));
      w.runFor(500);
      expect(alice.got.map((g) => [g.data, g.via])).to.deep.equal([['by indication', 'indication'], ['odd-sized ChannelData!', 'channel']]);
      expect(server.stats.dropped).to.deep.equal({});
      expect(server.streamConnections).to.equal(1);
    });
  }

  it('puts padded ChannelData on the TCP stream (RFC 8656 §12.5) and never retransmits requests over it (RFC 8489 §6.2.2)', () => {
    const w = turnWorld();
    const server = startServer(w, { tcp: true });
    echoPeer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const alice = client(w, 'alice', 'alice', { transport: 'tcp' });
    allocated(w, alice.c);
    let ch: number | undefined;
    alice.c.bindChannel({ address: PEER_IP, port: 7000 }, (err, c) => (ch = err ? -1 : c));
    w.runUntil(() => ch !== undefined, 5000);
    alice.c.send({ address: PEER_IP, port: 7000 }, Buffer.from('abc'));
    w.runFor(500);
    const down = tcpBytes(rec, SERVER_IP, NAT_A_IP);
    const hex = down.toString('hex');
    const cd = `${ch!.toString(16)}0003${Buffer.from('abc').toString('hex')}00`;
    expect(hex, 'the echo came back as ChannelData padded to 4 bytes').to.include(cd);
    expect(server.stats.requests, 'one Allocate, its retry with credentials, one ChannelBind').to.equal(3);
  });

  it('shows the modelled TLS records on the wire: a 517-byte ClientHello, then application data records', () => {
    const w = turnWorld();
    startServer(w, { tls: {} });
    const rec = new TraceRecorder(w.sim.trace);
    const alice = client(w, 'alice', 'alice', { transport: 'tls' });
    allocated(w, alice.c);
    const up = tcpBytes(rec, NAT_A_IP, SERVER_IP);
    expect(up[0]).to.equal(TLS_CONTENT.handshake);
    expect(up.readUInt16BE(1)).to.equal(0x0301);
    expect(5 + up.readUInt16BE(3)).to.equal(517);
    expect(up[5], 'ClientHello').to.equal(1);
    // after ClientHello: ChangeCipherSpec, Finished stand-in, then application data carrying STUN in the clear
    const afterHello = up.subarray(517);
    expect(afterHello[0]).to.equal(TLS_CONTENT.changeCipherSpec);
    const firstApp = afterHello.subarray(6 + 5 + afterHello.readUInt16BE(6 + 3));
    expect(firstApp[0]).to.equal(TLS_CONTENT.applicationData);
    expect(firstApp.readUInt32BE(5 + 4), 'the STUN magic cookie is readable: the model does not encrypt').to.equal(0x2112a442);
  });

  it('deletes the allocation when the client\'s TCP connection closes', () => {
    const w = turnWorld();
    const server = startServer(w, { tcp: true });
    const alice = client(w, 'alice', 'alice', { transport: 'tcp' });
    allocated(w, alice.c);
    expect(server.table.list(w.nowMs)).to.have.length(1);
    let closed = false;
    alice.c.close(() => (closed = true));
    w.runFor(2000);
    expect(closed).to.equal(true);
    expect(server.table.list(w.nowMs)).to.have.length(0);
    expect(server.streamConnections).to.equal(0);
  });

  it('loses the allocation on the client when the server goes away mid-session', () => {
    const w = turnWorld();
    const server = startServer(w, { tcp: true });
    const alice = client(w, 'alice', 'alice', { transport: 'tcp' });
    allocated(w, alice.c);
    const lost: string[] = [];
    alice.c.on('allocation-lost', (r: string) => lost.push(r));
    server.close();
    w.runFor(2000);
    expect(alice.c.state).to.equal('lost');
    expect(lost[0]).to.match(/TCP connection to the server closed/);
  });

  it('refuses a client URL it cannot honour, naming the setting', () => {
    const w = turnWorld();
    expect(() => client(w, 'alice', 'alice', { url: 'turns:203.0.113.1?transport=udp', server: undefined })).to.throw(/TurnClientInit\.url.*DTLS/);
    expect(() => client(w, 'alice', 'alice', { url: 'turn:203.0.113.1' })).to.throw(/either url, or server/);
  });

  it('is deterministic: the same seed gives the same trace over modelled TLS', () => {
    const run = (): string => {
      const w = turnWorld(7);
      startServer(w, { tls: {} });
      const rec = new TraceRecorder(w.sim.trace);
      const alice = client(w, 'alice', 'alice', { transport: 'tls' });
      allocated(w, alice.c);
      return tcpBytes(rec, SERVER_IP, NAT_A_IP).toString('hex');
    };
    expect(run()).to.equal(run());
  });
});

import { expect } from 'chai';
import { decode, StunMethod } from '../../../src/protocols/stun';
import { TraceRecorder } from '../../../src/sim/trace';
import type { AgentEvent } from '../../../src/sim/trace-events';
import { formatIpv4 } from '../../../src/net/ipv4';
import type { World } from '../../../src/net/world';
import { allocated, client, complete, PEER_IP, SERVER_IP, startServer, turnWorld } from './helpers';

const PEER = { address: PEER_IP, port: 7000 };

/** A UDP socket on host `peer` (203.0.113.50:7000) that records what it hears. */
function publicPeer(w: World) {
  const sock = w.getHost('peer').createSocket();
  sock.bind(7000);
  const heard: string[] = [];
  sock.on('message', (m) => heard.push(m.toString()));
  return { sock, heard, sendTo: (port: number, text: string) => sock.send(Buffer.from(text), port, SERVER_IP) };
}

function serverEvents(rec: TraceRecorder, event: string): AgentEvent[] {
  return rec.ofKind('agent').filter((e) => e.agent === 'turn-server' && e.event === event);
}

describe('TURN expiry on virtual time (RFC 8656 §6, §9, §12)', () => {
  it('removes an unrefreshed allocation after its lifetime and frees its relay port', () => {
    const w = turnWorld();
    const server = startServer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const { c } = client(w, 'alice', 'alice', { autoRefresh: { allocation: false } });
    const free = server.table.ports.available;
    const lost: string[] = [];
    c.on('allocation-lost', (r) => lost.push(r));
    const a = allocated(w, c);
    const grantedAt = w.nowMs;
    expect(server.relayedPorts()).to.deep.equal([a.relayed.port]);
    w.runFor(599_000);
    expect(server.table.list(w.nowMs)).to.have.length(1);
    w.runFor(2_000);
    const expired = serverEvents(rec, 'allocation-expired');
    expect(expired.map((e) => e.data?.relayed)).to.deep.equal([`${SERVER_IP}:${a.relayed.port}`]);
    // granted one link trip (~11 ms) before the response reached the client, expired exactly 600 s later
    expect(expired[0].t / 1000).to.be.within(grantedAt + 599_950, grantedAt + 600_000);
    expect(expired[0].data?.at).to.equal(expired[0].t / 1000);
    expect(server.relayedPorts()).to.deep.equal([]);
    expect(server.table.ports.available).to.equal(free);
    expect(server.stats.allocationsExpired).to.equal(1);
    expect([lost, c.state, c.relayedAddress]).to.deep.equal([['expired'], 'lost', undefined]);
    // a peer writing to the old relayed port now reaches a closed port on the server host
    publicPeer(w).sendTo(a.relayed.port, 'late');
    w.runFor(100);
    expect(rec.ofKind('dropped').filter((d) => d.node === 'turn').map((d) => d.reason)).to.deep.equal(['port-unreachable']);
  });

  it("drops a peer's data once its permission is 300 s old, and traces the drop", () => {
    const w = turnWorld();
    const server = startServer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const { c, got } = client(w, 'alice', 'alice', { autoRefresh: { permissions: false } });
    const a = allocated(w, c);
    const peer = publicPeer(w);
    complete(w, (cb) => c.createPermission(PEER_IP, cb));
    w.runFor(298_000);
    peer.sendTo(a.relayed.port, 'in time');
    w.runFor(3_000);
    peer.sendTo(a.relayed.port, 'too late');
    w.runFor(100);
    expect(got.map((d) => d.data)).to.deep.equal(['in time']);
    expect(serverEvents(rec, 'permission-expired').map((e) => e.data?.peerIp)).to.deep.equal([PEER_IP]);
    const drops = serverEvents(rec, 'dropped');
    expect(drops.map((e) => [e.data?.reason, e.data?.peer])).to.deep.equal([['no-permission', `${PEER_IP}:7000`]]);
    expect(server.stats.dropped).to.deep.equal({ 'no-permission': 1 });
  });

  it('falls back to Send and Data indications once an unrefreshed channel expires', () => {
    const w = turnWorld();
    const server = startServer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const { c, got } = client(w, 'alice', 'alice', { autoRefresh: { channels: false } });
    const a = allocated(w, c);
    const peer = publicPeer(w);
    peer.sock.on('message', (m, r) => peer.sock.send(Buffer.from(`echo ${m.toString()}`), r.port, r.address));
    complete(w, (cb) => c.bindChannel(PEER, cb));
    c.send(PEER, Buffer.from('one'));
    w.runFor(1_000);
    expect(c.channelFor(PEER)).to.equal(0x4000);
    w.runFor(600_000);
    expect(c.channelFor(PEER)).to.equal(undefined);
    c.send(PEER, Buffer.from('two'));
    w.runFor(1_000);
    expect(peer.heard).to.deep.equal(['one', 'two']);
    expect(got.map((d) => [d.data, d.via])).to.deep.equal([['echo one', 'channel'], ['echo two', 'indication']]);
    expect(serverEvents(rec, 'channel-expired').map((e) => e.data?.channel)).to.deep.equal(['0x4000']);
    const up = rec
      .ofKind('link')
      .filter((e) => e.link === 'internet' && formatIpv4(e.pkt.dst) === SERVER_IP && e.pkt.dstPort === 3478)
      .map((e) => Buffer.from(e.pkt.payload));
    const kinds = up.map((p) => {
      if (p[0] === 0x40) return `channel-data ${p.subarray(4).toString()}`;
      const r = decode(p);
      return r.ok && r.message.method === StunMethod.Send ? `send ${Buffer.from(r.message.get('DATA')!).toString()}` : 'request';
    });
    expect(kinds.filter((k) => k !== 'request')).to.deep.equal(['channel-data one', 'send two']);
    expect(server.stats.relayedToPeers).to.equal(2);
    expect(a.relayed.port).to.be.a('number');
  });

  it('keeps the allocation, a permission and a channel alive for 30 virtual minutes by refreshing ahead of expiry', () => {
    const w = turnWorld();
    const server = startServer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const { c, got } = client(w, 'alice');
    const a = allocated(w, c);
    const peer = publicPeer(w);
    complete(w, (cb) => c.bindChannel(PEER, cb));
    w.runFor(30 * 60_000);
    peer.sendTo(a.relayed.port, 'still there');
    w.runFor(100);
    expect(got.map((d) => [d.data, d.via])).to.deep.equal([['still there', 'channel']]);
    expect(server.table.list(w.nowMs)).to.have.length(1);
    expect(serverEvents(rec, 'allocation-expired')).to.deep.equal([]);
    expect(serverEvents(rec, 'permission-expired')).to.deep.equal([]);
    expect(serverEvents(rec, 'channel-expired')).to.deep.equal([]);
    // 600 s allocation refreshed every 540 s; 600 s channel every 540 s; the 300 s permission 240 s after it was
    // last installed, by CreatePermission or by the channel's ChannelBind: 240, 480, 780, 1020, 1320, 1560 s.
    expect([c.stats.allocationRefreshes, c.stats.permissionRefreshes, c.stats.channelRefreshes]).to.deep.equal([3, 6, 3]);
    const refreshes = rec.ofKind('agent').filter((e) => e.event === 'refreshed' && e.agent !== 'turn-server');
    expect(refreshes.map((e) => Math.round(e.t / 1e6))).to.deep.equal([540, 1080, 1620]);
  });

  it('deletes the allocation on close (Refresh LIFETIME 0)', () => {
    const w = turnWorld();
    const server = startServer(w);
    const { c } = client(w, 'alice');
    allocated(w, c);
    let closed = false;
    c.close(() => (closed = true));
    w.runFor(200);
    expect([closed, c.state, server.stats.allocationsDeleted, server.relayedPorts()]).to.deep.equal([true, 'closed', 1, []]);
  });
});

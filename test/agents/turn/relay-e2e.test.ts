import { expect } from 'chai';
import { decode, StunMethod } from '../../../src/protocols/stun';
import { TraceRecorder } from '../../../src/sim/trace';
import type { LinkEvent } from '../../../src/sim/trace-events';
import { formatIpv4 } from '../../../src/net/ipv4';
import { allocated, client, complete, NAT_A_IP, NAT_B_IP, SERVER_IP, startServer, turnWorld } from './helpers';

/** Payloads on the internet link between `src` and `dst` IPs, with the UDP ports. */
function wire(rec: TraceRecorder, src: string, dst: string): { payload: Buffer; srcPort: number; dstPort: number }[] {
  return rec
    .ofKind('link')
    .filter((e: LinkEvent) => e.link === 'internet' && formatIpv4(e.pkt.src) === src && formatIpv4(e.pkt.dst) === dst)
    .map((e) => ({ payload: Buffer.from(e.pkt.payload), srcPort: e.pkt.srcPort, dstPort: e.pkt.dstPort }));
}

/** alice and bob, each behind a symmetric NAT, with allocations and permissions for each other's relayed IP. */
function twoAllocations() {
  const w = turnWorld();
  const server = startServer(w);
  const alice = client(w, 'alice');
  const bob = client(w, 'bob');
  const ra = allocated(w, alice.c);
  const rb = allocated(w, bob.c);
  expect(complete(w, (cb) => alice.c.createPermission(rb.relayed.address, cb))).to.equal(null);
  expect(complete(w, (cb) => bob.c.createPermission(ra.relayed.address, cb))).to.equal(null);
  return { w, server, alice, bob, ra, rb };
}

describe('TURN relay end to end: two hosts behind symmetric NATs', () => {
  it('reports relayed addresses on the server and server-reflexive addresses on each NAT', () => {
    const { ra, rb, alice } = twoAllocations();
    expect([ra.relayed.address, rb.relayed.address]).to.deep.equal([SERVER_IP, SERVER_IP]);
    expect(ra.relayed.port).to.not.equal(rb.relayed.port);
    expect([ra.mapped.address, rb.mapped.address]).to.deep.equal([NAT_A_IP, NAT_B_IP]);
    expect(alice.c.relayedAddress).to.deep.equal(ra.relayed);
    expect(alice.c.mappedAddress).to.deep.equal(ra.mapped);
  });

  it('exchanges data by Send and Data indications, with the STUN bytes on the wire', () => {
    const { w, alice, bob, ra, rb, server } = twoAllocations();
    const rec = new TraceRecorder(w.sim.trace);
    expect(alice.c.send(rb.relayed, Buffer.from('hello bob'))).to.equal(true);
    w.runFor(200);
    expect(bob.c.send(ra.relayed, Buffer.from('hi alice'))).to.equal(true);
    w.runFor(200);
    expect(bob.got.map((d) => [d.peer, d.data, d.via])).to.deep.equal([[`${SERVER_IP}:${ra.relayed.port}`, 'hello bob', 'indication']]);
    expect(alice.got.map((d) => [d.peer, d.data, d.via])).to.deep.equal([[`${SERVER_IP}:${rb.relayed.port}`, 'hi alice', 'indication']]);

    // alice's NAT -> server: one Send indication carrying bob's relayed address and the payload.
    const up = wire(rec, NAT_A_IP, SERVER_IP).map((p) => decode(p.payload));
    const send = up.find((r) => r.ok && r.message.method === StunMethod.Send && r.message.class === 'indication');
    expect(send?.ok && send.message.get('XOR-PEER-ADDRESS')).to.deep.equal({ family: 4, address: SERVER_IP, port: rb.relayed.port });
    expect(send?.ok && Buffer.from(send.message.get('DATA')!).toString()).to.equal('hello bob');
    // server -> bob's NAT: a Data indication from alice's relayed address.
    const down = wire(rec, SERVER_IP, NAT_B_IP).map((p) => decode(p.payload));
    const data = down.find((r) => r.ok && r.message.method === StunMethod.Data && r.message.class === 'indication');
    expect(data?.ok && data.message.get('XOR-PEER-ADDRESS')).to.deep.equal({ family: 4, address: SERVER_IP, port: ra.relayed.port });
    expect(data?.ok && Buffer.from(data.message.get('DATA')!).toString()).to.equal('hello bob');
    expect([server.stats.sendIndicationsIn, server.stats.dataIndicationsOut, server.stats.channelDataOut]).to.deep.equal([2, 2, 0]);
    expect([alice.c.stats.sendIndicationsOut, alice.c.stats.channelDataOut]).to.deep.equal([1, 0]);
  });

  it('exchanges data by ChannelData in both directions once channels are bound, 0x4000 headers on the wire', () => {
    const { w, alice, bob, ra, rb, server } = twoAllocations();
    let aliceChannel: number | undefined;
    let bobChannel: number | undefined;
    expect(complete(w, (cb) => alice.c.bindChannel(rb.relayed, (err, ch) => { aliceChannel = ch; cb(err); }))).to.equal(null);
    expect(complete(w, (cb) => bob.c.bindChannel(ra.relayed, (err, ch) => { bobChannel = ch; cb(err); }))).to.equal(null);
    expect([aliceChannel, bobChannel]).to.deep.equal([0x4000, 0x4000]);
    const rec = new TraceRecorder(w.sim.trace);
    alice.c.send(rb.relayed, Buffer.from('hello bob'));
    w.runFor(200);
    bob.c.send(ra.relayed, Buffer.from('hi alice'));
    w.runFor(200);
    expect(bob.got.map((d) => [d.peer, d.data, d.via])).to.deep.equal([[`${SERVER_IP}:${ra.relayed.port}`, 'hello bob', 'channel']]);
    expect(alice.got.map((d) => [d.peer, d.data, d.via])).to.deep.equal([[`${SERVER_IP}:${rb.relayed.port}`, 'hi alice', 'channel']]);

    const cd = (text: string): string => Buffer.concat([Buffer.from([0x40, 0x00, 0x00, text.length]), Buffer.from(text)]).toString('hex');
    expect(wire(rec, NAT_A_IP, SERVER_IP).map((p) => p.payload.toString('hex'))).to.deep.equal([cd('hello bob')]);
    expect(wire(rec, SERVER_IP, NAT_B_IP).map((p) => p.payload.toString('hex'))).to.deep.equal([cd('hello bob')]);
    expect(wire(rec, NAT_B_IP, SERVER_IP).map((p) => p.payload.toString('hex'))).to.deep.equal([cd('hi alice')]);
    expect(wire(rec, SERVER_IP, NAT_A_IP).map((p) => p.payload.toString('hex'))).to.deep.equal([cd('hi alice')]);
    expect([server.stats.channelDataIn, server.stats.channelDataOut, server.stats.dataIndicationsOut]).to.deep.equal([2, 2, 0]);
  });

  it('relays between a client and a public peer that uses plain UDP', () => {
    const w = turnWorld();
    startServer(w);
    const alice = client(w, 'alice');
    const ra = allocated(w, alice.c);
    const peer = w.getHost('peer').createSocket();
    peer.bind(7000);
    const heard: string[] = [];
    peer.on('message', (m, r) => {
      heard.push(`${m.toString()} from ${r.address}:${r.port}`);
      peer.send(Buffer.from('pong'), r.port, r.address);
    });
    complete(w, (cb) => alice.c.createPermission('203.0.113.50', cb));
    alice.c.send({ address: '203.0.113.50', port: 7000 }, Buffer.from('ping'));
    w.runFor(500);
    expect(heard).to.deep.equal([`ping from ${SERVER_IP}:${ra.relayed.port}`]);
    expect(alice.got.map((d) => [d.peer, d.data])).to.deep.equal([['203.0.113.50:7000', 'pong']]);
  });
});

describe('TURN relay determinism', () => {
  function run(seed: number): string {
    const w = turnWorld(seed);
    startServer(w);
    const alice = client(w, 'alice');
    const bob = client(w, 'bob');
    const ra = allocated(w, alice.c);
    const rb = allocated(w, bob.c);
    complete(w, (cb) => alice.c.bindChannel(rb.relayed, cb));
    complete(w, (cb) => bob.c.createPermission(ra.relayed.address, cb));
    alice.c.send(rb.relayed, Buffer.from('x'));
    bob.c.send(ra.relayed, Buffer.from('y'));
    w.runFor(700_000);
    return w.sim.trace.digest();
  }

  it('gives the same trace hash for the same seed, and another for another seed', () => {
    expect(run(5)).to.equal(run(5));
    expect(run(5)).to.not.equal(run(6));
  });
});

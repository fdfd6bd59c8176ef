import { expect } from 'chai';
import { encode, newTransactionId, StunMessage, StunMethod } from '../../../src/protocols/stun';
import { encodeChannelData } from '../../../src/protocols/turn';
import { Rng } from '../../../src/sim/rng';
import { allocated, client, complete, PEER_IP, SERVER_IP, startServer, turnWorld } from './helpers';

describe('TURN server under a flood of malformed and unauthenticated packets', () => {
  it('keeps serving a legitimate client, and counts every kind of junk', () => {
    const w = turnWorld(7);
    const server = startServer(w);
    const rng = new Rng('flood');
    const JUNK = 500;
    const UNAUTH = 500;
    const STRAY_CD = 200;

    // Attackers: bob's host behind natB and the public peer host, several sockets each, over 10 s.
    const attackers = [w.getHost('bob'), w.getHost('peer')].flatMap((h) => [h.createSocket(), h.createSocket()]);
    const send = (i: number, bytes: Uint8Array) => w.sim.timers.setTimeout(() => attackers[i % attackers.length].send(bytes, 3478, SERVER_IP), i * 8);
    let i = 0;
    for (let k = 0; k < JUNK; k++) {
      // first byte 0 (looks like STUN to RFC 7983 demux), random rest: fails the magic cookie or length checks
      const junk = rng.bytes(rng.int(1, 80));
      junk[0] = 0;
      send(i++, junk);
    }
    for (let k = 0; k < UNAUTH; k++) {
      send(i++, encode(StunMessage.request(StunMethod.Allocate, newTransactionId(rng)).add('REQUESTED-TRANSPORT', 17)));
    }
    for (let k = 0; k < STRAY_CD; k++) send(i++, encodeChannelData(0x4000, rng.bytes(20)));

    // The legitimate client allocates in the middle of the flood and pings an echoing peer 100 times.
    const echo = w.getHost('peer').createSocket();
    echo.bind(7000);
    echo.on('message', (m, r) => echo.send(m, r.port, r.address));
    w.runFor(1_000);
    const { c, got } = client(w, 'alice');
    allocated(w, c);
    expect(complete(w, (cb) => c.bindChannel({ address: PEER_IP, port: 7000 }, cb))).to.equal(null);
    for (let k = 0; k < 100; k++) w.sim.timers.setTimeout(() => c.send({ address: PEER_IP, port: 7000 }, Buffer.from(`ping ${k}`)), k * 100);
    w.runFor(12_000);

    expect(got.map((d) => d.data)).to.deep.equal(Array.from({ length: 100 }, (_, k) => `ping ${k}`));
    expect(server.stats.dropped).to.deep.equal({ malformed: JUNK, 'no-allocation': STRAY_CD });
    expect(server.stats.errorResponses).to.deep.equal({ 401: UNAUTH + 1 }); // + alice's first, unauthenticated Allocate
    expect(server.stats.datagramsIn).to.be.greaterThan(JUNK + UNAUTH + STRAY_CD + 100);
    expect(w.sim.trace.counter('agent:turn-server:dropped')).to.equal(JUNK + STRAY_CD);
    expect(server.table.list(w.nowMs).map((a) => a.username)).to.deep.equal(['alice']);
  });
});

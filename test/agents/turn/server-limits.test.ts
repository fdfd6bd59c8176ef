/**
 * The TURN server's limits (issue 14): quotas with 486 / 508 (RFC 8656 §7.2, §10.2, §12.2), relayed bandwidth per
 * allocation, per-source request rate, the amplification budget for unauthenticated answers, busy relay ports and
 * relay send failures.
 */
import { expect } from 'chai';
import { encode, newTransactionId, StunMessage, StunMethod } from '../../../src/protocols/stun';
import { Rng } from '../../../src/sim/rng';
import type { TurnServerInit } from '../../../src/agents/turn/server-config';
import { allocated, client, codeOf, complete, PEER_IP, RawClient, startServer, turnWorld, type RawAuth } from './helpers';

function rawWorld(init: TurnServerInit = {}) {
  const w = turnWorld(9);
  const server = startServer(w, init);
  const raw = (host: string, port: number, username: string, password: string) => {
    const c = new RawClient(w, w.getHost(host), port);
    const auth: RawAuth = { username, password, nonce: c.nonce() };
    const allocate = () => c.call(c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), auth);
    return { c, auth, allocate };
  };
  return { w, server, raw };
}

describe('TURN server quotas (RFC 8656 §7.2, §10.2, §12.2)', () => {
  it('answers 486 over the user quota and 508 over the total', () => {
    const { raw } = rawWorld({ userQuota: 2, maxAllocations: 3 });
    const codes = [5000, 5001, 5002].map((p) => codeOf(raw('alice', p, 'alice', 'secret').allocate()) ?? 200);
    expect(codes).to.deep.equal([200, 200, 486]);
    expect([6000, 6001].map((p) => codeOf(raw('bob', p, 'bob', 'hunter2').allocate()) ?? 200)).to.deep.equal([200, 508]);
  });

  it('answers 508 over the permissions and the channels of an allocation', () => {
    const { raw } = rawWorld({ maxPermissionsPerAllocation: 2, maxChannelsPerAllocation: 1 });
    const { c, auth, allocate } = raw('alice', 5000, 'alice', 'secret');
    allocate();
    const permit = (ip: string) =>
      codeOf(c.call(c.request(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', { family: 4, address: ip, port: 0 }), auth)) ?? 200;
    const bind = (ch: number, ip: string) =>
      codeOf(c.call(c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', ch).add('XOR-PEER-ADDRESS', { family: 4, address: ip, port: 7000 }), auth)) ?? 200;
    expect([permit('198.51.100.1'), permit('198.51.100.2'), permit('198.51.100.1'), permit('198.51.100.3')]).to.deep.equal([200, 200, 200, 508]);
    expect(bind(0x4000, '198.51.100.1')).to.equal(200);
    expect(bind(0x4001, '198.51.100.2')).to.equal(508);
    expect(bind(0x4002, '198.51.100.9')).to.equal(508); // a third permission too
  });

  it('drops relayed datagrams over the allocation\'s bandwidth and counts them', () => {
    const w = turnWorld(4);
    const server = startServer(w, { maxBandwidthBytesPerSecond: 1000 });
    const echo = w.getHost('peer').createSocket();
    echo.bind(7000);
    const atPeer: number[] = [];
    echo.on('message', (m) => atPeer.push(m.length));
    const { c } = client(w, 'alice');
    allocated(w, c);
    expect(complete(w, (cb) => c.bindChannel({ address: PEER_IP, port: 7000 }, cb))).to.equal(null);
    // 40 x 100 bytes within 1 s: one second's burst (1000 bytes) passes, plus what refills meanwhile.
    for (let k = 0; k < 40; k++) w.sim.timers.setTimeout(() => c.send({ address: PEER_IP, port: 7000 }, new Uint8Array(100)), k * 25);
    w.runFor(2000);
    expect(atPeer.length).to.be.within(10, 20);
    expect(server.stats.dropped.bandwidth).to.equal(40 - atPeer.length);
  });
});

describe('TURN server under floods from one source', () => {
  const minimalAllocate = (rng: Rng) => encode(StunMessage.request(StunMethod.Allocate, newTransactionId(rng)).add('REQUESTED-TRANSPORT', 17));

  it('answers unauthenticated Allocates with at most as many bytes as they carried (amplification budget)', () => {
    const { w, server } = rawWorld({ sourceLimits: { unauthenticatedBytesPerSecond: 200, unauthenticatedBurstBytes: 1500 } });
    const attacker = w.getHost('peer').createSocket();
    const rng = new Rng('flood');
    const answers: number[] = [];
    attacker.on('message', (m) => answers.push(m.length));
    const N = 1000;
    let bytesIn = 0;
    for (let k = 0; k < N; k++) {
      const req = minimalAllocate(rng);
      bytesIn += req.length;
      w.sim.timers.setTimeout(() => attacker.send(req, 3478, '203.0.113.1'), k);
    }
    w.runFor(2000);
    const bytesOut = answers.reduce((a, b) => a + b, 0);
    expect(answers.length).to.be.greaterThan(0);
    expect(bytesOut / bytesIn, `${bytesOut} bytes out for ${bytesIn} in`).to.be.at.most(1);
    expect(server.stats.dropped['amplification-budget']).to.equal(N - answers.length);
    // A client on another address still authenticates and allocates.
    const { c } = client(w, 'alice');
    expect(allocated(w, c).relayed.address).to.equal('203.0.113.1');
  });

  it('stops one flooding address at its request rate without hurting another client', () => {
    const w = turnWorld(6);
    const server = startServer(w, { sourceLimits: { requestsPerSecond: 20 } });
    const attacker = w.getHost('peer').createSocket();
    const rng = new Rng('binding-flood');
    for (let k = 0; k < 2000; k++) {
      const req = encode(StunMessage.request(StunMethod.Binding, newTransactionId(rng)));
      w.sim.timers.setTimeout(() => attacker.send(req, 3478, '203.0.113.1'), k * 2);
    }
    const echo = w.getHost('peer').createSocket();
    echo.bind(7000);
    echo.on('message', (m, r) => echo.send(m, r.port, r.address));
    const { c, got } = client(w, 'alice');
    allocated(w, c);
    expect(complete(w, (cb) => c.bindChannel({ address: PEER_IP, port: 7000 }, cb))).to.equal(null);
    for (let k = 0; k < 30; k++) w.sim.timers.setTimeout(() => c.send({ address: PEER_IP, port: 7000 }, Buffer.from(`ping ${k}`)), k * 50);
    w.runFor(5000);
    expect(got.map((d) => d.data)).to.deep.equal(Array.from({ length: 30 }, (_, k) => `ping ${k}`));
    // 4 s of flooding at 500/s: about 40 burst + 20/s admitted, the rest dropped.
    expect(server.stats.bindingRequests).to.be.within(80, 140);
    expect(server.stats.dropped['rate-limited']).to.equal(2000 - server.stats.bindingRequests);
  });
});

describe('TURN server relay ports and relay failures', () => {
  it('tries other ports when relay ports are busy on the host instead of answering 508 (RFC 8656 §7.2)', () => {
    const w = turnWorld(8);
    const busy = [50000, 50001, 50002, 50003, 50004].map((p) => {
      const s = w.getHost('turn').createSocket();
      s.bind(p);
      return s;
    });
    const server = startServer(w, { relayPorts: { min: 50000, max: 50014 } });
    const ports: number[] = [];
    for (let k = 0; k < 10; k++) {
      const c = new RawClient(w, w.getHost(k % 2 ? 'bob' : 'alice'), 5000 + k);
      const auth: RawAuth = k % 2 ? { username: 'bob', password: 'hunter2', nonce: c.nonce() } : { username: 'alice', password: 'secret', nonce: c.nonce() };
      const r = c.call(c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), auth);
      expect(codeOf(r), `allocate ${k}`).to.equal(undefined);
      ports.push(r.get('XOR-RELAYED-ADDRESS')!.port);
    }
    expect([...ports].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 10 }, (_, i) => 50005 + i));
    expect(server.stats.relayPortsBusy).to.be.greaterThan(0);
    expect(busy).to.have.length(5);
  });

  it('counts a relay send that fails as a failure, not as relayed', () => {
    const w = turnWorld(2);
    const server = startServer(w);
    const { c } = client(w, 'alice');
    allocated(w, c);
    expect(complete(w, (cb) => c.createPermission(PEER_IP, cb))).to.equal(null);
    c.send({ address: PEER_IP, port: 7000 }, Buffer.from('ok'));
    w.runFor(100);
    expect(server.stats.relayedToPeers).to.equal(1);
    c.send({ address: PEER_IP, port: 0 }, Buffer.from('port 0 cannot be sent to'));
    w.runFor(100);
    expect(server.stats.relayedToPeers).to.equal(1);
    expect(server.stats.dropped['relay-failed']).to.equal(1);
    expect(w.sim.trace.counter('agent:turn-server:dropped')).to.equal(1);
  });
});

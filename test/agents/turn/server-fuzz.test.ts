import { expect } from 'chai';
import fc from 'fast-check';
import { encode, longTermKey, newTransactionId, StunMessage, StunMethod } from '../../../src/protocols/stun';
import { encodeChannelData } from '../../../src/protocols/turn';
import { classifyFromServer } from '../../../src/agents/turn';
import { Rng } from '../../../src/sim/rng';
import { PEER_IP, RawClient, startServer, turnWorld, type RawAuth } from './helpers';

/** A server with an allocated raw client on alice (channel 0x4000 and a permission for the peer host). */
function allocatedWorld() {
  const w = turnWorld(3);
  const server = startServer(w);
  const c = new RawClient(w, w.getHost('alice'), 5000);
  const auth: RawAuth = { username: 'alice', password: 'secret', nonce: c.nonce() };
  const peer = { family: 4 as const, address: PEER_IP, port: 7000 };
  const relayed = c.call(c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), auth).get('XOR-RELAYED-ADDRESS')!;
  c.call(c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', 0x4000).add('XOR-PEER-ADDRESS', peer), auth);
  return { w, server, c, auth, peer, relayed };
}

/** Valid messages of every kind the server handles, signed for alice, to mutate. */
function seeds(auth: RawAuth, peer: { family: 4; address: string; port: number }): Uint8Array[] {
  const rng = new Rng('seeds');
  const key = longTermKey(auth.username, 'sim.test', auth.password);
  const signed = (m: StunMessage) =>
    encode(m.add('USERNAME', auth.username).add('REALM', 'sim.test').add('NONCE', auth.nonce), { integrity: { key }, fingerprint: true });
  const req = (method: number) => StunMessage.request(method, newTransactionId(rng));
  return [
    signed(req(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17).add('LIFETIME', 900)),
    signed(req(StunMethod.Refresh).add('LIFETIME', 700)),
    signed(req(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', peer)),
    signed(req(StunMethod.ChannelBind).add('CHANNEL-NUMBER', 0x4001).add('XOR-PEER-ADDRESS', { ...peer, port: 7001 })),
    encode(StunMessage.indication(StunMethod.Send, newTransactionId(rng)).add('XOR-PEER-ADDRESS', peer).add('DATA', Uint8Array.of(1, 2, 3))),
    encode(req(StunMethod.Binding), { fingerprint: true }),
    encodeChannelData(0x4000, Uint8Array.of(9, 8, 7)),
  ];
}

/** A seed with byte flips, a truncation or an extension. */
const mutated = (pool: Uint8Array[]) =>
  fc
    .record({
      seed: fc.integer({ min: 0, max: pool.length - 1 }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat()),
      tail: fc.uint8Array({ maxLength: 12 }),
    })
    .map(({ seed, flips, cut, tail }) => {
      const base = pool[seed];
      const bytes = Uint8Array.from(base);
      for (const [at, v] of flips) bytes[at % bytes.length] = v;
      const end = cut === null ? bytes.length : cut % (bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, end), ...tail]);
    });

describe('TURN agents never crash on hostile bytes (fuzz)', () => {
  it('server: random and mutated datagrams from an allocated client and from peers cause no internal error', () => {
    const { w, server, c, auth, peer, relayed } = allocatedWorld();
    const pool = seeds(auth, peer);
    const peerSock = w.getHost('peer').createSocket();
    peerSock.bind(7000);
    const input = fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated(pool));
    const before = { client: server.stats.datagramsIn, peer: server.stats.peerDatagramsIn };
    const sent = { client: 0, peer: 0 };
    fc.assert(
      fc.property(input, fc.boolean(), (bytes, fromPeer) => {
        sent[fromPeer ? 'peer' : 'client']++;
        if (fromPeer) peerSock.send(bytes, relayed.port, relayed.address);
        else c.sendRaw(bytes);
        w.runFor(30);
        return server.stats.dropped['internal-error'] === undefined;
      }),
      { numRuns: 600, seed: 20240501 },
    );
    // every datagram was seen (none lost to an exception), then:
    expect([server.stats.datagramsIn - before.client, server.stats.peerDatagramsIn - before.peer]).to.deep.equal([sent.client, sent.peer]);
    expect(sent.client).to.be.greaterThan(200);
    // still serving: a Binding request is answered, and a fresh client can authenticate
    expect(c.call(c.request(StunMethod.Binding)).class).to.equal('success');
    const fresh = new RawClient(w, w.getHost('bob'));
    const ok = fresh.call(fresh.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), { username: 'bob', password: 'hunter2', nonce: fresh.nonce() });
    expect(ok.class).to.equal('success');
  });

  it('client: classifying any datagram from the server never throws', () => {
    const pool = seeds({ username: 'alice', password: 'secret', nonce: 'n' }, { family: 4, address: PEER_IP, port: 7000 });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated(pool)), (bytes) => {
        const v = classifyFromServer(bytes, (ch) => (ch === 0x4000 ? { address: PEER_IP, port: 7000 } : undefined));
        return ['data', 'drop', 'other'].includes(v.kind);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

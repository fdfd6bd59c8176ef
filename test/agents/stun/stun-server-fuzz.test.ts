import { expect } from 'chai';
import fc from 'fast-check';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { World } from '../../../src/net/world';
import { encode, shortTermKey, StunMessage, StunMethod } from '../../../src/protocols/stun';

/** A valid request to mutate: every RFC 5780 attribute, signed and fingerprinted. */
function seedRequest(): Uint8Array {
  const m = StunMessage.request(StunMethod.Binding, new Uint8Array(12).fill(7))
    .add('USERNAME', 'alice')
    .add('CHANGE-REQUEST', { changeIp: true, changePort: false })
    .add('RESPONSE-PORT', 6000)
    .add('SOFTWARE', 'fuzz');
  return encode(m, { integrity: { key: shortTermKey('pw') }, fingerprint: true });
}

describe('STUN Binding server under hostile input', () => {
  it('never throws and accounts for every datagram (random bytes, mutated requests)', () => {
    const world = new World({ trace: 'summary' });
    world.network('internet', '198.51.100.0/24');
    const host = world.host('stun', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }, { network: 'internet', ip: '198.51.100.2' }] });
    const client = world.host('client', { ifaces: [{ network: 'internet', ip: '198.51.100.10' }] });
    const server = new StunServer(host.env('stun-server'), {
      addresses: ['198.51.100.1', '198.51.100.2'], ports: [3478, 3479], shortTermCredentials: (u) => (u === 'alice' ? 'pw' : undefined),
    }).start();
    const sock = client.createSocket();
    sock.bind(5000);
    sock.on('message', () => undefined);
    const seed = seedRequest();
    let sent = 0;
    const mutated = fc.tuple(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(seed.length))
      .map(([edits, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [at, v] of edits) b[at] = v;
        return cut > 20 ? b.subarray(0, cut) : b;
      });
    const stunHeaded = fc.uint8Array({ minLength: 0, maxLength: 80 }).map((tail) => {
      const b = new Uint8Array(20 + tail.length - (tail.length % 4));
      b.set(Uint8Array.of(0, 1, (b.length - 20) >> 8, (b.length - 20) & 0xff, 0x21, 0x12, 0xa4, 0x42));
      b.set(tail.subarray(0, b.length - 20), 20);
      return b;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated, stunHeaded), fc.constantFrom(3478, 3479), (bytes, port) => {
      sock.send(bytes, port, '198.51.100.1');
      sent++;
      world.runFor(10);
      return true;
    }), { numRuns: 600, seed: 42 });
    const s = server.stats;
    expect(s.received).to.equal(sent);
    expect(s.success + s.indications + s.rejected).to.equal(s.received);
    expect(s.byReason['internal-error']).to.equal(0);
    expect(s.rejected).to.be.greaterThan(100);
    expect(s.byReason['not-stun'] + s.byReason.malformed).to.be.greaterThan(50);
    expect(s.success).to.be.greaterThan(0);
    expect(world.sim.trace.counter('agent:stun-server:rejected')).to.equal(s.rejected);
  });
});

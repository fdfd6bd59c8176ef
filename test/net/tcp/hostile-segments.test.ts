import { expect } from 'chai';
import fc from 'fast-check';
import { Datagram } from '../../../src/net/datagram';
import { IPPROTO_TCP } from '../../../src/net/tcp-header';
import { pattern, tcpPair } from './tcp-helpers';

describe('TCP under hostile segments', () => {
  it('never throws on random segments (any flags, seq, ack, window, MSS, data) at a listener and at a live connection, and leaves no TCB behind', () => {
    const segment = fc.record({
      toListener: fc.boolean(),
      flags: fc.integer({ min: 0, max: 255 }),
      seqOffset: fc.integer({ min: -70_000, max: 70_000 }),
      ack: fc.integer({ min: 0, max: 0xffffffff }),
      window: fc.integer({ min: 0, max: 65535 }),
      mss: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
      len: fc.integer({ min: 0, max: 2000 }),
    });
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 30 }), (segs) => {
        const { world, a, b } = tcpPair({}, {}, 4);
        const got: Buffer[] = [];
        b.createTcpServer().on('connection', (s) => s.on('data', (d) => got.push(d))).listen(80);
        b.createTcpServer().listen(81);
        const data = pattern(30_000);
        const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
        let errored = false;
        c.on('error', () => (errored = true));
        c.on('connect', () => c.end(data));
        world.runFor(12);
        const server = b.tcp().connection(0x0a000002, 80, 0x0a000001, c.localPort!);
        for (const s of segs) {
          const port = s.toListener ? 81 : 80;
          const seq = ((server?.receiver.nxt ?? 0) + s.seqOffset) >>> 0;
          // Forged as coming from the client's endpoint (so it hits the server's connection) or a stranger.
          const pkt = new Datagram(world.sim.packetId(), 0x0a000001, s.toListener ? 40000 : c.localPort!, 0x0a000002, port, 64,
            Buffer.alloc(s.len, 0x41), false, IPPROTO_TCP, { seq, ack: s.ack, flags: s.flags, window: s.window, ...(s.mss !== undefined ? { mss: s.mss } : {}) });
          expect(() => b.receive(pkt, b.ifaces[0]!)).to.not.throw();
        }
        expect(() => world.runFor(600_000)).to.not.throw();
        // Forged in-window data or RST may legitimately corrupt or kill the connection (blind injection works on
        // real TCP too); what must hold is that nothing throws and no TCB is left behind: every one closes or
        // times out.
        void got;
        void errored;
        expect(a.tcp().connectionCount + b.tcp().connectionCount).to.equal(0);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

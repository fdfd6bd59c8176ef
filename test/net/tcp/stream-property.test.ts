import { expect } from 'chai';
import fc from 'fast-check';
import type { LinkProps } from '../../../src/net/link-props';
import { pattern, tcpPair } from './tcp-helpers';

/** Link impairments for one direction. */
const impairments: fc.Arbitrary<LinkProps> = fc.record({
  loss: fc.double({ min: 0, max: 0.15, noNaN: true }),
  duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
  reorder: fc.double({ min: 0, max: 0.3, noNaN: true }),
  reorderDelay: fc.integer({ min: 1, max: 40 }),
  jitter: fc.integer({ min: 0, max: 15 }),
  latency: fc.integer({ min: 1, max: 30 }),
});

describe('TCP delivers the exact byte stream under any loss, reordering and duplication (property)', () => {
  it('both directions of an echo exchange arrive complete, in order, with nothing extra', () => {
    fc.assert(
      fc.property(impairments, impairments, fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 1, max: 5000 }), fc.integer(), (ab, ba, size, chunk, seed) => {
        const { world, a, b } = tcpPair(ab, ba, seed);
        b.createTcpServer().on('connection', (s) => s.on('data', (d) => s.write(d))).listen(7);
        const data = pattern(size, seed & 255);
        const echoed: Buffer[] = [];
        let ended = false;
        let error: string | undefined;
        const c = a.connectTcp({ host: '10.0.0.2', port: 7 });
        c.on('connect', () => {
          for (let i = 0; i < size; i += chunk) c.write(data.subarray(i, i + chunk));
          c.end();
        });
        c.on('data', (d) => echoed.push(d));
        c.on('end', () => (ended = true));
        c.on('error', (e) => (error = e.code));
        world.runFor(3_600_000);
        expect(error).to.equal(undefined);
        expect(ended).to.equal(true);
        expect(Buffer.concat(echoed).equals(data)).to.equal(true);
        expect(a.tcp().connectionCount + b.tcp().connectionCount).to.equal(0);
      }),
      { numRuns: 40, seed: 20261207 },
    );
  });
});

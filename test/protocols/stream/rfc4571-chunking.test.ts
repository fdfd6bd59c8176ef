/**
 * RFC 4571 framing as ICE-TCP uses it (RFC 6544 §3): whatever way TCP splits the stream, the decoder hands back the
 * exact packets (a seeded property test, beside the codec's own tests in rfc4571-framing.test.ts).
 */
import { expect } from 'chai';
import { encodeRfc4571, Rfc4571Decoder } from '../../../src/protocols/stream';

/** A small deterministic generator (LCG): no Math.random in tests either. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const hex = (p: Uint8Array) => Buffer.from(p).toString('hex');

describe('RFC 4571 framing over arbitrary TCP chunking', () => {
  it('delivers the exact packets in order for 200 seeded random packet sets and chunkings', () => {
    const rnd = lcg(4571);
    for (let round = 0; round < 200; round++) {
      const packets = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Uint8Array.from({ length: Math.floor(rnd() * 300) + 1 }, () => Math.floor(rnd() * 256)));
      const stream = Uint8Array.from(packets.flatMap((p) => [...encodeRfc4571(p)]));
      const d = new Rfc4571Decoder();
      const got: string[] = [];
      for (let at = 0; at < stream.byteLength; ) {
        const n = Math.max(1, Math.floor(rnd() * 64));
        expect(d.push(stream.subarray(at, at + n), (p) => got.push(hex(p)))).to.equal(undefined);
        at += n;
      }
      expect(got).to.deep.equal(packets.map(hex));
      expect(d.buffered).to.equal(0);
    }
  });

  it('delivers a packet split one byte at a time, including inside the length field', () => {
    const packet = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const frame = encodeRfc4571(packet);
    const d = new Rfc4571Decoder();
    const got: string[] = [];
    for (let i = 0; i < frame.byteLength; i++) d.push(frame.subarray(i, i + 1), (p) => got.push(hex(p)));
    expect(got).to.deep.equal([hex(packet)]);
  });
});

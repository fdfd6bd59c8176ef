/** RFC 4571 framing (16-bit length before each packet), as ICE-TCP uses it (RFC 6544 §3). */
import { expect } from 'chai';
import { frameRfc4571, Rfc4571Deframer, Rfc4571FrameError, RFC4571_MAX_PACKET } from '../../../src/protocols/ice';

/** A small deterministic generator (LCG) for the property test: no Math.random in tests either. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('RFC 4571 framing', () => {
  it('prefixes a packet with its length in network byte order', () => {
    expect([...frameRfc4571(bytes(1, 2, 3))]).to.deep.equal([0, 3, 1, 2, 3]);
    const big = frameRfc4571(new Uint8Array(0x1234));
    expect([big[0], big[1], big.byteLength]).to.deep.equal([0x12, 0x34, 0x1236]);
  });

  it('frames the largest packet (65535 bytes) and refuses a larger one', () => {
    expect(frameRfc4571(new Uint8Array(RFC4571_MAX_PACKET)).byteLength).to.equal(65537);
    expect(() => frameRfc4571(new Uint8Array(65536))).to.throw(Rfc4571FrameError, /65536 bytes/);
  });

  it('returns the packets of several frames delivered in one chunk, in order', () => {
    const d = new Rfc4571Deframer();
    const stream = Uint8Array.from([...frameRfc4571(bytes(9)), ...frameRfc4571(bytes(7, 7)), ...frameRfc4571(bytes(5, 5, 5))]);
    expect(d.push(stream).map((p) => [...p])).to.deep.equal([[9], [7, 7], [5, 5, 5]]);
    expect(d.bufferedBytes).to.equal(0);
  });

  it('waits for the rest of a frame split inside its length field and inside its packet', () => {
    const d = new Rfc4571Deframer();
    const frame = frameRfc4571(bytes(1, 2, 3, 4));
    expect(d.push(frame.subarray(0, 1))).to.deep.equal([]);
    expect(d.bufferedBytes).to.equal(1);
    expect(d.push(frame.subarray(1, 4))).to.deep.equal([]);
    expect(d.push(frame.subarray(4)).map((p) => [...p])).to.deep.equal([[1, 2, 3, 4]]);
  });

  it('skips and counts zero-length frames', () => {
    const d = new Rfc4571Deframer();
    expect(d.push(bytes(0, 0, 0, 1, 42, 0, 0)).map((p) => [...p])).to.deep.equal([[42]]);
    expect(d.emptyFrames).to.equal(2);
  });

  it('hands out copies: changing a returned packet or the pushed chunk changes nothing else', () => {
    const d = new Rfc4571Deframer();
    const chunk = Uint8Array.from([...frameRfc4571(bytes(1, 1)), 0]);
    const [p] = d.push(chunk);
    chunk.fill(0xff);
    p[0] = 0x55;
    expect([...d.push(bytes(1, 8))[0]]).to.deep.equal([8]);
  });

  it('delivers the exact packets for any split of the stream (200 seeded random chunkings)', () => {
    const rnd = lcg(4571);
    for (let round = 0; round < 200; round++) {
      const packets = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Uint8Array.from({ length: Math.floor(rnd() * 300) + 1 }, () => Math.floor(rnd() * 256)));
      const stream = Uint8Array.from(packets.flatMap((p) => [...frameRfc4571(p)]));
      const d = new Rfc4571Deframer();
      const got: Uint8Array[] = [];
      for (let at = 0; at < stream.byteLength; ) {
        const n = Math.max(1, Math.floor(rnd() * 64));
        got.push(...d.push(stream.subarray(at, at + n)));
        at += n;
      }
      expect(got.map((p) => Buffer.from(p).toString('hex'))).to.deep.equal(packets.map((p) => Buffer.from(p).toString('hex')));
      expect(d.bufferedBytes).to.equal(0);
    }
  });
});

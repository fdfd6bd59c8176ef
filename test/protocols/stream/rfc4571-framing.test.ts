import { expect } from 'chai';
import fc from 'fast-check';
import { ByteQueue, encodeRfc4571, Rfc4571Decoder } from '../../../src/protocols/stream';

function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}
function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('stream/rfc4571-framing (RFC 4571 §2: 16-bit length before each packet)', () => {
  it('prefixes a packet with its big-endian length', () => {
    expect(toHex(encodeRfc4571(hex('0102030405')))).to.equal('00050102030405');
    expect(toHex(encodeRfc4571(new Uint8Array(0x1234)).subarray(0, 2))).to.equal('1234');
  });

  it('refuses a packet longer than 65535 bytes', () => {
    expect(() => encodeRfc4571(new Uint8Array(0x10000))).to.throw(RangeError, /RFC 4571/);
  });

  it('splits packets back out however the stream is chunked (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 50 }), (packets, step) => {
        const stream = Buffer.concat(packets.map((p) => encodeRfc4571(p)));
        const d = new Rfc4571Decoder();
        const got: string[] = [];
        for (let i = 0; i < stream.length; i += step) {
          expect(d.push(stream.subarray(i, i + step), (p) => got.push(toHex(p)))).to.equal(undefined);
        }
        expect(got).to.deep.equal(packets.map(toHex));
        expect(d.buffered).to.equal(0);
      }),
    );
  });

  it('stops on a length above maxLength and ignores what follows', () => {
    const d = new Rfc4571Decoder({ maxLength: 1500 });
    const got: Uint8Array[] = [];
    expect(d.push(hex('0002aabb'), (p) => got.push(p))).to.equal(undefined);
    expect(d.push(hex('ffff00'), (p) => got.push(p))).to.include({ code: 'frame-too-long', offset: 4 });
    expect(d.push(hex('0001aa'), (p) => got.push(p))?.code).to.equal('frame-too-long');
    expect(got.map(toHex)).to.deep.equal(['aabb']);
  });

  it('treats a zero length as an error unless allowEmpty', () => {
    expect(new Rfc4571Decoder().push(hex('0000'), () => undefined)?.code).to.equal('empty-frame');
    const got: Uint8Array[] = [];
    expect(new Rfc4571Decoder({ allowEmpty: true }).push(hex('00000001ff'), (p) => got.push(p))).to.equal(undefined);
    expect(got.map(toHex)).to.deep.equal(['', 'ff']);
  });
});

describe('stream/byte-queue', () => {
  it('peeks and takes across chunk boundaries and tracks the stream offset', () => {
    const q = new ByteQueue();
    q.push(hex('0102'));
    q.push(hex('03'));
    q.push(hex('040506'));
    expect(q.peekUint32(1)).to.equal(0x02030405);
    expect(toHex(q.take(4))).to.equal('01020304');
    expect(q.offset).to.equal(4);
    expect(q.length).to.equal(2);
    expect(toHex(q.take(2))).to.equal('0506');
    expect(() => q.take(1)).to.throw(RangeError);
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import { encode, StunMessage, StunMethod } from '../../../src/protocols/stun';
import {
  encodeChannelData,
  encodeStreamChannelData,
  padForStream,
  TurnStreamDecoder,
  type TurnStreamFrame,
} from '../../../src/protocols/turn';
import { hex, toHex } from './helpers';

/** A Binding request with a fixed transaction id and SOFTWARE of `n` characters. */
function stun(n: number): Uint8Array {
  const msg = StunMessage.request(StunMethod.Binding, new Uint8Array(12).fill(n));
  if (n > 0) msg.add('SOFTWARE', 'x'.repeat(n));
  return encode(msg, { fingerprint: true });
}

/** Feeds `chunks` and returns [kind, hex] per frame and the error code, if any. */
function feed(chunks: Uint8Array[], decoder = new TurnStreamDecoder()): { frames: [string, string][]; error?: string } {
  const frames: [string, string][] = [];
  let error: string | undefined;
  for (const c of chunks) {
    const e = decoder.push(c, (f: TurnStreamFrame) => frames.push([f.kind, toHex(f.bytes)]));
    if (e) error = e.code;
  }
  return error ? { frames, error } : { frames };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('turn/stream-framing (RFC 8656 §3.1, §12.5: STUN and ChannelData on a TCP/TLS stream)', () => {
  it('pads ChannelData to 4 bytes for a stream and leaves STUN (always aligned) alone', () => {
    expect(toHex(encodeStreamChannelData(0x4000, hex('010203')))).to.equal('4000000301020300');
    expect(toHex(padForStream(encodeChannelData(0x4001, hex('01'))))).to.equal('4001000101000000');
    const s = stun(3);
    expect(padForStream(s)).to.equal(s);
  });

  it('cuts a STUN message, a padded ChannelData and another STUN message from one chunk', () => {
    const a = stun(1);
    const b = stun(6);
    const r = feed([concat([a, encodeStreamChannelData(0x4000, hex('010203')), b])]);
    expect(r).to.deep.equal({ frames: [['stun', toHex(a)], ['channel-data', '40000003010203'], ['stun', toHex(b)]] });
  });

  it('delivers ChannelData without its padding, and an empty ChannelData (length 0) too', () => {
    const r = feed([concat([encodeStreamChannelData(0x4fff, new Uint8Array(0)), encodeStreamChannelData(0x4001, hex('aabbccdd'))])]);
    expect(r).to.deep.equal({ frames: [['channel-data', '4fff0000'], ['channel-data', '40010004aabbccdd']] });
  });

  it('waits for the padding of a ChannelData message before delivering it', () => {
    const d = new TurnStreamDecoder();
    const got: TurnStreamFrame[] = [];
    d.push(hex('4000000301020300').subarray(0, 7), (f) => got.push(f));
    expect(got).to.have.length(0);
    expect(d.buffered).to.equal(7);
    d.push(hex('00'), (f) => got.push(f));
    expect(got.map((f) => toHex(f.bytes))).to.deep.equal(['40000003010203']);
    expect(d.buffered).to.equal(0);
  });

  it('frames the same messages however the stream is chunked (property: any split points)', () => {
    const stream = concat([stun(0), encodeStreamChannelData(0x4000, hex('01')), stun(5), encodeStreamChannelData(0x4abc, new Uint8Array(300).fill(7)), stun(40)]);
    const whole = feed([stream]);
    expect(whole.frames).to.have.length(5);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((x, y) => x - y), stream.length];
        const chunks = points.slice(1).map((end, i) => stream.slice(points[i], end));
        expect(feed(chunks)).to.deep.equal(whole);
      }),
    );
  });

  it('frames a 65535-byte ChannelData fed one byte at a time (linear buffering)', () => {
    const big = encodeStreamChannelData(0x4000, new Uint8Array(0xffff).fill(9));
    const d = new TurnStreamDecoder();
    let frame: TurnStreamFrame | undefined;
    for (let i = 0; i < big.length; i++) d.push(big.subarray(i, i + 1), (f) => (frame = f));
    expect(frame?.bytes.length).to.equal(4 + 0xffff);
    expect(frame?.bytes[4 + 0xfffe]).to.equal(9);
  });

  const hostile: [string, string, string][] = [
    ['a first byte with the top bit set (0x80: RTP, DTLS or garbage)', '80000000', 'bad-first-byte'],
    ['a first byte 0xff', 'ff', 'bad-first-byte'],
    ['a STUN header without the magic cookie', '000100000000000000000000000000000000000000', 'bad-magic-cookie'],
    ['a STUN length that is not a multiple of 4', '0001000321 12a442 000000000000000000000000 000000', 'bad-stun-length'],
    ['a legacy channel 0x5000 when only RFC 8656 numbers are accepted', '50000001aa000000', 'bad-channel-number'],
    ['a TLS ClientHello sent to the plain TCP port (0x16: STUN-shaped, no cookie)', '16030100f4010000f00303aabbccdd', 'bad-magic-cookie'],
    ['an HTTP POST on the TURN port (0x50: a legacy channel number)', '504f5354202f20485454502f312e31', 'bad-channel-number'],
  ];
  for (const [story, bytes, code] of hostile) {
    it(`stops with '${code}' on ${story}, and ignores everything after it`, () => {
      const d = new TurnStreamDecoder();
      const r = feed([hex(bytes.replace(/ /g, '')), stun(1)], d);
      expect(r.error).to.equal(code);
      expect(r.frames).to.deep.equal([]);
      expect(d.error?.code).to.equal(code);
      expect(d.buffered, 'nothing kept after an error').to.equal(0);
    });
  }

  it('reports the stream offset of the bad message (after the good ones)', () => {
    const good = stun(2);
    const d = new TurnStreamDecoder();
    const frames: TurnStreamFrame[] = [];
    const err = d.push(concat([good, hex('c0ffee00')]), (f) => frames.push(f));
    expect(frames).to.have.length(1);
    expect(err).to.include({ code: 'bad-first-byte', offset: good.length });
  });

  it('accepts legacy channels 0x5000-0x7FFF with legacyChannelNumbers (RFC 5766 clients such as turnutils_uclient)', () => {
    expect(feed([hex('7fff0001aa000000')], new TurnStreamDecoder({ legacyChannelNumbers: true }))).to.deep.equal({ frames: [['channel-data', '7fff0001aa']] });
  });

  it('refuses a message above maxMessageSize before buffering it', () => {
    const d = new TurnStreamDecoder({ maxMessageSize: 100 });
    expect(d.push(hex('400000ff'), () => undefined)?.code).to.equal('too-large');
    const e = new TurnStreamDecoder({ maxMessageSize: 100 });
    expect(e.push(stun(100), () => undefined)?.code).to.equal('too-large');
  });

  it('never throws on random bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const d = new TurnStreamDecoder({ legacyChannelNumbers: true });
        for (const c of chunks) d.push(c, () => undefined);
      }),
    );
  });
});

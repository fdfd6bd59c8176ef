import { expect } from 'chai';
import fc from 'fast-check';
import {
  ChannelNumberError,
  channelDataSize,
  decodeChannelData,
  encodeChannelData,
  isChannelData,
} from '../../../src/protocols/turn';
import { hex, toHex } from './helpers';

describe('turn/channel-data (RFC 8656 §12.4-§12.6)', () => {
  describe('encodeChannelData', () => {
    const vectors: [string, number, string, boolean, string][] = [
      ['the derived vector: channel 0x4000, data 010203', 0x4000, '010203', false, '40000003010203'],
      ['the same padded to 4 for TCP (§12.5)', 0x4000, '010203', true, '4000000301020300'],
      ['an empty payload (length 0 is valid, §12.4)', 0x4fff, '', false, '4fff0000'],
      ['an aligned payload gets no padding', 0x4001, 'deadbeef', true, '40010004deadbeef'],
    ];
    for (const [story, channel, data, padTo4, expected] of vectors) {
      it(`encodes ${story}`, () => {
        expect(toHex(encodeChannelData(channel, hex(data), { padTo4 }))).to.equal(expected);
      });
    }

    for (const bad of [0x3fff, 0x5000, 0x7fff, 0x8000, -1, 0x4000 + 0.5, NaN]) {
      it(`refuses to encode channel ${bad} outside 0x4000-0x4FFF with a ChannelNumberError`, () => {
        expect(() => encodeChannelData(bad, hex('00'))).to.throw(ChannelNumberError, /0x4000-0x4FFF/);
      });
    }

    it('encodes the RFC 5766 range 0x5000-0x7FFF only when legacyRange is asked for', () => {
      expect(toHex(encodeChannelData(0x7fff, hex('01'), { legacyRange: true }))).to.equal('7fff000101');
      expect(() => encodeChannelData(0x8000, hex('01'), { legacyRange: true })).to.throw(ChannelNumberError);
    });

    it('refuses more data than the 16-bit length field can say', () => {
      expect(() => encodeChannelData(0x4000, new Uint8Array(0x10000))).to.throw(ChannelNumberError, /65535/);
      expect(encodeChannelData(0x4000, new Uint8Array(0xffff)).length).to.equal(0xffff + 4);
    });

    it('sizes messages with and without padding', () => {
      expect([0, 1, 3, 4].map((n) => channelDataSize(n, true))).to.deep.equal([4, 8, 8, 8]);
      expect(channelDataSize(3, false)).to.equal(7);
    });
  });

  describe('decodeChannelData', () => {
    it('decodes the vector 40000003 010203', () => {
      const r = decodeChannelData(hex('40000003 010203'));
      expect(r).to.deep.include({ ok: true, channel: 0x4000, legacyRange: false, padding: 0 });
      if (r.ok) expect(toHex(r.data)).to.equal('010203');
    });

    it('accepts up to 3 padding bytes of any value and excludes them from data (§12.5)', () => {
      const r = decodeChannelData(hex('40000003 010203ff'));
      expect(r.ok && toHex(r.data)).to.equal('010203');
      expect(r.ok && r.padding).to.equal(1);
    });

    it('accepts RFC 5766 channels 0x5000-0x7FFF on receive and flags them', () => {
      const r = decodeChannelData(hex('7fff0001 aa'));
      expect(r).to.deep.include({ ok: true, channel: 0x7fff, legacyRange: true });
    });

    const rejects: [string, string, string, number][] = [
      ['an empty payload', '', 'truncated-header', 0],
      ['a 3-byte header', '400000', 'truncated-header', 3],
      ['a STUN message (channel below 0x4000)', '00010000 2112a442', 'not-channel-data', 0],
      ['channel 0x3FFF', '3fff0000', 'not-channel-data', 0],
      ['a reserved channel 0x8000 (RTP range)', '80000000', 'reserved-channel', 0],
      ['channel 0xFFFF', 'ffff0000', 'reserved-channel', 0],
      ['a datagram shorter than 4 + length (§12.6)', '40000004 010203', 'truncated-data', 7],
      ['a length of 65535 with no data', '4000ffff', 'truncated-data', 4],
      ['4 bytes after the data (more than padding)', '40000001 01 00000000', 'trailing-bytes', 8],
    ];
    for (const [story, bytes, code, offset] of rejects) {
      it(`rejects ${story} as ${code} at offset ${offset}`, () => {
        const r = decodeChannelData(hex(bytes));
        expect(r.ok).to.equal(false);
        if (!r.ok) {
          expect(r.error.code).to.equal(code);
          expect(r.error.offset).to.equal(offset);
          expect(r.error.message).to.be.a('string').and.not.equal('');
        }
      });
    }
  });

  it('returns an error, not an exception, for input that is not bytes at all', () => {
    for (const junk of [undefined, null, 'abcd', 42, {}]) {
      expect(decodeChannelData(junk as never)).to.deep.include({ ok: false });
      expect(isChannelData(junk as never)).to.equal(false);
    }
  });

  describe('isChannelData (RFC 7983 demultiplexing)', () => {
    const cases: [number, boolean][] = [
      [0, false], [3, false], [63, false], [64, true], [79, true], [80, false], [128, false], [255, false],
    ];
    for (const [first, expected] of cases) {
      it(`${expected ? 'matches' : 'does not match'} a payload starting with byte ${first}`, () => {
        expect(isChannelData(Uint8Array.of(first, 0, 0, 0))).to.equal(expected);
      });
    }
    it('does not match an empty payload', () => expect(isChannelData(new Uint8Array(0))).to.equal(false));
  });

  describe('properties', () => {
    it('never throws on arbitrary bytes and only accepts well-formed messages', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
          const r = decodeChannelData(bytes);
          if (r.ok) {
            const len = (bytes[2] << 8) | bytes[3];
            expect(r.data.length).to.equal(len);
            expect(bytes.length - 4 - len).to.be.within(0, 3);
            expect(r.channel).to.be.within(0x4000, 0x7fff);
          } else {
            expect(r.error.offset).to.be.within(0, bytes.length);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('round-trips every bindable channel and payload, padded or not', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0x4000, max: 0x4fff }),
          fc.uint8Array({ maxLength: 300 }),
          fc.boolean(),
          (channel, data, padTo4) => {
            const bytes = encodeChannelData(channel, data, { padTo4 });
            expect(isChannelData(bytes)).to.equal(true);
            expect(bytes.length % 4 === 0 || !padTo4).to.equal(true);
            const r = decodeChannelData(bytes);
            expect(r.ok && r.channel).to.equal(channel);
            expect(r.ok && toHex(r.data)).to.equal(toHex(data));
          },
        ),
        { numRuns: 500 },
      );
    });

    it('rejects every truncation of a valid message as truncated, never throwing', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (data, cut) => {
          const bytes = encodeChannelData(0x4123, data);
          const short = bytes.subarray(0, cut % bytes.length);
          const r = decodeChannelData(short);
          expect(r.ok).to.equal(false);
          if (!r.ok) expect(r.error.code).to.be.oneOf(['truncated-header', 'truncated-data']);
        }),
        { numRuns: 300 },
      );
    });
  });
});

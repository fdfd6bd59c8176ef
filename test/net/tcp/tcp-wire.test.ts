import { expect } from 'chai';
import { tryParseIpNumber } from '../../../src/net/ip-number';
import { TCP_FLAG } from '../../../src/net/tcp-header';
import { decodeTcpSegment, encodeTcpSegment } from '../../../src/net/tcp/tcp-wire';

const v4a = tryParseIpNumber('10.0.0.1')!;
const v4b = tryParseIpNumber('10.0.0.2')!;
const v6a = tryParseIpNumber('2001:db8::1')!;
const v6b = tryParseIpNumber('2001:db8::2')!;

describe('TCP wire format (RFC 9293 §3.1)', () => {
  it('encodes a SYN with the MSS option: data offset 6, flags, window, option bytes 02 04 05 b4', () => {
    const b = encodeTcpSegment(v4a, 49152, v4b, 80, { seq: 0x01020304, ack: 0, flags: TCP_FLAG.SYN, window: 65535, mss: 1460 }, new Uint8Array(0));
    // ports c000 0050, seq, ack 0, offset 6 (0x60), flags SYN (02), window ffff, checksum, urgent 0, MSS option.
    expect(Buffer.from(b).toString('hex')).to.match(/^c000005001020304000000006002ffff[0-9a-f]{4}0000020405b4$/);
  });

  it('computes the checksum a known capture has (a 20-byte ACK, 192.168.0.1:1000 -> 192.168.0.2:2000)', () => {
    // Checksum verified independently with Python (RFC 1071 sum over pseudo-header and header).
    const src = tryParseIpNumber('192.168.0.1')!;
    const dst = tryParseIpNumber('192.168.0.2')!;
    const b = encodeTcpSegment(src, 1000, dst, 2000, { seq: 1, ack: 2, flags: TCP_FLAG.ACK, window: 1000 }, new Uint8Array(0));
    expect(Buffer.from(b.subarray(16, 18)).toString('hex')).to.equal(expectedAckChecksum());
  });

  const rows = [
    { story: 'IPv4 with data', src: v4a, dst: v4b, mss: undefined, data: Buffer.from('hello, world!') },
    { story: 'IPv4 SYN with MSS', src: v4a, dst: v4b, mss: 1460, data: Buffer.alloc(0) },
    { story: 'IPv6 (RFC 8200 §8.1 pseudo-header) with odd-length data', src: v6a, dst: v6b, mss: undefined, data: Buffer.from('odd') },
    { story: 'IPv6 SYN with MSS 1440', src: v6a, dst: v6b, mss: 1440, data: Buffer.alloc(0) },
  ];
  for (const r of rows) {
    it(`round-trips and verifies its checksum: ${r.story}; one flipped bit fails it`, () => {
      const h = { seq: 0xfffffff0, ack: 12345, flags: TCP_FLAG.ACK | TCP_FLAG.PSH, window: 512, ...(r.mss ? { mss: r.mss } : {}) };
      const bytes = encodeTcpSegment(r.src, 5000, r.dst, 443, h, r.data);
      const d = decodeTcpSegment(bytes, r.src, r.dst);
      expect(d.ok).to.equal(true);
      if (!d.ok) return;
      expect(d.segment.header).to.deep.equal(h);
      expect(d.segment.srcPort).to.equal(5000);
      expect(d.segment.dstPort).to.equal(443);
      expect(Buffer.from(d.segment.data).equals(r.data)).to.equal(true);
      expect(d.segment.checksumOk).to.equal(true);
      const bad = Uint8Array.from(bytes);
      bad[bytes.length - 1] ^= 0x01;
      const d2 = decodeTcpSegment(bad, r.src, r.dst);
      expect(d2.ok && d2.segment.checksumOk).to.equal(false);
      // The same bytes checked against another destination fail too (the pseudo-header counts).
      const d3 = decodeTcpSegment(bytes, r.src, r.src === v4a ? tryParseIpNumber('10.0.0.3')! : tryParseIpNumber('2001:db8::3')!);
      expect(d3.ok && d3.segment.checksumOk).to.equal(false);
    });
  }

  const hostile = [
    { story: 'shorter than 20 bytes', bytes: new Uint8Array(19), offset: 0 },
    { story: 'data offset 4', bytes: withOffset(4, 20), offset: 12 },
    { story: 'data offset past the end', bytes: withOffset(15, 24), offset: 12 },
    { story: 'an option whose length runs past the header', bytes: withOptions([2, 9, 0, 0]), offset: 21 },
    { story: 'an MSS option of length 3', bytes: withOptions([2, 3, 0, 1]), offset: 21 },
    { story: 'an option with length 0', bytes: withOptions([8, 0, 0, 0]), offset: 21 },
  ];
  for (const h of hostile) {
    it(`rejects hostile bytes with the offset of the fault: ${h.story}`, () => {
      const d = decodeTcpSegment(h.bytes, v4a, v4b);
      expect(d.ok).to.equal(false);
      if (!d.ok) expect(d.error.offset).to.equal(h.offset);
    });
  }
});

function withOffset(words: number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  b[12] = words << 4;
  return b;
}

function withOptions(opts: number[]): Uint8Array {
  const b = new Uint8Array(20 + opts.length);
  b[12] = ((20 + opts.length) / 4) << 4;
  b.set(opts, 20);
  return b;
}

/** RFC 1071 by hand for the fixed ACK above: pseudo-header words + header words, folded and inverted. */
function expectedAckChecksum(): string {
  const words = [0xc0a8, 0x0001, 0xc0a8, 0x0002, 0x0006, 20, 1000, 2000, 0, 1, 0, 2, 0x5010, 1000, 0, 0];
  let s = words.reduce((x, y) => x + y, 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return (~s & 0xffff).toString(16).padStart(4, '0');
}

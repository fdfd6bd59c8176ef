/** decode(): structured errors with offsets, unknown attributes, duplicates and RFC 8489 §14.5 ignoring rules. */
import { expect } from 'chai';
import {
  decode,
  DecodedStunMessage,
  encode,
  shortTermKey,
  StunDecodeErrorCode,
  StunMessage,
  StunMethod,
  verifyFingerprint,
  verifyIntegrity,
} from '../../../src/protocols/stun';
import { hex, toHex } from './hex';

const TXID = hex('b7e7a701bc34d686fa87dfae');

/** A Binding request header for a body of `body` bytes, followed by the body. */
function message(body: string, type = '0001'): Uint8Array {
  const b = hex(body);
  return Uint8Array.from([...hex(`${type}${b.length.toString(16).padStart(4, '0')}2112a442`), ...TXID, ...b]);
}

function decodeOk(bytes: Uint8Array): DecodedStunMessage {
  const r = decode(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.message;
}

describe('decode errors', () => {
  const valid = message('80220004 74657374');
  const cases: { story: string; bytes: Uint8Array; code: StunDecodeErrorCode; offset: number; header: boolean }[] = [
    { story: 'fewer than 20 bytes', bytes: valid.subarray(0, 19), code: 'too-short', offset: 0, header: false },
    { story: 'top two bits set (ChannelData 0x4000)', bytes: hex('40000004 01020304 00000000 00000000 00000000'), code: 'not-stun', offset: 0, header: false },
    {
      story: 'RFC 3489 message without the magic cookie',
      bytes: hex('00010000 00000000 00000000 00000000 00000000'),
      code: 'bad-magic-cookie',
      offset: 4,
      header: false,
    },
    { story: 'length not a multiple of 4', bytes: hex('00010003 2112a442 b7e7a701bc34d686fa87dfae 000000'), code: 'bad-length', offset: 2, header: false },
    { story: 'header length longer than the datagram', bytes: valid.subarray(0, 24), code: 'bad-length', offset: 2, header: false },
    { story: 'trailing bytes after the declared length', bytes: Uint8Array.from([...valid, 0, 0, 0, 0]), code: 'bad-length', offset: 2, header: false },
    { story: 'attribute value running past the end', bytes: message('80220008 74657374'), code: 'truncated-attribute', offset: 20, header: true },
    {
      story: 'XOR-MAPPED-ADDRESS of the wrong size',
      bytes: message('80220004 74657374 00200007 0001f523 ea12d500'),
      code: 'bad-attribute',
      offset: 28,
      header: true,
    },
    {
      story: 'address family 0x03',
      bytes: message('00200008 0003f523 ea12d547'),
      code: 'unsupported-address-family',
      offset: 20,
      header: true,
    },
    {
      story: 'REQUESTED-ADDRESS-FAMILY 0x05 (server answers 440)',
      bytes: message('00170004 05000000', '0003'),
      code: 'unsupported-address-family',
      offset: 20,
      header: true,
    },
    { story: 'ERROR-CODE class 2', bytes: message('00090004 00000214'), code: 'bad-attribute', offset: 20, header: true },
    { story: 'USERNAME that is not UTF-8', bytes: message('00060002 c3280000'), code: 'bad-attribute', offset: 20, header: true },
    { story: 'MESSAGE-INTEGRITY of 16 bytes', bytes: message(`00080010 ${'00'.repeat(16)}`), code: 'bad-attribute', offset: 20, header: true },
  ];
  for (const c of cases) {
    it(`reports ${c.code} at offset ${c.offset} for ${c.story}`, () => {
      const r = decode(c.bytes);
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.error.code).to.equal(c.code);
      expect(r.error.offset).to.equal(c.offset);
      expect(r.error.message).to.be.a('string').and.not.equal('');
      expect(r.error.header !== undefined).to.equal(c.header);
    });
  }

  it('gives the request header with an attribute error so a server can answer 400 to the right transaction', () => {
    const r = decode(message('00200007 0001f523 ea12d500', '0001'));
    if (r.ok) throw new Error('expected failure');
    expect(r.error.header?.class).to.equal('request');
    expect(r.error.header?.method).to.equal(StunMethod.Binding);
    expect(toHex(r.error.header!.transactionId)).to.equal(toHex(TXID));
    expect(r.error.attributeType).to.equal(0x0020);
  });

  it('returns an error for a non-Uint8Array input instead of throwing', () => {
    expect(decode('nope' as unknown as Uint8Array).ok).to.equal(false);
  });
});

describe('decode attribute handling', () => {
  it('reports unknown comprehension-required types once each, in order, and keeps them raw', () => {
    const msg = decodeOk(message('7001 0001 aa000000 0099 0000 7001 0000'));
    expect(msg.unknownRequired).to.deep.equal([0x7001, 0x0099]);
    expect(msg.attributes.map((a) => [a.name, a.type])).to.deep.equal([
      [undefined, 0x7001],
      [undefined, 0x0099],
      [undefined, 0x7001],
    ]);
    expect(toHex(msg.getRaw(0x7001)!)).to.equal('aa');
  });

  it('keeps unknown comprehension-optional attributes raw without reporting them', () => {
    const msg = decodeOk(message('c0010003 01020300'));
    expect(msg.unknownRequired).to.deep.equal([]);
    expect(toHex(msg.getRaw(0xc001)!)).to.equal('010203');
  });

  it('uses only the first of duplicate attributes in get, and all of them in getAll', () => {
    const built = new StunMessage('request', StunMethod.CreatePermission, TXID)
      .add('XOR-PEER-ADDRESS', { family: 4, address: '198.51.100.1', port: 1 })
      .add('XOR-PEER-ADDRESS', { family: 4, address: '198.51.100.2', port: 2 })
      .add('XOR-PEER-ADDRESS', { family: 6, address: '2001:db8::3', port: 3 });
    const msg = decodeOk(encode(built));
    expect(msg.get('XOR-PEER-ADDRESS')).to.deep.equal({ family: 4, address: '198.51.100.1', port: 1 });
    expect(msg.getAll('XOR-PEER-ADDRESS').map((a) => a.address)).to.deep.equal(['198.51.100.1', '198.51.100.2', '2001:db8::3']);
  });

  it('ignores attributes after MESSAGE-INTEGRITY except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (RFC 8489 §14.5)', () => {
    const key = shortTermKey('pw');
    const protectedBytes = encode(new StunMessage('request', 1, TXID).add('USERNAME', 'a:b'), { integrity: { key } });
    // Append SOFTWARE and an unknown required attribute after MI, then FINGERPRINT-less: patch the header length.
    const extra = hex('80220004 65766c21 70000000');
    const bytes = Uint8Array.from([...protectedBytes, ...extra]);
    bytes[3] += extra.length;
    const msg = decodeOk(bytes);
    expect(msg.get('SOFTWARE')).to.equal(undefined);
    expect(msg.unknownRequired).to.deep.equal([]);
    expect(msg.ignoredAttributes.map((a) => a.type)).to.deep.equal([0x8022, 0x7000]);
    expect(verifyIntegrity(msg, key)).to.equal(true);
  });

  it('ignores everything after FINGERPRINT, and then the fingerprint does not verify (it must be last)', () => {
    const bytes = encode(new StunMessage('indication', 1, TXID), { fingerprint: true });
    const extra = hex('80220004 65766c21');
    const longer = Uint8Array.from([...bytes, ...extra]);
    longer[3] += extra.length;
    const msg = decodeOk(longer);
    expect(msg.ignoredAttributes.map((a) => a.type)).to.deep.equal([0x8022]);
    expect(verifyFingerprint(msg)).to.equal(false);
    expect(verifyFingerprint(decodeOk(bytes))).to.equal(true);
  });

  it('records each attribute offset and declared length', () => {
    const msg = decodeOk(message('80220005 7465737421000000 00250000'));
    expect(msg.attributes.map((a) => [a.offset, a.length])).to.deep.equal([
      [20, 5],
      [32, 0],
    ]);
  });

  it('copies the input, so later changes to the caller buffer do not alter the message', () => {
    const bytes = message('80220004 74657374');
    const msg = decodeOk(bytes);
    bytes.fill(0);
    expect(msg.get('SOFTWARE')).to.equal('test');
    expect(msg.bytes[4]).to.equal(0x21);
  });

  it('decodes a Node Buffer that is a slice at a non-zero offset of a larger buffer', () => {
    const inner = Buffer.concat([Buffer.from('deadbeef00', 'hex'), Buffer.from(message('80220004 74657374'))]).subarray(5);
    expect(inner.byteOffset).to.not.equal(0);
    expect(decodeOk(inner).get('SOFTWARE')).to.equal('test');
  });

  it('accepts any padding byte values (RFC 8489 §14)', () => {
    expect(decodeOk(message('80220001 74ffffff')).get('SOFTWARE')).to.equal('t');
  });
});

/** MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT on messages we build. */
import { expect } from 'chai';
import { createHmac } from 'crypto';
import {
  ATTRIBUTE_CODE,
  computeFingerprint,
  decode,
  DecodedStunMessage,
  encode,
  EncodeInit,
  longTermKey,
  shortTermKey,
  StunEncodeError,
  StunMessage,
  verifyFingerprint,
  verifyIntegrity,
} from '../../../src/protocols/stun';
import { hex, toHex } from './hex';

const TXID = hex('0102030405060708090a0b0c');

function build(): StunMessage {
  return new StunMessage('request', 1, TXID).add('USERNAME', 'bob:alice').add('PRIORITY', 0x6effffff);
}

function roundTrip(options: EncodeInit): DecodedStunMessage {
  const r = decode(encode(build(), options));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.message;
}

describe('integrity and fingerprint', () => {
  const key = shortTermKey('secret-password');

  it('writes MESSAGE-INTEGRITY, then MESSAGE-INTEGRITY-SHA256, then FINGERPRINT when all are requested', () => {
    const msg = roundTrip({ integrity: { key, algorithm: ['sha256', 'sha1'] }, fingerprint: true });
    expect(msg.attributes.slice(-3).map((a) => a.name)).to.deep.equal([
      'MESSAGE-INTEGRITY',
      'MESSAGE-INTEGRITY-SHA256',
      'FINGERPRINT',
    ]);
    expect(verifyIntegrity(msg, key, 'sha1')).to.equal(true);
    expect(verifyIntegrity(msg, key, 'sha256')).to.equal(true);
    expect(verifyFingerprint(msg)).to.equal(true);
  });

  it('verifies each MAC with the header length pointing at its own end', () => {
    const msg = roundTrip({ integrity: { key, algorithm: ['sha1', 'sha256'] } });
    const mi = msg.locate(ATTRIBUTE_CODE['MESSAGE-INTEGRITY'])!;
    expect(mi.offset + 24).to.equal(msg.locate(ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'])!.offset);
    expect(verifyIntegrity(msg, key)).to.equal(true); // 'auto' picks SHA-256
  });

  it('defaults to MESSAGE-INTEGRITY (HMAC-SHA1)', () => {
    const msg = roundTrip({ integrity: { key } });
    expect(msg.has('MESSAGE-INTEGRITY')).to.equal(true);
    expect(msg.has('MESSAGE-INTEGRITY-SHA256')).to.equal(false);
    expect(verifyIntegrity(msg, key)).to.equal(true);
  });

  it('fails integrity for a different key and when the attribute is absent', () => {
    expect(verifyIntegrity(roundTrip({ integrity: { key } }), shortTermKey('other'))).to.equal(false);
    expect(verifyIntegrity(roundTrip({ fingerprint: true }), key)).to.equal(false);
    expect(verifyIntegrity(roundTrip({ integrity: { key } }), key, 'sha256')).to.equal(false);
  });

  it('fails integrity when a byte before MESSAGE-INTEGRITY changes, even inside padding', () => {
    const bytes = encode(build(), { integrity: { key } });
    // USERNAME "bob:alice" is 9 bytes: padding bytes at 20 + 4 + 9 .. 20 + 4 + 11.
    const tampered = Uint8Array.from(bytes);
    tampered[34] = 0xff;
    const r = decode(tampered);
    if (!r.ok) throw new Error('decode failed');
    expect(r.message.get('USERNAME')).to.equal('bob:alice');
    expect(verifyIntegrity(r.message, key)).to.equal(false);
  });

  it('verifies a truncated MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6 allows 16..32 bytes)', () => {
    const full = roundTrip({ integrity: { key, algorithm: 'sha256' } });
    const bytes = Uint8Array.from(full.bytes);
    const at = full.locate(ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'])!.offset;
    // Re-MAC as if the attribute were 16 bytes long: rebuild the message with the truncated HMAC.
    const prefix = Uint8Array.from(bytes.subarray(0, at));
    const body = at - 20 + 4 + 16;
    prefix[2] = body >> 8;
    prefix[3] = body & 0xff;
    const mac = createHmac('sha256', key).update(prefix).digest().subarray(0, 16);
    const truncated = Uint8Array.from([...prefix, 0x00, 0x1c, 0x00, 0x10, ...mac]);
    const r = decode(truncated);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(verifyIntegrity(r.message, key)).to.equal(true);
    expect(verifyIntegrity(r.message, shortTermKey('nope'))).to.equal(false);
  });

  it('uses a long-term key like any other key', () => {
    const lt = longTermKey('user', 'realm', 'pass');
    expect(verifyIntegrity(roundTrip({ integrity: { key: lt } }), lt)).to.equal(true);
  });

  it('fails the fingerprint when any byte changes', () => {
    const bytes = encode(build(), { fingerprint: true });
    for (let i = 0; i < bytes.length; i++) {
      const copy = Uint8Array.from(bytes);
      copy[i] ^= 0x01;
      const r = decode(copy);
      if (r.ok && verifyFingerprint(r.message)) throw new Error(`flipping byte ${i} kept the fingerprint valid`);
    }
  });

  it('produces the fingerprint the turn-rs doc test gives for "1"', () => {
    expect(computeFingerprint(new TextEncoder().encode('1'))).to.equal(3498621689);
  });

  it('rejects an unknown integrity algorithm and a bad padding byte', () => {
    expect(() => encode(build(), { integrity: { key, algorithm: 'md5' as never } })).to.throw(StunEncodeError, 'sha1');
    expect(() => encode(build(), { paddingByte: 256 })).to.throw(StunEncodeError, '0..255');
  });

  it('fills padding with the requested byte', () => {
    expect(toHex(encode(build(), { paddingByte: 0x20 }).subarray(33, 36))).to.equal('202020');
  });
});

/**
 * Published vectors: RFC 5769 §2.1-2.4 and RFC 8489 Appendix B.1 as corrected by errata 6268
 * (shared/reference/protocol-facts.md §1). Each is decoded, verified and re-encoded to identical bytes.
 */
import { expect } from 'chai';
import {
  decode,
  DecodedStunMessage,
  encode,
  longTermKey,
  PasswordAlgorithm,
  shortTermKey,
  StunMethod,
  userHash,
  verifyFingerprint,
  verifyIntegrity,
} from '../../../src/protocols/stun';
import { hex, toHex } from './hex';

const SHORT_TERM_PASSWORD = 'VOkJxbRl1RmTxUk/WvJxBt';
const TXID = 'b7e7a701bc34d686fa87dfae';
const MATRIX_USER = '\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9'; // マトリックス
const MATRIX_PASSWORD = 'The\u00ADM\u00AAtr\u2168'; // SASLprep -> 'TheMatrIX'

const RFC5769_REQUEST = hex(`00010058 2112a442 b7e7a701 bc34d686 fa87dfae 80220010 5354554e 20746573 7420636c 69656e74
  00240004 6e0001ff 80290008 932ff9b1 51263b36 00060009 6576746a 3a683676 59202020 00080014
  9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2 80280004 e57a3bcf`);
const RFC5769_IPV4_RESPONSE = hex(`0101003c 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220 00200008
  0001a147 e112a643 00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7 80280004 c07d4c96`);
const RFC5769_IPV6_RESPONSE = hex(`01010048 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220 00200014
  0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9 00080014 a382954e 4be67bf1 1784c97c 8292c275
  bfe3ed41 80280004 c8fb0b4c`);
const RFC5769_LONG_TERM = hex(`00010060 2112a442 78ad3433 c6ad72c0 29da412e 00060012 e3839ee3 8388e383 aae38383 e382afe3
  82b90000 0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341 0014000b
  6578616d 706c652e 6f726700 00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666`);
const RFC8489_B1_ERRATA_6268 = hex(`00010090 2112a442 78ad3433 c6ad72c0 29da412e 001e0020 4a3cf38f ef6992bd a952c678 0417da0f
  24819415 569e60b2 05c46e41 407f1704 00150029 6f624d61 744a6f73 32414141 43662f2f 3439396b
  39353464 364f4c33 346f4c39 46535476 79363473 41000000 0014000b 6578616d 706c652e 6f726700
  001d0004 00020000 001c0020 b5c7bf00 5b6c52a2 1c51c5e8 92f81924 136296cb 927c4314 9309278c
  c6518e65`);

function decodeOk(bytes: Uint8Array): DecodedStunMessage {
  const r = decode(bytes);
  if (!r.ok) throw new Error(`decode failed: ${JSON.stringify(r.error)}`);
  return r.message;
}

describe('RFC 5769 test vectors', () => {
  const key = shortTermKey(SHORT_TERM_PASSWORD);

  describe('§2.1 sample request (ICE-style Binding request, padding 0x20)', () => {
    const msg = decodeOk(RFC5769_REQUEST);

    it('decodes header and every attribute value', () => {
      expect(msg.class).to.equal('request');
      expect(msg.method).to.equal(StunMethod.Binding);
      expect(toHex(msg.transactionId)).to.equal(TXID);
      expect(msg.get('SOFTWARE')).to.equal('STUN test client');
      expect(msg.get('PRIORITY')).to.equal(0x6e0001ff);
      expect(msg.get('ICE-CONTROLLED')).to.equal(0x932ff9b151263b36n);
      expect(msg.get('USERNAME')).to.equal('evtj:h6vY');
      expect(toHex(msg.get('MESSAGE-INTEGRITY')!)).to.equal('9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2');
      expect(msg.get('FINGERPRINT')).to.equal(0xe57a3bcf);
      expect(msg.unknownRequired).to.deep.equal([]);
    });

    it('verifies MESSAGE-INTEGRITY with the short-term key and FINGERPRINT over the received 0x20 padding', () => {
      expect(verifyIntegrity(msg, key)).to.equal(true);
      expect(verifyIntegrity(msg, key, 'sha1')).to.equal(true);
      expect(verifyFingerprint(msg)).to.equal(true);
    });

    it('rejects a wrong password', () => {
      expect(verifyIntegrity(msg, shortTermKey('wrong'))).to.equal(false);
    });

    it('re-encodes byte for byte with paddingByte 0x20', () => {
      expect(toHex(encode(msg, { integrity: { key }, fingerprint: true, paddingByte: 0x20 }))).to.equal(
        toHex(RFC5769_REQUEST),
      );
    });

    it('re-encoded with zero padding differs only in padding, MI and FINGERPRINT, and still verifies', () => {
      const zeroPadded = encode(msg, { integrity: { key }, fingerprint: true });
      expect(zeroPadded.length).to.equal(RFC5769_REQUEST.length);
      const again = decodeOk(zeroPadded);
      expect(verifyIntegrity(again, key)).to.equal(true);
      expect(verifyFingerprint(again)).to.equal(true);
      expect(toHex(again.get('MESSAGE-INTEGRITY')!)).to.not.equal(toHex(msg.get('MESSAGE-INTEGRITY')!));
    });
  });

  const responses = [
    { section: '§2.2 IPv4 response', bytes: RFC5769_IPV4_RESPONSE, family: 4, address: '192.0.2.1' },
    {
      section: '§2.3 IPv6 response',
      bytes: RFC5769_IPV6_RESPONSE,
      family: 6,
      address: '2001:db8:1234:5678:11:2233:4455:6677',
    },
  ] as const;
  for (const v of responses) {
    describe(v.section, () => {
      const msg = decodeOk(v.bytes);
      it('decodes the XOR-MAPPED-ADDRESS and SOFTWARE', () => {
        expect(msg.class).to.equal('success');
        expect(msg.get('SOFTWARE')).to.equal('test vector');
        expect(msg.get('XOR-MAPPED-ADDRESS')).to.deep.equal({ family: v.family, address: v.address, port: 32853 });
      });
      it('verifies integrity and fingerprint', () => {
        expect(verifyIntegrity(msg, key)).to.equal(true);
        expect(verifyFingerprint(msg)).to.equal(true);
      });
      it('re-encodes byte for byte', () => {
        expect(toHex(encode(msg, { integrity: { key }, fingerprint: true, paddingByte: 0x20 }))).to.equal(toHex(v.bytes));
      });
    });
  }

  describe('§2.4 request with long-term authentication (SASLprep password, no FINGERPRINT)', () => {
    const msg = decodeOk(RFC5769_LONG_TERM);
    const ltKey = longTermKey(MATRIX_USER, 'example.org', MATRIX_PASSWORD);

    it('derives the MD5 long-term key from the SASLprep-ed password', () => {
      expect(toHex(ltKey)).to.equal('e8ca7ad59d5eb0518e312911d2dab2a9');
      expect(toHex(longTermKey(MATRIX_USER, 'example.org', 'TheMatrIX'))).to.equal(toHex(ltKey));
    });

    it('decodes USERNAME, NONCE and REALM', () => {
      expect(toHex(msg.transactionId)).to.equal('78ad3433c6ad72c029da412e');
      expect(msg.get('USERNAME')).to.equal(MATRIX_USER);
      expect(msg.get('NONCE')).to.equal('f//499k954d6OL34oL9FSTvy64sA');
      expect(msg.get('REALM')).to.equal('example.org');
    });

    it('verifies MESSAGE-INTEGRITY and reports no fingerprint', () => {
      expect(verifyIntegrity(msg, ltKey)).to.equal(true);
      expect(verifyFingerprint(msg)).to.equal(false);
    });

    it('re-encodes byte for byte', () => {
      expect(toHex(encode(msg, { integrity: { key: ltKey } }))).to.equal(toHex(RFC5769_LONG_TERM));
    });
  });
});

describe('RFC 8489 Appendix B.1 (corrected by errata 6268): MESSAGE-INTEGRITY-SHA256 and USERHASH', () => {
  const msg = decodeOk(RFC8489_B1_ERRATA_6268);
  const key = longTermKey(MATRIX_USER, 'example.org', MATRIX_PASSWORD, 'sha256');

  it('derives the SHA-256 long-term key and the USERHASH', () => {
    expect(toHex(key)).to.equal('dd295a613b9058c3c23d6dc7165bda072304d989c9d0af3a8c7e184b4f9bb4a1');
    expect(toHex(userHash(MATRIX_USER, 'example.org'))).to.equal(
      '4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704',
    );
  });

  it('decodes USERHASH, NONCE, REALM and PASSWORD-ALGORITHM', () => {
    expect(toHex(msg.get('USERHASH')!)).to.equal(toHex(userHash(MATRIX_USER, 'example.org')));
    expect(msg.get('NONCE')).to.equal('obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA');
    expect(msg.get('REALM')).to.equal('example.org');
    const alg = msg.get('PASSWORD-ALGORITHM')!;
    expect(alg.algorithm).to.equal(PasswordAlgorithm.SHA256);
    expect(alg.parameters.length).to.equal(0);
  });

  it('verifies MESSAGE-INTEGRITY-SHA256 with the SHA-256 key, and not with the MD5 key', () => {
    expect(verifyIntegrity(msg, key)).to.equal(true);
    expect(verifyIntegrity(msg, key, 'sha256')).to.equal(true);
    expect(verifyIntegrity(msg, key, 'sha1')).to.equal(false); // no MESSAGE-INTEGRITY in this message
    expect(verifyIntegrity(msg, longTermKey(MATRIX_USER, 'example.org', MATRIX_PASSWORD, 'md5'))).to.equal(false);
  });

  it('re-encodes byte for byte', () => {
    expect(toHex(encode(msg, { integrity: { key, algorithm: 'sha256' } }))).to.equal(toHex(RFC8489_B1_ERRATA_6268));
  });
});

describe('other published key vectors', () => {
  it('RFC 5389 §15.4: MD5("user:realm:pass")', () => {
    expect(toHex(longTermKey('user', 'realm', 'pass'))).to.equal('8493fbc53ba582fb4c044c456bdc40eb');
  });
  it('turn-rs doc test: MD5("panda:raspberry:panda")', () => {
    expect(toHex(longTermKey('panda', 'raspberry', 'panda'))).to.equal('3e2f791e1f14d173fc91ff2f59b50fd1');
  });
});

/** Credential keys, transaction id helpers and the RFC 7983 demux checks. */
import { expect } from 'chai';
import {
  encode,
  isStunMessage,
  newTransactionId,
  sameTransactionId,
  shortTermKey,
  StunCredentialError,
  StunMessage,
  stunMessageLength,
  transactionIdHex,
  userHash,
} from '../../../src/protocols/stun';
import { hex, toHex } from './hex';

describe('credential keys', () => {
  it('maps the RFC 5769 §2.4 password to "TheMatrIX" before hashing', () => {
    expect(toHex(shortTermKey('The\u00ADM\u00AAtr\u2168'))).to.equal(toHex(new TextEncoder().encode('TheMatrIX')));
  });

  it('uses the short-term password bytes as the key', () => {
    expect(toHex(shortTermKey('VOkJxbRl1RmTxUk/WvJxBt'))).to.equal(toHex(new TextEncoder().encode('VOkJxbRl1RmTxUk/WvJxBt')));
  });

  it('rejects a password with a prohibited control character, naming the field', () => {
    expect(() => shortTermKey('bad\u0007')).to.throw(StunCredentialError, 'password');
  });

  it('hashes username and realm into a 32-byte USERHASH', () => {
    expect(userHash('alice', 'sim.test').length).to.equal(32);
  });
});

describe('transaction ids', () => {
  it('draws 12 bytes from the given source', () => {
    const id = newTransactionId({ bytes: (n) => Uint8Array.from({ length: n }, (_, i) => i) });
    expect(toHex(id)).to.equal('000102030405060708090a0b');
    expect(transactionIdHex(id)).to.equal('000102030405060708090a0b');
  });

  it('compares ids byte by byte', () => {
    expect(sameTransactionId(hex('0102'), hex('0102'))).to.equal(true);
    expect(sameTransactionId(hex('0102'), hex('0103'))).to.equal(false);
  });
});

describe('STUN demux (RFC 7983)', () => {
  const stun = encode(new StunMessage('request', 1, new Uint8Array(12)).add('SOFTWARE', 'x'), { fingerprint: true });
  const rows: [string, Uint8Array, boolean][] = [
    ['a whole STUN message', stun, true],
    ['a ChannelData message (first byte 0x40)', hex('40000004 01020304'), false],
    ['STUN with a trailing byte', Uint8Array.from([...stun, 0]), false],
    ['a truncated STUN message', stun.subarray(0, stun.length - 4), false],
    ['a header with a wrong cookie', Uint8Array.from([...stun.subarray(0, 4), 0, 0, 0, 0, ...stun.subarray(8)]), false],
    ['an RTP packet (first byte 0x80)', hex('80000000 00000000 00000000 00000000 00000000'), false],
    ['an empty datagram', new Uint8Array(0), false],
  ];
  for (const [story, bytes, expected] of rows) {
    it(`says ${expected ? 'STUN' : 'not STUN'} for ${story}`, () => {
      expect(isStunMessage(bytes)).to.equal(expected);
    });
  }

  it('tells the framed length of a STUN message from its first 8 bytes', () => {
    expect(stunMessageLength(stun.subarray(0, 8))).to.equal(stun.length);
    expect(stunMessageLength(hex('40000004 01020304'))).to.equal(undefined);
  });
});

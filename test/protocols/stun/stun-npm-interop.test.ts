/**
 * Cross-check with the independent npm `stun` 2.x codec: what we encode (with MESSAGE-INTEGRITY + FINGERPRINT)
 * decodes and validates there, and what it encodes decodes and validates here. `stun` re-encodes a message to
 * validate it, so only attributes it knows (and re-encodes identically) are used, each at most once.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  decode,
  encode,
  shortTermKey,
  StunMessage,
  StunMethod,
  verifyFingerprint,
  verifyIntegrity,
} from '../../../src/protocols/stun';
import { formatIPv6 } from '../../../src/protocols/stun/ip-address';
import { toHex } from './hex';

/** The slice of the untyped `stun` package API these tests use. */
interface NpmStunMessage {
  type: number;
  transactionId: Buffer;
  addAttribute(type: number, ...args: unknown[]): unknown;
  addXorAddress(address: string, port: number): unknown;
  addUsername(name: string): unknown;
  addPriority(p: number): unknown;
  addIceControlling(t: Buffer): unknown;
  addUseCandidate(): unknown;
  addSoftware(s: string): unknown;
  addRealm(s: string): unknown;
  addNonce(s: string): unknown;
  addError(code: number, reason: string): unknown;
  addMessageIntegrity(key: string): unknown;
  addFingerprint(): unknown;
  toBuffer(): Buffer;
  getXorAddress(): { address: string; port: number; family: string };
  getUsername(): string;
  getPriority(): number;
  getIceControlling(): Buffer;
  getSoftware(): string;
  getError(): { code: number; reason: string };
  getAttribute(type: number): { value: unknown } | undefined;
}
interface NpmStun {
  createMessage(type: number, txid: Buffer): NpmStunMessage;
  decode(b: Buffer): NpmStunMessage;
  validateFingerprint(m: NpmStunMessage): boolean;
  validateMessageIntegrity(m: NpmStunMessage, key: string): boolean;
  constants: Record<string, number>;
}
const stun = require('stun') as NpmStun;
const C = stun.constants;

const PASSWORD = 'pw-For-ICE-checks';
const KEY = shortTermKey(PASSWORD);
const TXID = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

/** Our bytes -> `stun` message, asserting both validations pass there. */
function decodeInNpmStun(bytes: Uint8Array): NpmStunMessage {
  const m = stun.decode(Buffer.from(bytes));
  expect(stun.validateFingerprint(m), 'stun.validateFingerprint').to.equal(true);
  expect(stun.validateMessageIntegrity(m, PASSWORD), 'stun.validateMessageIntegrity').to.equal(true);
  return m;
}

describe('interop with npm stun: our encoding decodes and validates there', () => {
  it('an ICE connectivity check (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE)', () => {
    const msg = new StunMessage('request', StunMethod.Binding, TXID)
      .add('USERNAME', 'remote:local')
      .add('PRIORITY', 0x6e7f1eff)
      .add('ICE-CONTROLLING', 0x0102030405060708n)
      .add('USE-CANDIDATE');
    const m = decodeInNpmStun(encode(msg, { integrity: { key: KEY }, fingerprint: true }));
    expect(m.type).to.equal(C.STUN_BINDING_REQUEST);
    expect(toHex(m.transactionId)).to.equal(toHex(TXID));
    expect(m.getUsername()).to.equal('remote:local');
    // stun 2.1.0's getPriority() never returns the value (it tests `typeof attribute === 'number'`): read the attribute.
    expect(m.getAttribute(C.STUN_ATTR_PRIORITY)!.value).to.equal(0x6e7f1eff);
    expect(m.getIceControlling().toString('hex')).to.equal('0102030405060708');
    expect(m.getAttribute(C.STUN_ATTR_USE_CANDIDATE)).to.not.equal(undefined);
  });

  const addresses = [
    { family: 4, address: '203.0.113.5', port: 54321 },
    { family: 6, address: '2001:db8::1', port: 3478 },
  ] as const;
  for (const a of addresses) {
    it(`a Binding success response with an IPv${a.family} XOR-MAPPED-ADDRESS`, () => {
      const msg = new StunMessage('success', StunMethod.Binding, TXID).add('XOR-MAPPED-ADDRESS', a).add('SOFTWARE', 'natsim');
      const m = decodeInNpmStun(encode(msg, { integrity: { key: KEY }, fingerprint: true }));
      expect(m.type).to.equal(C.STUN_BINDING_RESPONSE);
      expect(m.getXorAddress()).to.deep.equal({ address: a.address, port: a.port, family: `IPv${a.family}` });
      expect(m.getSoftware()).to.equal('natsim');
    });
  }

  // stun 2.1.0 parses ERROR-CODE as class * (number + 100), so only codes with number 0 (300, 400, 500) survive its
  // decode-and-re-encode validation; 401 is read back as 404 and its fingerprint check then fails.
  it('an error response with ERROR-CODE 400, REALM and NONCE', () => {
    const msg = StunMessage.errorResponse(new StunMessage('request', StunMethod.Binding, TXID), 400)
      .add('REALM', 'sim.test')
      .add('NONCE', 'obMatJos2AAAB');
    const m = decodeInNpmStun(encode(msg, { integrity: { key: KEY }, fingerprint: true }));
    expect(m.getError()).to.deep.equal({ code: 400, reason: 'Bad Request' });
  });

  it('documents the stun 2.1.0 ERROR-CODE misreading: our 401 comes back as 404 there', () => {
    const msg = StunMessage.errorResponse(new StunMessage('request', StunMethod.Binding, TXID), 401);
    const m = stun.decode(Buffer.from(encode(msg)));
    expect(m.getError().code).to.equal(404);
  });

  it('a TURN Allocate success (XOR-RELAYED-ADDRESS, LIFETIME, XOR-MAPPED-ADDRESS)', () => {
    const msg = new StunMessage('success', StunMethod.Allocate, TXID)
      .add('XOR-RELAYED-ADDRESS', { family: 4, address: '198.51.100.7', port: 49152 })
      .add('LIFETIME', 600)
      .add('XOR-MAPPED-ADDRESS', { family: 4, address: '203.0.113.5', port: 54321 });
    const m = decodeInNpmStun(encode(msg, { integrity: { key: KEY }, fingerprint: true }));
    expect(m.getAttribute(C.STUN_ATTR_LIFETIME)!.value).to.equal(600);
    expect(m.getAttribute(C.STUN_ATTR_XOR_RELAYED_ADDRESS)!.value).to.include({ address: '198.51.100.7', port: 49152 });
  });

  it('random ICE checks and Binding responses (property, 60 runs)', () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
    const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(formatIPv6);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.oneof(ipv4.map((address) => ({ family: 4 as const, address })), ipv6.map((address) => ({ family: 6 as const, address }))),
        fc.nat(65535),
        fc.stringMatching(/^[A-Za-z0-9+/]{4,32}:[A-Za-z0-9+/]{4,32}$/),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (txid, ip, port, username, tie) => {
          const msg = new StunMessage('success', StunMethod.Binding, txid)
            .add('XOR-MAPPED-ADDRESS', { ...ip, port })
            .add('USERNAME', username)
            .add('ICE-CONTROLLED', tie);
          const m = decodeInNpmStun(encode(msg, { integrity: { key: KEY }, fingerprint: true }));
          expect(m.getXorAddress()).to.deep.equal({ address: ip.address, port, family: `IPv${ip.family}` });
          expect(m.getUsername()).to.equal(username);
        },
      ),
      { numRuns: 60, seed: 8489 },
    );
  });
});

describe('interop with npm stun: its encoding decodes and validates here', () => {
  function ours(m: NpmStunMessage) {
    const r = decode(Uint8Array.from(m.toBuffer()));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(verifyFingerprint(r.message), 'verifyFingerprint').to.equal(true);
    expect(verifyIntegrity(r.message, KEY), 'verifyIntegrity').to.equal(true);
    return r.message;
  }

  it('an ICE connectivity check', () => {
    const m = stun.createMessage(C.STUN_BINDING_REQUEST, Buffer.from(TXID));
    m.addUsername('remote:local');
    m.addPriority(0x6e7f1eff);
    m.addIceControlling(Buffer.from('8899aabbccddeeff', 'hex'));
    m.addUseCandidate();
    m.addMessageIntegrity(PASSWORD);
    m.addFingerprint();
    const msg = ours(m);
    expect(msg.class).to.equal('request');
    expect(msg.get('USERNAME')).to.equal('remote:local');
    expect(msg.get('PRIORITY')).to.equal(0x6e7f1eff);
    expect(msg.get('ICE-CONTROLLING')).to.equal(0x8899aabbccddeeffn);
    expect(msg.get('USE-CANDIDATE')).to.equal(true);
  });

  for (const [address, family] of [
    ['192.0.2.1', 4],
    ['2001:db8:1234:5678:11:2233:4455:6677', 6],
  ] as const) {
    it(`a Binding success with an IPv${family} XOR-MAPPED-ADDRESS`, () => {
      const m = stun.createMessage(C.STUN_BINDING_RESPONSE, Buffer.from(TXID));
      m.addXorAddress(address, 32853);
      m.addSoftware('nodertc');
      m.addMessageIntegrity(PASSWORD);
      m.addFingerprint();
      const msg = ours(m);
      expect(msg.get('XOR-MAPPED-ADDRESS')).to.deep.equal({ family, address, port: 32853 });
      expect(msg.get('SOFTWARE')).to.equal('nodertc');
    });
  }

  it('an error response with ERROR-CODE, REALM and NONCE', () => {
    const m = stun.createMessage(C.STUN_BINDING_ERROR_RESPONSE, Buffer.from(TXID));
    m.addError(438, 'Stale Nonce');
    m.addRealm('sim.test');
    m.addNonce('abcdef');
    m.addMessageIntegrity(PASSWORD);
    m.addFingerprint();
    const msg = ours(m);
    expect(msg.class).to.equal('error');
    expect(msg.get('ERROR-CODE')).to.deep.equal({ code: 438, reason: 'Stale Nonce' });
    expect(msg.get('REALM')).to.equal('sim.test');
    expect(msg.get('NONCE')).to.equal('abcdef');
  });
});

import { expect } from 'chai';
import { decode, verifyIntegrity } from '../../../src/protocols/stun';
import { Rng } from '../../../src/sim/rng';
import {
  CredentialStore,
  LongTermAuthenticator,
  NonceManager,
  RestCredentialSource,
  makeRestCredentials,
  type AuthFields,
} from '../../../src/protocols/turn';
import { longTermKey } from '../../../src/protocols/stun';
import { hex, s, scriptedRandom } from './helpers';

// RFC 5769 §2.4: Binding request with long-term authentication (USERNAME, NONCE, REALM, MESSAGE-INTEGRITY).
const RFC5769_LONG_TERM = hex(`00010060 2112a442 78ad3433 c6ad72c0 29da412e 00060012 e3839ee3 8388e383 aae38383 e382afe3
82b90000 0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341 0014000b 6578616d 706c652e 6f726700
00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666`);
const VECTOR_NONCE = 'f//499k954d6OL34oL9FSTvy64sA';

function vectorAuth(): { auth: LongTermAuthenticator; nonces: NonceManager } {
  const store = new CredentialStore({ realm: 'example.org' });
  store.addUser('\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9', 'The\u00ADM\u00AAtr\u2168');
  // The server "issued" the vector's nonce: a scripted RandomSource yields it.
  const nonces = new NonceManager({ random: scriptedRandom([VECTOR_NONCE, 'freshnonce000001']), length: 28 });
  return { auth: new LongTermAuthenticator({ credentials: store, nonces }), nonces };
}

describe('turn/long-term-auth (RFC 8489 §9.2.4)', () => {
  const ctx = { now: 0, nowUnixSeconds: 0 };

  it('authenticates the RFC 5769 §2.4 request end to end with the STUN codec verifying integrity', () => {
    const { auth, nonces } = vectorAuth();
    expect(nonces.issue(0)).to.equal(VECTOR_NONCE);
    const d = decode(RFC5769_LONG_TERM);
    if (!d.ok) throw new Error(d.error.message);
    const msg = d.message;
    const fields: AuthFields = {
      username: msg.get('USERNAME'), realm: msg.get('REALM'), nonce: msg.get('NONCE'), hasIntegrity: msg.has('MESSAGE-INTEGRITY'),
    };
    const r = auth.authenticate(fields, (key) => verifyIntegrity(msg, key), ctx);
    expect(r).to.deep.include({ ok: true, username: '\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9' });
    expect(r.ok && Buffer.from(r.key).toString('hex')).to.equal('e8ca7ad59d5eb0518e312911d2dab2a9');
  });

  const user = { username: 'alice', realm: 'sim.test' };
  function aliceAuth(): { auth: LongTermAuthenticator; nonce: string; key: Uint8Array } {
    const store = new CredentialStore({ realm: 'sim.test' });
    store.addUser('alice', 'secret');
    const nonces = new NonceManager({ random: new Rng(3, 'nonces') });
    const auth = new LongTermAuthenticator({ credentials: store, nonces });
    return { auth, nonce: nonces.issue(0, 'scope-a'), key: longTermKey('alice', 'sim.test', 'secret') };
  }
  const verifyWith = (good: Uint8Array) => (key: Uint8Array) => Buffer.compare(key, good) === 0;

  it('challenges a request without MESSAGE-INTEGRITY with 401, REALM and a new NONCE', () => {
    const { auth } = aliceAuth();
    const r = auth.authenticate({ hasIntegrity: false }, () => true, { ...ctx, scope: 'scope-a' });
    expect(r).to.deep.include({ ok: false, code: 401 });
    expect(!r.ok && r.challenge?.realm).to.equal('sim.test');
    expect(!r.ok && r.challenge?.nonce).to.match(/^[A-Za-z0-9]{16}$/);
  });

  const missing: [string, Partial<AuthFields>][] = [
    ['USERNAME', { username: undefined }],
    ['REALM', { realm: undefined }],
    ['NONCE', { nonce: undefined }],
  ];
  for (const [attr, patch] of missing) {
    it(`answers 400 without a challenge when MESSAGE-INTEGRITY comes without ${attr}`, () => {
      const { auth, nonce } = aliceAuth();
      const r = auth.authenticate({ ...user, nonce, hasIntegrity: true, ...patch }, () => true, { ...ctx, scope: 'scope-a' });
      expect(r).to.deep.include({ ok: false, code: 400 });
      expect(!r.ok && r.challenge).to.equal(undefined);
      expect(!r.ok && r.reason).to.include(attr);
    });
  }

  it('answers 438 with a fresh nonce for an expired nonce, an unknown one, or one from another 5-tuple', () => {
    const { auth, nonce, key } = aliceAuth();
    const cases: [string, number, string][] = [
      [nonce, s(600), 'scope-a'],
      ['neverissued00000', 0, 'scope-a'],
      [nonce, 0, 'scope-b'],
    ];
    for (const [n, now, scope] of cases) {
      const r = auth.authenticate({ ...user, nonce: n, hasIntegrity: true }, verifyWith(key), { now, nowUnixSeconds: 0, scope });
      expect(r).to.deep.include({ ok: false, code: 438 });
      expect(!r.ok && r.challenge?.nonce).to.be.a('string').and.not.equal(n);
    }
  });

  it('answers 401 (keeping the valid nonce) for an unknown user, another realm, or a bad integrity', () => {
    const { auth, nonce, key } = aliceAuth();
    const c = { ...ctx, scope: 'scope-a' };
    const cases: AuthFields[] = [
      { username: 'mallory', realm: 'sim.test', nonce, hasIntegrity: true },
      { username: 'alice', realm: 'other.test', nonce, hasIntegrity: true },
    ];
    for (const f of cases) {
      const r = auth.authenticate(f, verifyWith(key), c);
      expect(r).to.deep.include({ ok: false, code: 401 });
      expect(!r.ok && r.challenge).to.deep.equal({ realm: 'sim.test', nonce });
    }
    expect(auth.authenticate({ ...user, nonce, hasIntegrity: true }, () => false, c)).to.deep.include({ code: 401 });
  });

  it('authenticates with the right key and returns it for signing the response', () => {
    const { auth, nonce, key } = aliceAuth();
    const r = auth.authenticate({ ...user, nonce, hasIntegrity: true }, verifyWith(key), { ...ctx, scope: 'scope-a' });
    expect(r).to.deep.include({ ok: true, username: 'alice' });
  });

  it('authenticates TURN REST users until their timestamp passes, then answers 401', () => {
    const nonces = new NonceManager({ random: new Rng(4) });
    const auth = new LongTermAuthenticator({ credentials: new RestCredentialSource({ realm: 'sim.test', secrets: 'north' }), nonces });
    const cred = makeRestCredentials({ secret: 'north', nowUnixSeconds: 1_000_000, ttlSeconds: 60, user: 'alice' });
    const key = longTermKey(cred.username, 'sim.test', cred.password);
    const nonce = nonces.issue(0);
    const f = { username: cred.username, realm: 'sim.test', nonce, hasIntegrity: true };
    expect(auth.authenticate(f, verifyWith(key), { now: 0, nowUnixSeconds: 1_000_060 })).to.deep.include({ ok: true });
    const late = auth.authenticate(f, verifyWith(key), { now: 0, nowUnixSeconds: 1_000_061 });
    expect(late).to.deep.include({ ok: false, code: 401 });
    expect(!late.ok && late.reason).to.match(/expired/);
  });
});

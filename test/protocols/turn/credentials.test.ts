import { expect } from 'chai';
import { inspect } from 'util';
import {
  CredentialError,
  CredentialStore,
  RestCredentialSource,
  makeRestCredentials,
  parseRestUsername,
  restPassword,
} from '../../../src/protocols/turn';
import { hex, toHex } from './helpers';

const MATRIX_USER = '\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9';

describe('turn/credentials (RFC 8489 §9.2.2, RFC 8656 §6)', () => {
  describe('CredentialStore', () => {
    it('keeps the RFC 5769 §2.4 long-term key (SASLprep of the password), not the password', () => {
      const store = new CredentialStore({ realm: 'example.org' });
      store.addUser(MATRIX_USER, 'The\u00ADM\u00AAtr\u2168');
      const r = store.lookup(MATRIX_USER);
      expect(r.ok && r.keys.map(toHex)).to.deep.equal(['e8ca7ad59d5eb0518e312911d2dab2a9']);
      expect(inspect(store, { depth: 10, showHidden: true })).to.not.match(/Matr|\u00AD/);
    });

    it('derives MD5("alice:sim.test:secret") for a plain user', () => {
      const store = new CredentialStore({ realm: 'sim.test' });
      store.addUser('alice', 'secret');
      const r = store.lookup('alice');
      expect(r.ok && toHex(r.keys[0])).to.equal('4f199d27325140cd26c026a283286535');
    });

    it('derives SHA-256 keys for PASSWORD-ALGORITHM 0x0002 (RFC 8489 B.1 errata 6268 key)', () => {
      const store = new CredentialStore({ realm: 'example.org', algorithm: 'sha256' });
      store.addUser(MATRIX_USER, 'TheMatrIX');
      const r = store.lookup(MATRIX_USER);
      expect(r.ok && toHex(r.keys[0])).to.equal('dd295a613b9058c3c23d6dc7165bda072304d989c9d0af3a8c7e184b4f9bb4a1');
    });

    it('reports an unknown user without throwing, and forgets removed users', () => {
      const store = new CredentialStore({ realm: 'sim.test' });
      store.addUser('alice', 'secret');
      expect(store.lookup('bob')).to.deep.include({ ok: false, reason: 'unknown-user' });
      expect(store.removeUser('alice')).to.equal(true);
      expect(store.has('alice')).to.equal(false);
      expect(store.size).to.equal(0);
    });

    it('accepts a precomputed key of the right size only', () => {
      const store = new CredentialStore({ realm: 'sim.test' });
      store.addKey('carol', hex('4f199d27325140cd26c026a283286535'));
      expect(store.lookup('carol').ok).to.equal(true);
      expect(() => store.addKey('dave', new Uint8Array(20))).to.throw(CredentialError, /16/);
    });

    it('rejects a password SASLprep prohibits, an empty username and an empty realm with CredentialError', () => {
      const store = new CredentialStore({ realm: 'sim.test' });
      expect(() => store.addUser('alice', 'bad\u0007bell')).to.throw(CredentialError, /password/);
      expect(() => store.addUser('', 'x')).to.throw(CredentialError, /username/);
      expect(() => new CredentialStore({ realm: '' })).to.throw(CredentialError, /realm/);
    });
  });

  describe('TURN REST ephemeral credentials (draft-uberti-behave-turn-rest)', () => {
    it('computes password = base64(HMAC-SHA1(secret, username))', () => {
      expect(restPassword('north', '1700000000:alice')).to.equal('Cd/49soE35ICqcJF/bCTn8Z4OyE=');
    });

    it('issues "<expiry>:<user>" usernames valid for the TTL', () => {
      const c = makeRestCredentials({ secret: 'north', nowUnixSeconds: 1699999000, ttlSeconds: 1000, user: 'alice' });
      expect(c).to.deep.equal({ username: '1700000000:alice', password: 'Cd/49soE35ICqcJF/bCTn8Z4OyE=', expiresAtUnixSeconds: 1700000000 });
      expect(makeRestCredentials({ secret: 'x', nowUnixSeconds: 10 }).username).to.equal('86410');
    });

    it('parses usernames with and without the user part, and rejects others', () => {
      expect(parseRestUsername('1700000000:alice')).to.deep.equal({ ok: true, expiresAtUnixSeconds: 1700000000, user: 'alice' });
      expect(parseRestUsername('1700000000')).to.deep.equal({ ok: true, expiresAtUnixSeconds: 1700000000, user: undefined });
      expect(parseRestUsername('1700000000-bob', '-')).to.deep.include({ user: 'bob' });
      for (const bad of ['alice', ':alice', '', '17e9:alice', '-5:x']) expect(parseRestUsername(bad).ok, bad).to.equal(false);
    });

    it('gives the long-term key of the derived password until the timestamp passes (coturn --use-auth-secret)', () => {
      const source = new RestCredentialSource({ realm: 'sim.test', secrets: 'north' });
      const valid = source.lookup('1700000000:alice', 1700000000);
      expect(valid.ok && valid.keys.map(toHex)).to.deep.equal(['db74fda9035a1b53d7b5b43ba5a185bb']);
      expect(source.lookup('1700000000:alice', 1700000001)).to.deep.include({ ok: false, reason: 'expired' });
      expect(source.lookup('alice', 0)).to.deep.include({ ok: false, reason: 'malformed-username' });
    });

    it('offers one candidate key per secret while rotating secrets', () => {
      const source = new RestCredentialSource({ realm: 'sim.test', secrets: ['old', 'north'] });
      const r = source.lookup('1700000000:alice', 0);
      expect(r.ok && r.keys.length).to.equal(2);
      expect(r.ok && toHex(r.keys[1])).to.equal('db74fda9035a1b53d7b5b43ba5a185bb');
    });

    it('rejects a source without secrets', () => {
      expect(() => new RestCredentialSource({ realm: 'r', secrets: [] })).to.throw(CredentialError, /secret/);
    });
  });
});

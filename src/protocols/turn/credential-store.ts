/**
 * A static long-term credential store (RFC 8656 §6: the server MUST NOT store the password, only the key).
 * key = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password)) (RFC 8489 §9.2.2, §18.5.1), or SHA-256
 * for PASSWORD-ALGORITHM 0x0002. The derivation (and OpaqueString via @mongodb-js/saslprep) is the STUN codec's
 * longTermKey; usernames are matched exactly as sent (the client sends the processed form).
 */
import { longTermKey, type LongTermAlgorithm } from '../stun/keys';
import type { CredentialLookup, CredentialSource } from './credential-source';
import { CredentialError } from './errors';

/** Options for a CredentialStore. */
export interface CredentialStoreInit {
  /** The server's REALM. Required. */
  realm: string;
  /** Key algorithm (RFC 8489 §18.5.1). @default 'md5' */
  algorithm?: LongTermAlgorithm;
}

/** username -> long-term key. */
export class CredentialStore implements CredentialSource {
  readonly realm: string;
  readonly algorithm: LongTermAlgorithm;
  /** key: username (as sent in USERNAME) -> long-term key bytes. */
  private readonly keys = new Map<string, Uint8Array>();

  constructor(init: CredentialStoreInit) {
    if (typeof init.realm !== 'string' || init.realm === '') throw new CredentialError('realm', 'is required');
    this.realm = init.realm;
    this.algorithm = init.algorithm ?? 'md5';
  }

  /**
   * Adds or replaces a user; keeps only the derived key. Throws CredentialError when SASLprep/OpaqueString rejects
   * the password (e.g. a control character) or the username is empty.
   */
  addUser(username: string, password: string): void {
    if (username === '') throw new CredentialError('username', 'must not be empty');
    let key: Uint8Array;
    try {
      key = longTermKey(username, this.realm, password, this.algorithm);
    } catch (e) {
      throw new CredentialError('password', `user '${username}': ${(e as Error).message}`);
    }
    this.keys.set(username, key);
  }

  /** Adds a user from a precomputed key (like coturn's `turnadmin -k` output): 16 bytes for MD5, 32 for SHA-256. */
  addKey(username: string, key: Uint8Array): void {
    const want = this.algorithm === 'md5' ? 16 : 32;
    if (key.length !== want) throw new CredentialError('key', `${key.length} bytes; ${this.algorithm} keys are ${want}`);
    this.keys.set(username, new Uint8Array(key));
  }

  /** Removes a user; returns whether it existed. */
  removeUser(username: string): boolean {
    return this.keys.delete(username);
  }

  /** True when `username` is known. */
  has(username: string): boolean {
    return this.keys.has(username);
  }

  /** Number of users. */
  get size(): number {
    return this.keys.size;
  }

  /** The key of `username`, or 'unknown-user'. Static users never expire, so `nowUnixSeconds` is unused. */
  lookup(username: string, _nowUnixSeconds?: number): CredentialLookup {
    const key = this.keys.get(username);
    if (!key) return { ok: false, reason: 'unknown-user', detail: `no user '${username}' in realm '${this.realm}'` };
    return { ok: true, keys: [key] };
  }
}

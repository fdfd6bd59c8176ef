/**
 * Credential keys (RFC 8489 §9): short-term key, long-term key (MD5 or SHA-256) and USERHASH. String preparation is
 * SASLprep (RFC 4013) from @mongodb-js/saslprep, which RFC 8489's OpaqueString (RFC 8265) matches for these inputs
 * (e.g. RFC 5769 §2.4: "The\u00ADM\u00AAtr\u2168" -> "TheMatrIX").
 */
import { createHash } from 'crypto';
import saslprep from '@mongodb-js/saslprep';
import { StunCredentialError } from './errors';

const utf8 = new TextEncoder();

/** Long-term key derivation algorithm (RFC 8489 §18.5.1: PASSWORD-ALGORITHM 0x0001 MD5, 0x0002 SHA-256). */
export type LongTermAlgorithm = 'md5' | 'sha256';

/**
 * OpaqueString/SASLprep of a credential string (RFC 8489 §9.2.2).
 * @throws StunCredentialError if the string contains prohibited characters
 */
export function prepareCredential(value: string, field: 'password' | 'username' | 'realm'): string {
  try {
    return saslprep(value, { allowUnassigned: true });
  } catch (e) {
    throw new StunCredentialError(`rejected by SASLprep (RFC 4013): ${(e as Error).message}`, field);
  }
}

/** Short-term credential key: UTF-8 of OpaqueString(password) (RFC 8489 §9.1.1). Used by ICE checks. */
export function shortTermKey(password: string): Uint8Array {
  return utf8.encode(prepareCredential(password, 'password'));
}

/**
 * Long-term credential key (RFC 8489 §9.2.2, §18.5.1): H(username ":" OpaqueString(realm) ":" OpaqueString(password))
 * with H = MD5 (16 bytes) or SHA-256 (32 bytes). The username is used as given (already processed by the sender).
 * @param algorithm @default 'md5'
 */
export function longTermKey(
  username: string,
  realm: string,
  password: string,
  algorithm: LongTermAlgorithm = 'md5',
): Uint8Array {
  const input = `${username}:${prepareCredential(realm, 'realm')}:${prepareCredential(password, 'password')}`;
  return new Uint8Array(createHash(algorithm).update(utf8.encode(input)).digest());
}

/** USERHASH value (RFC 8489 §14.4): SHA-256(OpaqueString(username) ":" OpaqueString(realm)), 32 bytes. */
export function userHash(username: string, realm: string): Uint8Array {
  const input = `${prepareCredential(username, 'username')}:${prepareCredential(realm, 'realm')}`;
  return new Uint8Array(createHash('sha256').update(utf8.encode(input)).digest());
}

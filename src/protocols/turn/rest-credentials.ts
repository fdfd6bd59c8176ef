/**
 * TURN REST ephemeral credentials (draft-uberti-behave-turn-rest-00 §2; coturn --use-auth-secret):
 * username = "<unix-expiry>[:<user>]", password = base64(HMAC-SHA1(shared secret, username)). The server recomputes
 * the password from the username, rejects it once the timestamp is in the past, and derives the long-term key
 * from it as for any user (RFC 8489 §9.2.2). Time is passed in (`nowUnixSeconds`), never read.
 */
import { createHmac } from 'crypto';
import { longTermKey, type LongTermAlgorithm } from '../stun/keys';
import type { CredentialLookup, CredentialSource } from './credential-source';
import { CredentialError } from './errors';

/** Default separator between timestamp and user (coturn --rest-api-separator). */
export const REST_USERNAME_SEPARATOR = ':';

/** The REST password of `username`: base64(HMAC-SHA1(secret, username)). */
export function restPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username, 'utf8').digest('base64');
}

/** Options for makeRestCredentials. */
export interface RestCredentialsInit {
  /** The shared secret (coturn static-auth-secret). Required. */
  secret: string;
  /** Current Unix time, seconds. Required. */
  nowUnixSeconds: number;
  /** Validity, seconds. @default 86400 (one day, as in the draft's example) */
  ttlSeconds?: number;
  /** Application user id appended after the separator. @default none */
  user?: string;
  /** @default ':' */
  separator?: string;
}

/** Issues ephemeral credentials as the web service of the draft would (for clients and tests). */
export function makeRestCredentials(init: RestCredentialsInit): {
  username: string;
  password: string;
  expiresAtUnixSeconds: number;
} {
  const expiresAtUnixSeconds = Math.floor(init.nowUnixSeconds) + (init.ttlSeconds ?? 86400);
  const sep = init.separator ?? REST_USERNAME_SEPARATOR;
  const username = init.user !== undefined ? `${expiresAtUnixSeconds}${sep}${init.user}` : `${expiresAtUnixSeconds}`;
  return { username, password: restPassword(init.secret, username), expiresAtUnixSeconds };
}

/** Splits a REST username into its expiry timestamp and optional user; never throws. */
export function parseRestUsername(
  username: string,
  separator = REST_USERNAME_SEPARATOR,
): { ok: true; expiresAtUnixSeconds: number; user: string | undefined } | { ok: false; detail: string } {
  const i = username.indexOf(separator);
  const stamp = i < 0 ? username : username.slice(0, i);
  if (!/^\d{1,15}$/.test(stamp)) {
    return { ok: false, detail: `'${username}' does not start with a Unix timestamp` };
  }
  return { ok: true, expiresAtUnixSeconds: Number(stamp), user: i < 0 ? undefined : username.slice(i + separator.length) };
}

/** Options for a RestCredentialSource. */
export interface RestCredentialSourceInit {
  /** The server's REALM. Required. */
  realm: string;
  /** Shared secret, or several while rotating (each gives a candidate key, like repeated static-auth-secret). */
  secrets: string | readonly string[];
  /** @default ':' */
  separator?: string;
  /** @default 'md5' */
  algorithm?: LongTermAlgorithm;
}

/** Long-term keys for TURN REST usernames. */
export class RestCredentialSource implements CredentialSource {
  readonly realm: string;
  private readonly secrets: readonly string[];
  private readonly separator: string;
  private readonly algorithm: LongTermAlgorithm;

  constructor(init: RestCredentialSourceInit) {
    if (typeof init.realm !== 'string' || init.realm === '') throw new CredentialError('realm', 'is required');
    this.secrets = typeof init.secrets === 'string' ? [init.secrets] : [...init.secrets];
    if (this.secrets.length === 0 || this.secrets.some((s) => s === '')) {
      throw new CredentialError('secret', 'need at least one non-empty shared secret');
    }
    this.realm = init.realm;
    this.separator = init.separator ?? REST_USERNAME_SEPARATOR;
    this.algorithm = init.algorithm ?? 'md5';
  }

  /**
   * Keys for a REST username: 'malformed-username' without a leading timestamp, 'expired' when the timestamp is
   * before `nowUnixSeconds` (equal is still valid, as in coturn), else one key per secret.
   */
  lookup(username: string, nowUnixSeconds: number): CredentialLookup {
    const parsed = parseRestUsername(username, this.separator);
    if (!parsed.ok) return { ok: false, reason: 'malformed-username', detail: parsed.detail };
    if (parsed.expiresAtUnixSeconds < nowUnixSeconds) {
      return {
        ok: false,
        reason: 'expired',
        detail: `'${username}' expired at ${parsed.expiresAtUnixSeconds} (now ${nowUnixSeconds})`,
      };
    }
    // The derived password is base64 (ASCII): SASLprep cannot reject it, so longTermKey does not throw here.
    const keys = this.secrets.map((s) => longTermKey(username, this.realm, restPassword(s, username), this.algorithm));
    return { ok: true, keys };
  }
}

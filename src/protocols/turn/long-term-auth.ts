/**
 * The server side of the long-term credential mechanism as a pure decision (RFC 8489 §9.2.4, RFC 8656 §5, §7.2).
 * The server agent passes the decoded USERNAME / REALM / NONCE, whether MESSAGE-INTEGRITY is present, and a
 * `verify(key)` callback that checks MESSAGE-INTEGRITY with the STUN codec; it gets back the username and key, or
 * an error code and, for 401/438, the REALM and NONCE to put in the error response.
 */
import type { CredentialSource } from './credential-source';
import { TURN_ERROR, turnFailure, type TurnFailure } from './error-codes';
import type { NonceManager } from './nonces';

/** The authentication attributes of a received request. */
export interface AuthFields {
  readonly username?: string;
  readonly realm?: string;
  readonly nonce?: string;
  /** MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 is present. */
  readonly hasIntegrity: boolean;
}

/** Clocks and scope for one decision. */
export interface AuthContext {
  /** Virtual time, ms (nonce expiry). */
  readonly now: number;
  /** Unix time, seconds (TURN REST expiry). */
  readonly nowUnixSeconds: number;
  /** What the nonce is bound to, usually fiveTupleKey of the request. @default '' */
  readonly scope?: string;
}

/** Authentication passed: use `key` to sign the response (RFC 8489 §9.2.4). */
export interface AuthSuccess {
  readonly ok: true;
  readonly username: string;
  readonly key: Uint8Array;
}

/** Authentication failed: 400, 401 or 438; `challenge` (REALM + NONCE) is present for 401 and 438. */
export type AuthFailure = TurnFailure & { readonly challenge?: { readonly realm: string; readonly nonce: string } };

/** Options for LongTermAuthenticator. */
export interface LongTermAuthenticatorInit {
  /** Keys by username (CredentialStore or RestCredentialSource). Required. */
  credentials: CredentialSource;
  /** Nonce issuer and checker. Required. */
  nonces: NonceManager;
}

/** Decides RFC 8489 §9.2.4 for each request. */
export class LongTermAuthenticator {
  readonly realm: string;
  private readonly credentials: CredentialSource;
  private readonly nonces: NonceManager;

  constructor(init: LongTermAuthenticatorInit) {
    this.credentials = init.credentials;
    this.nonces = init.nonces;
    this.realm = init.credentials.realm;
  }

  /**
   * RFC 8489 §9.2.4, in order: no MESSAGE-INTEGRITY -> 401 + challenge; integrity without USERNAME, REALM or NONCE
   * -> 400 (no challenge); nonce expired, unknown or for another scope -> 438 + a fresh nonce; another realm,
   * unknown/expired user, or no key verifies -> 401 + challenge. Never throws on hostile input.
   */
  authenticate(f: AuthFields, verify: (key: Uint8Array) => boolean, ctx: AuthContext): AuthSuccess | AuthFailure {
    const scope = ctx.scope ?? '';
    if (!f.hasIntegrity) return this.challenge(401, 'no MESSAGE-INTEGRITY', f.nonce, ctx);
    if (f.username === undefined || f.realm === undefined || f.nonce === undefined) {
      const missing = [f.username === undefined && 'USERNAME', f.realm === undefined && 'REALM', f.nonce === undefined && 'NONCE'];
      return turnFailure(TURN_ERROR.BAD_REQUEST, `MESSAGE-INTEGRITY without ${missing.filter(Boolean).join(', ')}`);
    }
    const nonceState = this.nonces.check(f.nonce, ctx.now, scope);
    if (nonceState !== 'valid') return this.challenge(438, `nonce is ${nonceState}`, undefined, ctx);
    if (f.realm !== this.realm) return this.challenge(401, `realm '${f.realm}' is not '${this.realm}'`, f.nonce, ctx);
    const found = this.credentials.lookup(f.username, ctx.nowUnixSeconds);
    if (!found.ok) return this.challenge(401, `${found.reason}: ${found.detail}`, f.nonce, ctx);
    for (const key of found.keys) {
      if (verify(key)) return { ok: true, username: f.username, key };
    }
    return this.challenge(401, `MESSAGE-INTEGRITY does not verify for '${f.username}'`, f.nonce, ctx);
  }

  /** A 401 or 438 with REALM and a NONCE: the request's own if it is still valid, else a new one. */
  private challenge(code: 401 | 438, reason: string, nonce: string | undefined, ctx: AuthContext): AuthFailure {
    const scope = ctx.scope ?? '';
    const keep = nonce !== undefined && this.nonces.check(nonce, ctx.now, scope) === 'valid';
    const fresh = keep ? (nonce as string) : this.nonces.issue(ctx.now, scope);
    const errorCode = code === 401 ? TURN_ERROR.UNAUTHENTICATED : TURN_ERROR.STALE_NONCE;
    return { ...turnFailure(errorCode, reason), challenge: { realm: this.realm, nonce: fresh } };
  }
}

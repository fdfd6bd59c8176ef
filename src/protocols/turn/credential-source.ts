/**
 * Where the server gets long-term credential keys (RFC 8489 §9.2, RFC 8656 §5-§6): a static user store or TURN REST
 * ephemeral credentials. A lookup never throws and returns keys, never passwords.
 */

/** Why a username has no key. */
export type CredentialLookupFailure =
  /** No such user in the store. */
  | 'unknown-user'
  /** A TURN REST username whose timestamp is in the past. */
  | 'expired'
  /** A TURN REST username that does not start with a Unix timestamp. */
  | 'malformed-username';

/** Result of a key lookup. */
export type CredentialLookup =
  | {
      readonly ok: true;
      /** Candidate keys; more than one while a REST secret is being rotated. Try each against MESSAGE-INTEGRITY. */
      readonly keys: readonly Uint8Array[];
    }
  | { readonly ok: false; readonly reason: CredentialLookupFailure; readonly detail: string };

/** A source of long-term keys for one realm. */
export interface CredentialSource {
  /** The REALM the keys were computed for (RFC 8489 §9.2.2). */
  readonly realm: string;
  /**
   * Keys for `username` (the USERNAME attribute as received).
   * @param nowUnixSeconds wall-clock Unix time for REST expiry (the simulator derives it from virtual time)
   */
  lookup(username: string, nowUnixSeconds: number): CredentialLookup;
}

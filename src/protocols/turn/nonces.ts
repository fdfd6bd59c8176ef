/**
 * NONCE management for the long-term credential mechanism (RFC 8489 §9.2; RFC 8656 §5: a new random nonce per
 * Allocate, expired at least once an hour). Nonces are drawn from a RandomSource (deterministic per seed) and
 * expire after `lifetimeMs` (default 600 s, like coturn's STUN_NONCE_EXPIRATION_TIME; pion/turn uses 1 h);
 * a request with an expired or unknown nonce gets 438 Stale Nonce and a fresh one.
 *
 * Work and memory are bounded whatever clients do: nonces are kept in issue order, which is expiry order, so
 * forgetting old ones looks only at the front of the table (amortised O(1) per nonce; it used to scan the whole
 * table on every issue, and at 130,000 stored nonces a server answered 107 requests a second instead of 2,113), and
 * at most `maxStored` are kept: beyond that the oldest is forgotten (its client gets 438 and a fresh nonce).
 */
import type { RandomSource } from '../../sim/rng';
import { TurnConfigError } from './errors';

/** Default nonce lifetime, ms (600 s, coturn). */
export const DEFAULT_NONCE_LIFETIME_MS = 600_000;

/** Default most nonces remembered at once. */
export const DEFAULT_MAX_STORED_NONCES = 100_000;

/** Characters nonces are drawn from: letters and digits, valid qdtext (RFC 8489 §14.10). */
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Options for a NonceManager. */
export interface NonceManagerInit {
  /** Randomness (the server's HostEnv.random, forked). Required. */
  random: RandomSource;
  /** How long a nonce stays valid, ms. @default 600000 */
  lifetimeMs?: number;
  /** Random characters per nonce. @default 16 */
  length?: number;
  /**
   * Text put before the random part, e.g. RFC 8489 §9.2's "obMatJos2" + 4 base64 characters of security feature
   * bits. @default ''
   */
  prefix?: string;
  /** Most nonces remembered; the oldest is forgotten first. @default 100000 */
  maxStored?: number;
}

/** Verdict on a received nonce. */
export type NonceCheck =
  /** Issued by us, not expired, and for this scope. */
  | 'valid'
  /** Issued by us but expired (438). */
  | 'stale'
  /** Never issued, already purged, or issued for another scope (438 too, RFC 8489 §9.2.4). */
  | 'unknown';

/** Issues and checks nonces. Times are ms on the caller's clock. */
export class NonceManager {
  readonly lifetimeMs: number;
  private readonly random: RandomSource;
  private readonly length: number;
  private readonly prefix: string;
  private readonly maxStored: number;
  /** key: nonce text -> expiry (ms) and scope (e.g. a fiveTupleKey, or '' for any); in issue (= expiry) order. */
  private readonly issued = new Map<string, { readonly expiresAt: number; readonly scope: string }>();

  constructor(init: NonceManagerInit, path = 'turn.nonces') {
    this.random = init.random;
    this.lifetimeMs = init.lifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS;
    this.length = init.length ?? 16;
    this.prefix = init.prefix ?? '';
    this.maxStored = init.maxStored ?? DEFAULT_MAX_STORED_NONCES;
    if (!Number.isInteger(this.maxStored) || this.maxStored < 1) {
      throw new TurnConfigError(`${path}.maxStored`, `${this.maxStored} must be a whole number >= 1`);
    }
    if (!(this.lifetimeMs > 0)) throw new TurnConfigError(`${path}.lifetimeMs`, `${this.lifetimeMs} must be > 0`);
    if (!Number.isInteger(this.length) || this.length < 8 || this.prefix.length + this.length > 127) {
      throw new TurnConfigError(`${path}.length`, 'must be an integer >= 8, prefix + nonce < 128 chars (RFC 8489 §14.10)');
    }
  }

  /**
   * A new nonce valid until now + lifetime. `scope` binds it to one client (e.g. its 5-tuple key); checking it
   * from another scope gives 'unknown'. Expired nonces older than one lifetime are forgotten here, and the oldest
   * when `maxStored` are kept.
   */
  issue(now: number, scope = ''): string {
    this.purge(now);
    if (this.issued.size >= this.maxStored) this.issued.delete(this.issued.keys().next().value as string);
    let nonce: string;
    do nonce = this.prefix + this.random.string(this.length, NONCE_ALPHABET);
    while (this.issued.has(nonce));
    this.issued.set(nonce, { expiresAt: now + this.lifetimeMs, scope });
    return nonce;
  }

  /** Checks a received nonce at `now` for `scope`. */
  check(nonce: string, now: number, scope = ''): NonceCheck {
    const n = this.issued.get(nonce);
    if (!n || n.scope !== scope) return 'unknown';
    return now < n.expiresAt ? 'valid' : 'stale';
  }

  /** Expiry (ms) of an issued nonce, if remembered. */
  expiresAt(nonce: string): number | undefined {
    return this.issued.get(nonce)?.expiresAt;
  }

  /** Nonces remembered (valid or recently stale). */
  get size(): number {
    return this.issued.size;
  }

  /**
   * Forgets nonces that expired more than one lifetime ago (they then check as 'unknown', still 438). The table is
   * in expiry order, so this stops at the first nonce still worth keeping.
   */
  private purge(now: number): void {
    for (const [nonce, n] of this.issued) {
      if (n.expiresAt + this.lifetimeMs > now) return;
      this.issued.delete(nonce);
    }
  }
}

/**
 * What a TURN client does after an error response (RFC 8656 §7.4 for Allocate, §8.3 Refresh, §12.3 ChannelBind;
 * RFC 8489 §9.2.5 for 401/438): a plain decision, so the client agent only schedules and sends.
 */

/** RFC 8656 §7.4: after 437, try this many client transport addresses before giving up on the server. */
export const ALLOCATE_MISMATCH_ATTEMPTS = 3;
/** RFC 8656 §7.4: after giving up on 437s, no new allocation on that server for 2 minutes. */
export const ALLOCATE_MISMATCH_BACKOFF_MS = 120_000;
/** RFC 8656 §7.4: after 486 (or 508 without EVEN-PORT/RESERVATION-TOKEN) wait at least 1 minute. */
export const ALLOCATE_CAPACITY_BACKOFF_MS = 60_000;

/** The client's next step. */
export type ClientAdvice =
  /** Resend with USERNAME/REALM/NONCE/MESSAGE-INTEGRITY (first 401 carries the challenge). */
  | { readonly action: 'retry-with-credentials' }
  /** Resend with the NONCE from the 438 response (RFC 8489 §9.2.5). */
  | { readonly action: 'retry-with-new-nonce' }
  /** Go to the ALTERNATE-SERVER first (300). */
  | { readonly action: 'try-alternate-server' }
  /** Resend immediately without these attributes (420 naming DONT-FRAGMENT; 508 with EVEN-PORT/RESERVATION-TOKEN). */
  | { readonly action: 'retry-without'; readonly attributes: readonly string[] }
  /** Allocate again from another client transport address (another local port), new transaction id (437). */
  | { readonly action: 'retry-from-new-address' }
  /** Wait, then try again. */
  | { readonly action: 'wait'; readonly retryAfterMs: number }
  /** The allocation no longer exists (437 on a non-Allocate request, §5, §8.3). */
  | { readonly action: 'allocation-gone' }
  /** Deleting, and the server says it is already gone: treat as success (437 on Refresh LIFETIME=0, §8.3). */
  | { readonly action: 'done' }
  /** Delete the allocation and start afresh (unexpected 400 to ChannelBind, §12.3). */
  | { readonly action: 'reallocate' }
  /** Stop; tell the user or operator. `retryAfterMs` when a later try on this server is allowed. */
  | { readonly action: 'give-up'; readonly reason: string; readonly retryAfterMs?: number };

/** What the client knows about the failed Allocate. */
export interface AllocateErrorContext {
  /** The failed request already carried credentials (a 401 then means they are refused). */
  readonly sentCredentials: boolean;
  /** How many client transport addresses got 437 so far, this one included. */
  readonly mismatchCount?: number;
  /** The request carried EVEN-PORT or RESERVATION-TOKEN. */
  readonly usedEvenPortOrToken?: boolean;
  /** UNKNOWN-ATTRIBUTES of a 420 response. */
  readonly unknownAttributes?: readonly string[];
}

/** RFC 8656 §7.4: the client's reaction to an Allocate error response `code`. */
export function allocateErrorAdvice(code: number, ctx: AllocateErrorContext): ClientAdvice {
  switch (code) {
    case 300:
      return { action: 'try-alternate-server' };
    case 401:
      return ctx.sentCredentials ? { action: 'give-up', reason: 'credentials refused (401)' } : { action: 'retry-with-credentials' };
    case 420:
      return ctx.unknownAttributes?.includes('DONT-FRAGMENT')
        ? { action: 'retry-without', attributes: ['DONT-FRAGMENT'] }
        : { action: 'give-up', reason: 'unknown comprehension-required attribute (420)' };
    case 437:
      return (ctx.mismatchCount ?? 1) < ALLOCATE_MISMATCH_ATTEMPTS
        ? { action: 'retry-from-new-address' }
        : { action: 'give-up', reason: `${ALLOCATE_MISMATCH_ATTEMPTS} client addresses got 437`, retryAfterMs: ALLOCATE_MISMATCH_BACKOFF_MS };
    case 438:
      return { action: 'retry-with-new-nonce' };
    case 486:
      return { action: 'wait', retryAfterMs: ALLOCATE_CAPACITY_BACKOFF_MS };
    case 508:
      return ctx.usedEvenPortOrToken
        ? { action: 'retry-without', attributes: ['EVEN-PORT', 'RESERVATION-TOKEN'] }
        : { action: 'wait', retryAfterMs: ALLOCATE_CAPACITY_BACKOFF_MS };
    default:
      return { action: 'give-up', reason: `Allocate failed with ${code}` };
  }
}

/** RFC 8656 §8.3: reaction to a Refresh error; `deleting` when the request had LIFETIME 0. */
export function refreshErrorAdvice(code: number, deleting: boolean): ClientAdvice {
  if (code === 437) return deleting ? { action: 'done' } : { action: 'allocation-gone' };
  if (code === 438) return { action: 'retry-with-new-nonce' };
  return { action: 'give-up', reason: `Refresh failed with ${code}` };
}

/** Reaction to a CreatePermission or ChannelBind error (RFC 8656 §5, §10.3, §12.3). */
export function permissionErrorAdvice(code: number, method: 'CreatePermission' | 'ChannelBind'): ClientAdvice {
  switch (code) {
    case 437:
      return { action: 'allocation-gone' };
    case 438:
      return { action: 'retry-with-new-nonce' };
    case 400:
      return method === 'ChannelBind' ? { action: 'reallocate' } : { action: 'give-up', reason: 'bad request (400)' };
    case 508:
      return { action: 'wait', retryAfterMs: ALLOCATE_CAPACITY_BACKOFF_MS };
    default:
      return { action: 'give-up', reason: `${method} failed with ${code}` };
  }
}

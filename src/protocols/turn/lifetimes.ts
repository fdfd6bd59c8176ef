/**
 * TURN timer values and the lifetime computation of Allocate and Refresh (RFC 8656 §6, §7.2, §8.2, §9, §12).
 * Lifetimes on the wire (LIFETIME attribute) are whole seconds; the core's clocks are milliseconds (`now`).
 */
import { TurnConfigError } from './errors';

/** Default allocation lifetime, seconds (RFC 8656 §6: 600 s = 10 minutes). */
export const DEFAULT_ALLOCATION_LIFETIME_S = 600;

/** Recommended maximum allocation lifetime, seconds (RFC 8656 §7.2: no more than 3600 s). */
export const MAX_ALLOCATION_LIFETIME_S = 3600;

/** Permission lifetime, seconds (RFC 8656 §9: MUST be 300 s). */
export const PERMISSION_LIFETIME_S = 300;

/** Channel binding lifetime, seconds (RFC 8656 §12: 10 minutes unless refreshed). */
export const CHANNEL_LIFETIME_S = 600;

/**
 * After a channel binding expires, its number and peer are held this long before they may be bound differently,
 * seconds (RFC 8656 §12: the client MUST wait 5 minutes; this server enforces it).
 */
export const CHANNEL_REUSE_HOLD_S = 300;

/** How long an EVEN-PORT R=1 reservation is held, seconds (RFC 8656 §7.2: at least 30 s). */
export const RESERVATION_LIFETIME_S = 30;

/** Milliseconds in one second. */
export const MS_PER_SECOND = 1000;

/** The server's allocation lifetime policy. */
export interface LifetimePolicy {
  /** Lifetime when the request has no LIFETIME or asks for less, seconds. */
  readonly defaultS: number;
  /** Upper bound on any granted lifetime, seconds. */
  readonly maxS: number;
}

/** Options for a lifetime policy. */
export interface LifetimePolicyInit {
  /** @default 600 (RFC 8656 §6) */
  defaultS?: number;
  /** @default 3600 (RFC 8656 §7.2 recommendation) */
  maxS?: number;
}

/**
 * Applies defaults and checks a lifetime policy; throws TurnConfigError (path `<path>.defaultS` / `.maxS`) unless
 * 1 <= defaultS <= maxS, both integers. RFC 8656 §7.2 allows a maximum "as small as the default".
 */
export function lifetimePolicy(init: LifetimePolicyInit = {}, path = 'turn.lifetime'): LifetimePolicy {
  const defaultS = init.defaultS ?? DEFAULT_ALLOCATION_LIFETIME_S;
  const maxS = init.maxS ?? MAX_ALLOCATION_LIFETIME_S;
  if (!Number.isInteger(defaultS) || defaultS < 1) {
    throw new TurnConfigError(`${path}.defaultS`, `${defaultS} is not a whole number of seconds >= 1`);
  }
  if (!Number.isInteger(maxS) || maxS < defaultS) {
    throw new TurnConfigError(`${path}.maxS`, `${maxS} must be a whole number of seconds >= defaultS (${defaultS})`);
  }
  return { defaultS, maxS };
}

/**
 * Lifetime granted by an Allocate (RFC 8656 §7.2), seconds: without LIFETIME, the default; otherwise
 * min(requested, max) if that is greater than the default, else the default. So a request below the default gets
 * the default ("the server will ignore requests to initialize the field to less than the default value", §7.1).
 */
export function grantedAllocateLifetime(requestedS: number | undefined, policy: LifetimePolicy): number {
  if (requestedS === undefined) return policy.defaultS;
  const computed = Math.min(requestedS, policy.maxS);
  return computed > policy.defaultS ? computed : policy.defaultS;
}

/**
 * The "desired lifetime" of a Refresh (RFC 8656 §8.2), seconds: 0 when LIFETIME is 0 (delete the allocation),
 * otherwise computed as for Allocate.
 */
export function desiredRefreshLifetime(requestedS: number | undefined, policy: LifetimePolicy): number {
  if (requestedS === 0) return 0;
  return grantedAllocateLifetime(requestedS, policy);
}

/** Seconds left until `expiresAt` (ms) at `now` (ms), rounded up, never negative: the LIFETIME to report. */
export function secondsUntil(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / MS_PER_SECOND));
}

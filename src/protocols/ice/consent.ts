/**
 * Consent freshness (RFC 7675) as pure helpers: after ICE, send an authenticated Binding request about every 5 s
 * (randomised to 0.8–1.2 of that, §5.1), each with a new transaction ID; consent expires 30 s after the last
 * authenticated response (§5.1), after which only consent checks may be sent.
 */
import { IceUsageError } from './errors';

/** Base consent check interval (RFC 7675 §5.1). */
export const CONSENT_INTERVAL_MS = 5000;

/** Consent lifetime since the last authenticated response (RFC 7675 §5.1). */
export const CONSENT_TIMEOUT_MS = 30000;

/**
 * Delay until the next consent check: interval · uniform(0.8, 1.2) (RFC 7675 §5.1), i.e. 4000..6000 ms by default.
 * @param draw a random number in [0, 1), from the caller's RandomSource
 * @throws IceUsageError when draw is outside [0, 1)
 */
export function nextConsentCheckDelay(draw: number, intervalMs: number = CONSENT_INTERVAL_MS): number {
  if (!(draw >= 0 && draw < 1)) {
    throw new IceUsageError('nextConsentCheckDelay(draw)', `must be in [0, 1), got ${draw}`);
  }
  return intervalMs * (0.8 + 0.4 * draw);
}

/**
 * True when consent has expired: 30 s or more since the last authenticated response (RFC 7675 §5.1).
 * @param lastResponseAtMs time of the last authenticated success response (or when consent was first obtained)
 */
export function consentExpired(nowMs: number, lastResponseAtMs: number, timeoutMs: number = CONSENT_TIMEOUT_MS): boolean {
  return nowMs - lastResponseAtMs >= timeoutMs;
}

/** When consent will expire absent a new response: lastResponseAt + 30 s (RFC 7675 §5.1). */
export function consentExpiresAt(lastResponseAtMs: number, timeoutMs: number = CONSENT_TIMEOUT_MS): number {
  return lastResponseAtMs + timeoutMs;
}

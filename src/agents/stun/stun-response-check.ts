/**
 * Checks a response that matched a transaction by id before the owner sees it (RFC 8489 §6.3, §7, §9.1.4,
 * §9.2.5). Pure: returns a verdict, the client acts on it.
 */
import { DecodedStunMessage, verifyFingerprint, verifyIntegrity, ATTRIBUTE_CODE } from '../../protocols/stun';

/** How responses of one transaction are authenticated. */
export interface ResponseVerification {
  /** The key the response's MESSAGE-INTEGRITY(-SHA256) must verify with. */
  readonly key: Uint8Array;
  /** Error codes processed even without an integrity attribute (see StunRequestOptions.unauthenticatedErrors). */
  readonly unauthenticatedErrors: readonly number[];
}

/** Why a response was dropped "as if it was never received" (RFC 8489 §9.1.4): retransmissions go on. */
export type IgnoredResponseReason = 'bad-fingerprint' | 'bad-integrity' | 'missing-integrity' | 'method-mismatch';

/** What to do with a response. */
export type ResponseVerdict =
  /** Hand it to the owner: the transaction is answered. */
  | { readonly action: 'accept' }
  /** Drop it and keep waiting (traced as ignored). */
  | { readonly action: 'ignore'; readonly reason: IgnoredResponseReason }
  /** RFC 8489 §6.3.3/§6.3.4: unknown comprehension-required attributes make the transaction fail. */
  | { readonly action: 'fail'; readonly unknownAttributes: readonly number[] };

const MI = ATTRIBUTE_CODE['MESSAGE-INTEGRITY'];
const MI256 = ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'];

/**
 * Decides what to do with `response`, which matched the transaction of a request with method `method`.
 * @param verify when set, the response must carry a valid MESSAGE-INTEGRITY(-SHA256) (RFC 8489 §9.1.4 / §9.2.5),
 *   except error responses whose code is listed in `verify.unauthenticatedErrors`
 */
export function checkResponse(response: DecodedStunMessage, method: number, verify?: ResponseVerification): ResponseVerdict {
  if (response.method !== method) return { action: 'ignore', reason: 'method-mismatch' };
  // RFC 8489 §7: a FINGERPRINT that does not verify means the message is not STUN (or is damaged).
  if (response.has('FINGERPRINT') && !verifyFingerprint(response)) return { action: 'ignore', reason: 'bad-fingerprint' };
  if (verify) {
    const hasMac = response.locate(MI) !== undefined || response.locate(MI256) !== undefined;
    if (hasMac) {
      if (!verifyIntegrity(response, verify.key)) return { action: 'ignore', reason: 'bad-integrity' };
    } else {
      const code = response.class === 'error' ? response.get('ERROR-CODE')?.code : undefined;
      if (code === undefined || !verify.unauthenticatedErrors.includes(code)) return { action: 'ignore', reason: 'missing-integrity' };
    }
  }
  if (response.unknownRequired.length > 0) return { action: 'fail', unknownAttributes: response.unknownRequired };
  return { action: 'accept' };
}

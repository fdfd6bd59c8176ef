/**
 * Dual-allocation attributes at the code points of draft-ietf-tram-turnbis, which coturn used up to 4.7:
 * ADDITIONAL-ADDRESS-FAMILY 0x8032 and ADDRESS-ERROR-CODE 0x8033, where RFC 8656 §18.11-§18.12 registered 0x8000
 * and 0x8001 (coturn issue #1740, fixed by pull request #1748 in 2025). coturn 4.6's `turnutils_uclient -Z` sends
 * 0x8032, so a server that wants its dual allocations (TurnServerInit.legacyAddressFamilyAttributes, on in src/real)
 * reads it as ADDITIONAL-ADDRESS-FAMILY and answers a refused family with 0x8033.
 */
import type { DecodedStunMessage, StunMessage } from '../../protocols/stun';
import type { AddressFamily } from '../../protocols/turn';

/** coturn <= 4.7's ADDITIONAL-ADDRESS-FAMILY type (RFC 8656: 0x8000). */
export const LEGACY_ADDITIONAL_ADDRESS_FAMILY = 0x8032;
/** coturn <= 4.7's ADDRESS-ERROR-CODE type (RFC 8656: 0x8001). */
export const LEGACY_ADDRESS_ERROR_CODE = 0x8033;

/** The family of a 0x8032 attribute (family byte 0x01 or 0x02 + 3 reserved bytes, as §18.11), if present and well formed. */
export function legacyAdditionalFamily(m: DecodedStunMessage): AddressFamily | undefined {
  for (const a of m.attributes) {
    if (a.name !== undefined || a.type !== LEGACY_ADDITIONAL_ADDRESS_FAMILY || a.value.length !== 4) continue;
    return a.value[0] === 0x01 ? 4 : a.value[0] === 0x02 ? 6 : undefined;
  }
  return undefined;
}

/** Adds ADDRESS-ERROR-CODE at 0x8033 in RFC 8656 §18.12's layout: family, 13 reserved bits, class, number, reason. */
export function addLegacyAddressError(msg: StunMessage, family: AddressFamily, code: number, reason: string): StunMessage {
  const text = new TextEncoder().encode(reason);
  const value = new Uint8Array(4 + text.length);
  value.set([family === 4 ? 0x01 : 0x02, 0, Math.floor(code / 100), code % 100]);
  value.set(text, 4);
  return msg.addRaw(LEGACY_ADDRESS_ERROR_CODE, value);
}

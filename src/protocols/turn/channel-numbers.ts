/** TURN channel number ranges (RFC 8656 §12, RFC 7983 §7). */

/** Lowest channel number (RFC 8656 §12): 0x0000-0x3FFF are never channel numbers (STUN and others live there). */
export const CHANNEL_NUMBER_MIN = 0x4000;

/** Highest channel number a client may bind (RFC 8656 §12.2: 0x4000 through 0x4FFF inclusive). */
export const CHANNEL_NUMBER_MAX = 0x4fff;

/**
 * Highest channel number accepted on receive. RFC 5766 §11 allowed 0x4000-0x7FFF; RFC 8656 reserves 0x5000-0xFFFF
 * (RFC 7983), but like coturn we still parse up to 0x7FFF so RFC 5766 peers interoperate.
 */
export const CHANNEL_NUMBER_LEGACY_MAX = 0x7fff;

/**
 * True when `n` may be bound by ChannelBind: an integer 0x4000-0x4FFF (RFC 8656 §12.2), or 0x4000-0x7FFF with
 * `legacy` (RFC 5766 §11: coturn's clients, e.g. turnutils_uclient 4.6, still pick numbers up to 0x7FFF).
 */
export function isBindableChannelNumber(n: number, legacy = false): boolean {
  return Number.isInteger(n) && n >= CHANNEL_NUMBER_MIN && n <= (legacy ? CHANNEL_NUMBER_LEGACY_MAX : CHANNEL_NUMBER_MAX);
}

/** `0x4000`-style text for messages and traces. */
export function formatChannelNumber(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

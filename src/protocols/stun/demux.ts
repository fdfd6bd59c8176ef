/**
 * Cheap checks to tell STUN from other traffic on the same socket (RFC 7983 §7, RFC 8656 §12.5): first byte 0..3 is
 * STUN, 64..79 is TURN ChannelData. Neither function decodes attributes.
 */
import { HEADER_LENGTH, MAGIC_COOKIE } from './constants';

/**
 * The total size (20 + header length) of the STUN message starting at bytes[0], if the first 8 bytes look like a
 * STUN header (top two bits zero, magic cookie, length a multiple of 4); otherwise undefined. Useful to frame STUN
 * over a stream (RFC 8489 §6.2.2).
 */
export function stunMessageLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 8 || (bytes[0] & 0xc0) !== 0) return undefined;
  const cookie = ((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]) >>> 0;
  if (cookie !== MAGIC_COOKIE) return undefined;
  const length = (bytes[2] << 8) | bytes[3];
  return length % 4 === 0 ? HEADER_LENGTH + length : undefined;
}

/**
 * True if `bytes` is exactly one STUN message by its header: first two bits zero (RFC 7983), magic cookie
 * 0x2112A442, and 20 + length == bytes.length with length a multiple of 4 (RFC 8489 §5). Datagram use.
 */
export function isStunMessage(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER_LENGTH && stunMessageLength(bytes) === bytes.length;
}

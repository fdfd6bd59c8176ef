/** Wire constants of STUN (RFC 8489), its NAT-discovery (RFC 5780) and TURN (RFC 8656) extensions. */

/** RFC 8489 §5: fixed magic cookie in bytes 4..7 of every STUN header. */
export const MAGIC_COOKIE = 0x2112a442;

/** RFC 8489 §5: the STUN header is 20 bytes (type, length, cookie, 96-bit transaction id). */
export const HEADER_LENGTH = 20;

/** RFC 8489 §5: the transaction id is 96 bits. */
export const TRANSACTION_ID_LENGTH = 12;

/** RFC 8489 §14: every attribute starts with a 4-byte type/length header. */
export const ATTRIBUTE_HEADER_LENGTH = 4;

/** RFC 8489 §14.7: FINGERPRINT is CRC-32 of the message XOR this value ("STUN" in ASCII). */
export const FINGERPRINT_XOR = 0x5354554e;

/** RFC 8489 §14.5: MESSAGE-INTEGRITY is a 20-byte HMAC-SHA1. */
export const MESSAGE_INTEGRITY_LENGTH = 20;

/** RFC 8489 §14.6: MESSAGE-INTEGRITY-SHA256 is a 32-byte HMAC-SHA256 (may be truncated to 16..32, multiple of 4). */
export const MESSAGE_INTEGRITY_SHA256_LENGTH = 32;

/** RFC 8489 §14.3: USERNAME must be fewer than 513 bytes. */
export const MAX_USERNAME_BYTES = 512;

/** RFC 8489 §14.8/§14.9/§14.10/§14.14: REALM, NONCE, SOFTWARE and reason phrases: < 128 characters, <= 763 bytes. */
export const MAX_TEXT_CHARS = 127;

/** RFC 8489 §14.9: the byte limit that goes with {@link MAX_TEXT_CHARS}. */
export const MAX_TEXT_BYTES = 763;

/** RFC 8656 §18.7: REQUESTED-TRANSPORT protocol number for UDP (the only one TURN defines without RFC 6062). */
export const TRANSPORT_UDP = 17;

/** RFC 6062 §6.1: REQUESTED-TRANSPORT protocol number for TCP relaying. */
export const TRANSPORT_TCP = 6;

/** RFC 8489 §18.5: PASSWORD-ALGORITHM numbers. */
export const PasswordAlgorithm = {
  /** MD5 of "username:realm:password", 16-byte key (RFC 8489 §18.5.1.1). */
  MD5: 0x0001,
  /** SHA-256 of "username:realm:password", 32-byte key (RFC 8489 §18.5.1.2). */
  SHA256: 0x0002,
} as const;

/** RFC 8489 §9.2: a NONCE starting with this cookie carries the 24-bit security feature set (4 base64 chars). */
export const NONCE_COOKIE = 'obMatJos2';

/** RFC 8489 §6.2.1: recommended initial retransmission timeout for UDP, in milliseconds. */
export const DEFAULT_RTO_MS = 500;

/** RFC 8489 §6.2.1: total number of requests sent (Rc) before giving up. */
export const DEFAULT_RC = 7;

/** RFC 8489 §6.2.1: after the last request, wait Rm × RTO before failing. */
export const DEFAULT_RM = 16;

/**
 * Most attribute types a server lists in UNKNOWN-ATTRIBUTES of a 420 response (RFC 8489 §14.9 sets no limit; one
 * datagram can name 16,000 unknown types, and echoing them all turns a 420 into an amplifier). 16 types, 32 bytes.
 */
export const MAX_UNKNOWN_ATTRIBUTES_LISTED = 16;

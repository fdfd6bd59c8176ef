/** FINGERPRINT (RFC 8489 §14.7): CRC-32 (ISO-HDLC, as zlib) of the message before it, XOR 0x5354554E. */
import { buf as crc32 } from 'crc-32';
import { ATTRIBUTE_CODE } from './attribute-table';
import { FINGERPRINT_XOR, HEADER_LENGTH } from './constants';
import { DecodedStunMessage } from './decoded-message';

/** FINGERPRINT attribute size on the wire: 4-byte header + 4-byte CRC. */
const FINGERPRINT_ATTRIBUTE_LENGTH = 8;

/**
 * The FINGERPRINT value for a message whose first `prefix.length` bytes precede the FINGERPRINT attribute. The
 * header length field inside `prefix` must already count the 8-byte FINGERPRINT attribute (RFC 8489 §14.7).
 */
export function computeFingerprint(prefix: Uint8Array): number {
  return (crc32(prefix) ^ FINGERPRINT_XOR) >>> 0;
}

/**
 * True if the decoded message ends with a FINGERPRINT attribute whose value matches the CRC of the bytes as received
 * (RFC 8489 §7: FINGERPRINT must be the last attribute). False if there is none, it is not last, or it differs.
 */
export function verifyFingerprint(message: DecodedStunMessage): boolean {
  const fp = message.locate(ATTRIBUTE_CODE.FINGERPRINT);
  if (!fp || fp.name !== 'FINGERPRINT') return false;
  if (fp.offset + FINGERPRINT_ATTRIBUTE_LENGTH !== message.bytes.length) return false;
  // The header length already counts FINGERPRINT when it is last; HEADER_LENGTH <= fp.offset always holds.
  if (fp.offset < HEADER_LENGTH) return false;
  return computeFingerprint(message.bytes.subarray(0, fp.offset)) === fp.value;
}

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256, §14.6): computed over the
 * message up to the attribute, with the header length field set as if that attribute were the last one.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { ATTRIBUTE_CODE } from './attribute-table';
import { ATTRIBUTE_HEADER_LENGTH, HEADER_LENGTH } from './constants';
import { DecodedStunMessage } from './decoded-message';

/** 'sha1' = MESSAGE-INTEGRITY (20 bytes), 'sha256' = MESSAGE-INTEGRITY-SHA256 (32 bytes, or truncated). */
export type IntegrityAlgorithm = 'sha1' | 'sha256';

/**
 * The HMAC for an integrity attribute placed right after `prefix` (the message bytes before the attribute).
 * Works on a copy: sets the header length to end at the attribute's end (RFC 8489 §14.5 / §14.6).
 * @param valueLength length of the integrity value that will follow (20 for sha1, 16..32 for sha256)
 */
export function computeIntegrity(
  prefix: Uint8Array,
  key: Uint8Array,
  algorithm: IntegrityAlgorithm,
  valueLength: number = algorithm === 'sha1' ? 20 : 32,
): Uint8Array {
  const input = Uint8Array.from(prefix);
  const length = prefix.length - HEADER_LENGTH + ATTRIBUTE_HEADER_LENGTH + valueLength;
  input[2] = length >> 8;
  input[3] = length & 0xff;
  const mac = createHmac(algorithm, key).update(input).digest();
  return new Uint8Array(mac.buffer, mac.byteOffset, valueLength).slice();
}

/** Verifies one integrity attribute of a decoded message against `key`; false if it is absent. */
function verifyOne(message: DecodedStunMessage, key: Uint8Array, algorithm: IntegrityAlgorithm): boolean {
  const code = algorithm === 'sha1' ? ATTRIBUTE_CODE['MESSAGE-INTEGRITY'] : ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'];
  const attr = message.locate(code);
  if (!attr || !(attr.value instanceof Uint8Array)) return false;
  const expected = computeIntegrity(message.bytes.subarray(0, attr.offset), key, algorithm, attr.value.length);
  return expected.length === attr.value.length && timingSafeEqual(expected, attr.value);
}

/**
 * Verifies message integrity over the bytes as received (RFC 8489 §9.1.3 / §9.2.4).
 * @param key short-term key (shortTermKey) or long-term key (longTermKey)
 * @param algorithm which attribute to check. Default 'auto': MESSAGE-INTEGRITY-SHA256 if present, else
 *   MESSAGE-INTEGRITY (RFC 8489 §9.2.4: an agent that supports SHA-256 uses it when the message carries it).
 * @returns false if the chosen attribute is absent or does not match
 */
export function verifyIntegrity(
  message: DecodedStunMessage,
  key: Uint8Array,
  algorithm: IntegrityAlgorithm | 'auto' = 'auto',
): boolean {
  if (algorithm !== 'auto') return verifyOne(message, key, algorithm);
  const has256 = message.locate(ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256']) !== undefined;
  return verifyOne(message, key, has256 ? 'sha256' : 'sha1');
}

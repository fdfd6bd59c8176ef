/**
 * Building the server's STUN messages: error responses (RFC 8489 §6.3.4, with REALM/NONCE for 401/438, §9.2.4,
 * and UNKNOWN-ATTRIBUTES for 420, §14.9), Data indications (RFC 8656 §11.3) and the encode options (long-term
 * MESSAGE-INTEGRITY when the request authenticated, FINGERPRINT when configured).
 */
import {
  ATTRIBUTE_CODE,
  encode,
  MAX_UNKNOWN_ATTRIBUTES_LISTED,
  newTransactionId,
  StunMessage,
  StunMethod,
  type AttributeName,
  type RandomBytesSource,
  type StunMessageBase,
} from '../../protocols/stun';
import type { TransportAddress } from '../../protocols/turn';
import { toStunAddress } from './addresses';

/** What an error response says: a code and, for 401/438, the challenge; for 420, the unknown attributes. */
export interface ErrorAnswer {
  readonly code: number;
  /** For 401 and 438 (RFC 8489 §9.2.4): REALM and a valid NONCE. */
  readonly challenge?: { readonly realm: string; readonly nonce: string };
  /** For 420: attribute names (from the TURN core) or type codes (from the decoder). */
  readonly unknownAttributes?: readonly (string | number)[];
}

/**
 * Error response to `req` (RFC 8489 §6.3.4). The wire reason phrase is the standard one; details go to the trace.
 * UNKNOWN-ATTRIBUTES lists at most MAX_UNKNOWN_ATTRIBUTES_LISTED types (RFC 8489 §14.9), so a 420 stays small.
 */
export function errorResponse(req: StunMessageBase, answer: ErrorAnswer, software: string): StunMessage {
  const msg = StunMessage.errorResponse(req, answer.code);
  if (answer.challenge) msg.add('REALM', answer.challenge.realm).add('NONCE', answer.challenge.nonce);
  if (answer.unknownAttributes && answer.unknownAttributes.length > 0) {
    const codes = answer.unknownAttributes.map((a) => (typeof a === 'number' ? a : ATTRIBUTE_CODE[a as AttributeName]));
    msg.add('UNKNOWN-ATTRIBUTES', codes.filter((c) => c !== undefined).slice(0, MAX_UNKNOWN_ATTRIBUTES_LISTED));
  }
  return withSoftware(msg, software);
}

/** Appends SOFTWARE unless `software` is empty (RFC 8489 §14.14; RFC 8656 §7.2, §8.2 SHOULD). */
export function withSoftware(msg: StunMessage, software: string): StunMessage {
  return software === '' ? msg : msg.add('SOFTWARE', software);
}

/** Encodes a server message: MESSAGE-INTEGRITY with `key` when given (RFC 8489 §9.2.4), FINGERPRINT if asked. */
export function encodeServerMessage(msg: StunMessageBase, key: Uint8Array | undefined, fingerprint: boolean): Uint8Array {
  return encode(msg, { integrity: key ? { key } : undefined, fingerprint });
}

/** A Data indication carrying `data` from `peer` (RFC 8656 §11.3: XOR-PEER-ADDRESS + DATA, new transaction id). */
export function dataIndication(random: RandomBytesSource, peer: TransportAddress, data: Uint8Array): StunMessage {
  return StunMessage.indication(StunMethod.Data, newTransactionId(random))
    .add('XOR-PEER-ADDRESS', toStunAddress(peer))
    .add('DATA', data);
}

/** Bytes as lower-case hex (RESERVATION-TOKEN and transaction ids as text). */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Lower-case hex text back to bytes (even length assumed). */
export function unhex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

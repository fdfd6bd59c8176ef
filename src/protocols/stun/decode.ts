/**
 * decode(bytes): parse a STUN message (RFC 8489 §5, §14) into a DecodedStunMessage, or a structured error saying
 * where the bytes stop being STUN. Never throws, whatever the input, and the work is linear in the input's size
 * (a 64 KB datagram of distinct unknown attributes is one pass, not a quadratic de-duplication).
 */
import {
  attributeName,
  decodeAttributeValue,
  isComprehensionRequired,
  ATTRIBUTE_CODE,
} from './attribute-table';
import { ValueErrorCode } from './codec-types';
import { ATTRIBUTE_HEADER_LENGTH, HEADER_LENGTH, MAGIC_COOKIE } from './constants';
import { AttributeLocation, DecodedAttribute, DecodedStunMessage } from './decoded-message';
import { KnownAttribute, RawAttribute } from './message';
import { decodeMessageType, StunClass } from './message-type';

/** Why bytes are not a usable STUN message. */
export type StunDecodeErrorCode =
  /** Fewer than 20 bytes. */
  | 'too-short'
  /** The two most significant bits are not zero (RFC 8489 §5): not STUN (RFC 7983 demux). */
  | 'not-stun'
  /** Bytes 4..7 are not 0x2112A442 (RFC 8489 §5; RFC 3489 messages have no cookie). */
  | 'bad-magic-cookie'
  /** Header length not a multiple of 4, or 20 + length differs from the number of bytes given. */
  | 'bad-length'
  /** An attribute's header or value runs past the end of the message. */
  | 'truncated-attribute'
  /** A known attribute's value is malformed (e.g. XOR-MAPPED-ADDRESS of 7 bytes). A server answers 400. */
  | ValueErrorCode;

/** The header, when it could be read: lets a server answer 400/440 to a request with a malformed attribute. */
export interface StunHeaderInfo {
  readonly class: StunClass;
  readonly method: number;
  readonly transactionId: Uint8Array;
}

/** A decode failure: what, where (byte offset from the start of the input) and a readable message. */
export interface StunDecodeError {
  readonly code: StunDecodeErrorCode;
  /** Byte offset of the problem: the header field, or the attribute's type/length header. */
  readonly offset: number;
  readonly message: string;
  /** The attribute type involved, for attribute errors. */
  readonly attributeType?: number;
  /** Present when the 20-byte header was valid (cookie and length checked). */
  readonly header?: StunHeaderInfo;
}

/** Result of {@link decode}. */
export type StunDecodeResult =
  | { readonly ok: true; readonly message: DecodedStunMessage }
  | { readonly ok: false; readonly error: StunDecodeError };

const MI = ATTRIBUTE_CODE['MESSAGE-INTEGRITY'];
const MI256 = ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'];
const FP = ATTRIBUTE_CODE.FINGERPRINT;

/** Which attributes may still be processed (RFC 8489 §14.5-§14.7). */
type Stage = 'open' | 'after-mi' | 'after-mi256' | 'after-fp';

/** Whether attribute `type` is processed at `stage`, and the stage after it. */
function advance(stage: Stage, type: number): { processed: boolean; next: Stage } {
  if (stage === 'after-fp') return { processed: false, next: stage };
  if (type === FP) return { processed: true, next: 'after-fp' };
  if (stage === 'after-mi256') return { processed: false, next: stage };
  if (type === MI256) return { processed: true, next: 'after-mi256' };
  if (stage === 'after-mi') return { processed: false, next: stage };
  if (type === MI) return { processed: true, next: 'after-mi' };
  return { processed: true, next: stage };
}

function fail(code: StunDecodeErrorCode, offset: number, message: string, extra?: Partial<StunDecodeError>): StunDecodeResult {
  return { ok: false, error: { code, offset, message, ...extra } };
}

/** Checks the 20-byte header (RFC 8489 §5); returns an error result or the header fields. */
function readHeader(bytes: Uint8Array): StunDecodeResult | { type: number; length: number; header: StunHeaderInfo } {
  if (bytes.length < HEADER_LENGTH) return fail('too-short', 0, `${bytes.length} bytes; a STUN header is 20`);
  if ((bytes[0] & 0xc0) !== 0) return fail('not-stun', 0, 'the two most significant bits must be zero');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = v.getUint16(0);
  const length = v.getUint16(2);
  if (v.getUint32(4) !== MAGIC_COOKIE) return fail('bad-magic-cookie', 4, 'magic cookie must be 0x2112A442');
  if (length % 4 !== 0) return fail('bad-length', 2, `message length ${length} is not a multiple of 4`);
  if (HEADER_LENGTH + length !== bytes.length) {
    return fail('bad-length', 2, `header says ${HEADER_LENGTH + length} bytes, got ${bytes.length}`);
  }
  const { class: cls, method } = decodeMessageType(type);
  return { type, length, header: { class: cls, method, transactionId: bytes.slice(8, 20) } };
}

/** The attribute lists a successful walk produces. */
interface Walked {
  readonly attributes: DecodedAttribute[];
  readonly ignored: (RawAttribute & AttributeLocation)[];
  readonly unknownRequired: number[];
}

/** Walks the TLV attributes of a length-checked message (RFC 8489 §14), decoding the processed known ones. */
function walkAttributes(copy: Uint8Array, header: StunHeaderInfo): Walked | StunDecodeResult {
  const ctx = { transactionId: header.transactionId };
  const out: Walked = { attributes: [], ignored: [], unknownRequired: [] };
  // De-duplication by set, so a datagram full of distinct unknown types costs linear work (was a quadratic scan).
  const unknownSeen = new Set<number>();
  let stage: Stage = 'open';
  for (let at = HEADER_LENGTH; at < copy.length; ) {
    if (copy.length - at < ATTRIBUTE_HEADER_LENGTH) {
      return fail('truncated-attribute', at, 'attribute header runs past the end', { header });
    }
    const type = (copy[at] << 8) | copy[at + 1];
    const length = (copy[at + 2] << 8) | copy[at + 3];
    const start = at + ATTRIBUTE_HEADER_LENGTH;
    if (start + length > copy.length) {
      const message = `attribute 0x${hex4(type)} value of ${length} bytes runs past the end`;
      return fail('truncated-attribute', at, message, { header, attributeType: type });
    }
    const value = copy.subarray(start, start + length);
    const step = advance(stage, type);
    stage = step.next;
    const name = attributeName(type);
    if (!step.processed) {
      out.ignored.push({ name: undefined, type, value, offset: at, length });
    } else if (name === undefined) {
      if (isComprehensionRequired(type) && !unknownSeen.has(type)) {
        unknownSeen.add(type);
        out.unknownRequired.push(type);
      }
      out.attributes.push({ name: undefined, type, value, offset: at, length });
    } else {
      const decoded = decodeAttributeValue(name, value, ctx);
      if (!decoded.ok) return fail(decoded.code, at, `${name}: ${decoded.message}`, { header, attributeType: type });
      out.attributes.push({ name, type, value: decoded.value, offset: at, length } as KnownAttribute & AttributeLocation);
    }
    // RFC 8489 §14: values are padded to a multiple of 4; padding bytes may hold any value and are skipped.
    at = start + ((length + 3) & ~3);
  }
  return out;
}

/**
 * Decodes one STUN message. `bytes` must be exactly one message (20 + the header's length). The input is copied.
 * Never throws: every failure is `{ ok: false, error }` with the byte offset of the problem.
 */
export function decode(bytes: Uint8Array): StunDecodeResult {
  if (!(bytes instanceof Uint8Array)) return fail('too-short', 0, 'input is not a Uint8Array');
  const head = readHeader(bytes);
  if ('ok' in head) return head;
  const copy = Uint8Array.from(bytes);
  const walked = walkAttributes(copy, head.header);
  if ('ok' in walked) return walked;
  return {
    ok: true,
    message: new DecodedStunMessage({
      ...head.header,
      messageType: head.type,
      bytes: copy,
      attributes: walked.attributes,
      ignoredAttributes: walked.ignored,
      unknownRequired: walked.unknownRequired,
    }),
  };
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

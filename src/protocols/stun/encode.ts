/**
 * encode(msg, options): serialise a message (RFC 8489 §5, §14), then append MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT as requested, in that order (RFC 8489 §14.6), each computed with the
 * header length pointing at its own end.
 */
import { encodeAttributeValue, isSecurityAttribute, ATTRIBUTE_CODE } from './attribute-table';
import { ATTRIBUTE_HEADER_LENGTH, HEADER_LENGTH, MAGIC_COOKIE } from './constants';
import { StunEncodeError } from './errors';
import { computeFingerprint } from './fingerprint';
import { computeIntegrity, IntegrityAlgorithm } from './integrity';
import { StunMessageBase } from './message';
import { encodeMessageType } from './message-type';

/** How to protect a message (RFC 8489 §9). */
export interface IntegrityInit {
  /** HMAC key: shortTermKey(password) or longTermKey(username, realm, password, algorithm). */
  readonly key: Uint8Array;
  /**
   * Which integrity attribute(s) to add; both may be requested (MESSAGE-INTEGRITY then MESSAGE-INTEGRITY-SHA256).
   * @default 'sha1'
   */
  readonly algorithm?: IntegrityAlgorithm | readonly IntegrityAlgorithm[];
}

/** Options of {@link encode}. */
export interface EncodeInit {
  /** Add MESSAGE-INTEGRITY and/or MESSAGE-INTEGRITY-SHA256. @default undefined (none) */
  readonly integrity?: IntegrityInit;
  /** Add FINGERPRINT as the last attribute (RFC 8489 §14.7; mandatory for ICE checks). @default false */
  readonly fingerprint?: boolean;
  /**
   * The byte written into attribute padding. RFC 8489 §14 says padding may be any value; senders normally write 0.
   * RFC 5769's sample request pads with 0x20, so set 0x20 to reproduce it byte for byte. @default 0
   */
  readonly paddingByte?: number;
}

/** One attribute ready to write: type code and value bytes (unpadded). */
interface WireAttribute {
  readonly type: number;
  readonly value: Uint8Array;
}

/** Value bytes of each attribute; the security trailer in the list is skipped (it is recomputed from options). */
function wireAttributes(msg: StunMessageBase): WireAttribute[] {
  const out: WireAttribute[] = [];
  for (const a of msg.attributes) {
    if (a.name === undefined) out.push({ type: a.type, value: a.value });
    else if (!isSecurityAttribute(a.name)) out.push({ type: a.type, value: encodeAttributeValue(a.name, a.value, msg) });
  }
  return out;
}

const padded = (n: number): number => (n + 3) & ~3;

/** Which integrity algorithms to apply, in wire order. */
function algorithms(integrity: IntegrityInit | undefined): IntegrityAlgorithm[] {
  if (!integrity) return [];
  const requested = integrity.algorithm ?? 'sha1';
  const list: readonly string[] = typeof requested === 'string' ? [requested] : requested;
  for (const a of list) {
    if (a !== 'sha1' && a !== 'sha256') throw new StunEncodeError(`algorithm must be 'sha1' or 'sha256', got ${a}`, 'integrity');
  }
  if (!(integrity.key instanceof Uint8Array)) throw new StunEncodeError('key must be a Uint8Array', 'integrity');
  return (['sha1', 'sha256'] as const).filter((a) => list.includes(a));
}

/** Writes the 20-byte header with the given body length. */
function writeHeader(out: Uint8Array, msg: StunMessageBase, bodyLength: number): void {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setUint16(0, encodeMessageType(msg.class, msg.method));
  v.setUint16(2, bodyLength);
  v.setUint32(4, MAGIC_COOKIE);
  out.set(msg.transactionId.subarray(0, 12), 8);
}

/** Writes a TLV attribute at `at`, padding with `pad`; returns the offset after it. */
function writeAttribute(out: Uint8Array, at: number, type: number, value: Uint8Array, pad: number): number {
  out[at] = type >> 8;
  out[at + 1] = type & 0xff;
  out[at + 2] = value.length >> 8;
  out[at + 3] = value.length & 0xff;
  out.set(value, at + ATTRIBUTE_HEADER_LENGTH);
  const end = at + ATTRIBUTE_HEADER_LENGTH + padded(value.length);
  out.fill(pad, at + ATTRIBUTE_HEADER_LENGTH + value.length, end);
  return end;
}

/**
 * Encodes a message to bytes. Known attributes are re-encoded from their values, raw ones written verbatim; any
 * MESSAGE-INTEGRITY / MESSAGE-INTEGRITY-SHA256 / FINGERPRINT in the list are dropped and recomputed from `options`.
 * @throws StunEncodeError if the message exceeds 65535 body bytes or an option is invalid
 */
export function encode(msg: StunMessageBase, options: EncodeInit = {}): Uint8Array {
  const pad = options.paddingByte ?? 0;
  if (!Number.isInteger(pad) || pad < 0 || pad > 255) throw new StunEncodeError(`paddingByte must be 0..255, got ${pad}`, 'options');
  const attrs = wireAttributes(msg);
  const macs = algorithms(options.integrity);
  const trailer = macs.reduce((n, a) => n + ATTRIBUTE_HEADER_LENGTH + (a === 'sha1' ? 20 : 32), 0) + (options.fingerprint ? 8 : 0);
  const body = attrs.reduce((n, a) => n + ATTRIBUTE_HEADER_LENGTH + padded(a.value.length), 0) + trailer;
  if (body > 0xffff) throw new StunEncodeError(`body is ${body} bytes; the length field allows 65535`, 'message');
  const out = new Uint8Array(HEADER_LENGTH + body);
  writeHeader(out, msg, body);
  let at = HEADER_LENGTH;
  for (const a of attrs) at = writeAttribute(out, at, a.type, a.value, pad);
  for (const alg of macs) {
    const mac = computeIntegrity(out.subarray(0, at), options.integrity!.key, alg);
    const type = alg === 'sha1' ? ATTRIBUTE_CODE['MESSAGE-INTEGRITY'] : ATTRIBUTE_CODE['MESSAGE-INTEGRITY-SHA256'];
    at = writeAttribute(out, at, type, mac, pad);
  }
  if (options.fingerprint) {
    const crc = computeFingerprint(out.subarray(0, at));
    const value = Uint8Array.of(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff);
    writeAttribute(out, at, ATTRIBUTE_CODE.FINGERPRINT, value, pad);
  }
  return out;
}

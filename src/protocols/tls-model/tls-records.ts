/**
 * The TLS record layer (RFC 8446 §5.1-§5.2) as natsim's TLS model uses it: `type (8) | legacy_version (16) |
 * length (16) | fragment`, at most 2^14 bytes of plaintext per record. Application data is framed the way TLS 1.3
 * frames a TLSCiphertext (outer type 23, version 0x0303, `content | inner type | 16-byte tag`), but NOTHING IS
 * ENCRYPTED: the content is the plaintext and the "tag" is 16 zero bytes (docs/turn-tcp-tls.md). Pure; decoding
 * never throws on hostile bytes.
 */
import { ByteQueue } from '../stream/byte-queue';

/** Record content types (RFC 8446 §5.1). */
export const TLS_CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

/** Largest plaintext in one record (RFC 8446 §5.1: 2^14). */
export const TLS_MAX_PLAINTEXT = 16384;

/** Largest record fragment accepted (RFC 8446 §5.2: 2^14 + 256). */
export const TLS_MAX_FRAGMENT = TLS_MAX_PLAINTEXT + 256;

/** Bytes of the modelled AEAD tag (AES-128-GCM's size, RFC 8446 §5.2); all zero in the model. */
export const TLS_TAG_SIZE = 16;

/** Record header size. */
export const TLS_RECORD_HEADER_SIZE = 5;

/** One record: its content type and fragment. */
export interface TlsRecord {
  readonly type: number;
  readonly fragment: Uint8Array;
}

/** Encodes one record with `legacy_version` (0x0301 for the first ClientHello, else 0x0303, RFC 8446 §5.1). */
export function encodeTlsRecord(type: number, fragment: Uint8Array, version = 0x0303): Uint8Array {
  if (fragment.length > TLS_MAX_FRAGMENT) throw new RangeError(`encodeTlsRecord: ${fragment.length} bytes exceed a record (${TLS_MAX_FRAGMENT})`);
  const out = new Uint8Array(TLS_RECORD_HEADER_SIZE + fragment.length);
  out[0] = type;
  out[1] = version >>> 8;
  out[2] = version & 0xff;
  out[3] = fragment.length >>> 8;
  out[4] = fragment.length & 0xff;
  out.set(fragment, TLS_RECORD_HEADER_SIZE);
  return out;
}

/**
 * Application data as modelled TLS 1.3 records (RFC 8446 §5.2 shape): each at most 2^14 bytes of `data`, then the
 * inner content type 23 and 16 zero "tag" bytes, under outer type 23. The data is NOT encrypted.
 */
export function encodeApplicationData(data: Uint8Array, innerType: number = TLS_CONTENT.applicationData): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length || (at === 0 && data.length === 0); at += TLS_MAX_PLAINTEXT) {
    const part = data.subarray(at, at + TLS_MAX_PLAINTEXT);
    const inner = new Uint8Array(part.length + 1 + TLS_TAG_SIZE);
    inner.set(part);
    inner[part.length] = innerType;
    out.push(encodeTlsRecord(TLS_CONTENT.applicationData, inner));
    if (data.length === 0) break;
  }
  return out;
}

/** The content of a modelled application data record: strips the zero tag and the inner type; undefined if malformed. */
export function openApplicationData(fragment: Uint8Array): { readonly innerType: number; readonly content: Uint8Array } | undefined {
  if (fragment.length < 1 + TLS_TAG_SIZE) return undefined;
  const end = fragment.length - TLS_TAG_SIZE;
  for (let i = end; i < fragment.length; i++) if (fragment[i] !== 0) return undefined;
  return { innerType: fragment[end - 1], content: fragment.subarray(0, end - 1) };
}

/** Why a record stream was refused. */
export interface TlsRecordError {
  readonly code: 'bad-content-type' | 'record-too-long';
  readonly offset: number;
  readonly message: string;
}

/** Splits a TLS byte stream into records (robust to any chunking; stops at the first bad header). */
export class TlsRecordDecoder {
  private readonly queue = new ByteQueue();
  private failure: TlsRecordError | undefined;

  /** Feeds bytes; `onRecord` gets each complete record. Returns the error once the stream is bad. */
  push(chunk: Uint8Array, onRecord: (r: TlsRecord) => void): TlsRecordError | undefined {
    if (this.failure) return this.failure;
    this.queue.push(chunk);
    while (this.queue.length >= TLS_RECORD_HEADER_SIZE) {
      const type = this.queue.peek(0);
      if (type < TLS_CONTENT.changeCipherSpec || type > TLS_CONTENT.applicationData) {
        return this.fail('bad-content-type', `content type ${type} is not 20-23 (RFC 8446 §5.1)`);
      }
      const length = this.queue.peekUint16(3);
      if (length > TLS_MAX_FRAGMENT) return this.fail('record-too-long', `record length ${length} is above ${TLS_MAX_FRAGMENT} (RFC 8446 §5.2)`);
      if (this.queue.length < TLS_RECORD_HEADER_SIZE + length) break;
      this.queue.skip(TLS_RECORD_HEADER_SIZE);
      onRecord({ type, fragment: this.queue.take(length) });
    }
    return undefined;
  }

  private fail(code: TlsRecordError['code'], message: string): TlsRecordError {
    this.failure = { code, offset: this.queue.offset, message };
    this.queue.clear();
    return this.failure;
  }
}

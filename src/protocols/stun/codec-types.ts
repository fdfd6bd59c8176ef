/** Shared shapes for attribute value codecs (one codec per attribute value format, RFC 8489 §14). */

/** What a value codec may need besides the value: XOR address attributes mask with the transaction id. */
export interface CodecContext {
  /** The message's 96-bit transaction id (RFC 8489 §14.2: IPv6 XOR mask is cookie ‖ transaction id). */
  readonly transactionId: Uint8Array;
}

/** Why a known attribute's value could not be decoded. */
export type ValueErrorCode = 'bad-attribute' | 'unsupported-address-family';

/** Result of decoding one attribute value: the typed value, or why the bytes are not a valid value. */
export type ValueResult<V> =
  | { readonly ok: true; readonly value: V }
  | { readonly ok: false; readonly code: ValueErrorCode; readonly message: string };

/**
 * Encodes and decodes one attribute value format. `encode` throws StunEncodeError for values that cannot be
 * represented (the caller adds the attribute name); `decode` never throws and gets the value bytes without padding.
 */
export interface ValueCodec<V> {
  encode(value: V, ctx: CodecContext): Uint8Array;
  decode(bytes: Uint8Array, ctx: CodecContext): ValueResult<V>;
}

/** A successful {@link ValueResult}. */
export function okValue<V>(value: V): ValueResult<V> {
  return { ok: true, value };
}

/** A failed {@link ValueResult} (code 'bad-attribute' unless given). */
export function badValue<V>(message: string, code: ValueErrorCode = 'bad-attribute'): ValueResult<V> {
  return { ok: false, code, message };
}

/** Thrown by value codecs for unencodable values; the attribute table rethrows it as StunEncodeError with the name. */
export class ValueEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueEncodeError';
  }
}

/** Throws a {@link ValueEncodeError}; used by codecs as `return invalid('...')` guards. */
export function invalid(message: string): never {
  throw new ValueEncodeError(message);
}

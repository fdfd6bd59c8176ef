/** Value codecs for the simple STUN attribute formats: integers, text, opaque bytes, flags (RFC 8489 §14). */
import { badValue, invalid, okValue, ValueCodec } from './codec-types';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Big-endian view helper. */
function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Checks an integer is within [0, max]. */
function checkUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) invalid(`${what} must be an integer 0..${max}, got ${value}`);
}

/** 32-bit unsigned integer (PRIORITY, LIFETIME, CACHE-TIMEOUT, FINGERPRINT). */
export const uint32Codec: ValueCodec<number> = {
  encode(value) {
    checkUint(value, 0xffffffff, 'value');
    const out = new Uint8Array(4);
    view(out).setUint32(0, value);
    return out;
  },
  decode(bytes) {
    if (bytes.length !== 4) return badValue(`expected 4 bytes, got ${bytes.length}`);
    return okValue(view(bytes).getUint32(0));
  },
};

/** 16-bit unsigned integer followed by 2 reserved bytes (RESPONSE-PORT RFC 5780 §7.5, CHANNEL-NUMBER RFC 8656 §18.1). */
export const uint16PaddedCodec: ValueCodec<number> = {
  encode(value) {
    checkUint(value, 0xffff, 'value');
    const out = new Uint8Array(4);
    view(out).setUint16(0, value);
    return out;
  },
  decode(bytes) {
    if (bytes.length !== 4) return badValue(`expected 4 bytes, got ${bytes.length}`);
    return okValue(view(bytes).getUint16(0));
  },
};

/** 64-bit unsigned integer as bigint (ICE-CONTROLLED / ICE-CONTROLLING tie-breakers, RFC 8445 §16.1). */
export const uint64Codec: ValueCodec<bigint> = {
  encode(value) {
    if (typeof value !== 'bigint' || value < 0n || value > 0xffffffffffffffffn) {
      invalid(`value must be a bigint 0..2^64-1, got ${String(value)}`);
    }
    const out = new Uint8Array(8);
    view(out).setBigUint64(0, value);
    return out;
  },
  decode(bytes) {
    if (bytes.length !== 8) return badValue(`expected 8 bytes, got ${bytes.length}`);
    return okValue(view(bytes).getBigUint64(0));
  },
};

/** Matches an unpaired UTF-16 surrogate, which UTF-8 cannot carry. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Encodes a well-formed string as UTF-8, refusing lone surrogates (they would not round-trip). */
export function utf8(value: string): Uint8Array {
  if (typeof value !== 'string' || LONE_SURROGATE.test(value)) invalid('value must be a well-formed Unicode string');
  return utf8Encoder.encode(value);
}

/**
 * UTF-8 text with limits (USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN). Limits are enforced when encoding
 * only: a receiver accepts what it can decode (RFC 8489 §14 names the limits as sender requirements).
 * @param maxBytes largest encoded length
 * @param maxChars largest number of characters (code points), if the RFC limits characters
 */
export function textCodec(maxBytes: number, maxChars?: number): ValueCodec<string> {
  return {
    encode(value) {
      const bytes = utf8(value);
      if (bytes.length > maxBytes) invalid(`at most ${maxBytes} UTF-8 bytes allowed, got ${bytes.length}`);
      if (maxChars !== undefined && [...value].length > maxChars) invalid(`at most ${maxChars} characters allowed`);
      return bytes;
    },
    decode(bytes) {
      try {
        return okValue(utf8Decoder.decode(bytes));
      } catch {
        return badValue('value is not valid UTF-8');
      }
    },
  };
}

/**
 * Opaque bytes (DATA, PADDING, USERHASH, RESERVATION-TOKEN, MESSAGE-INTEGRITY...).
 * @param sizes allowed lengths: exact length, a predicate, or undefined for any length up to 65535
 * @param describe how the allowed lengths read in an error ('32 bytes')
 */
export function bytesCodec(sizes?: number | ((n: number) => boolean), describe = 'a valid length'): ValueCodec<Uint8Array> {
  const fits = (n: number): boolean =>
    sizes === undefined ? n <= 0xffff : typeof sizes === 'number' ? n === sizes : sizes(n);
  return {
    encode(value) {
      if (!(value instanceof Uint8Array)) invalid('value must be a Uint8Array');
      if (!fits(value.length)) invalid(`length must be ${describe}, got ${value.length}`);
      return value;
    },
    decode(bytes) {
      if (!fits(bytes.length)) return badValue(`length must be ${describe}, got ${bytes.length}`);
      return okValue(bytes);
    },
  };
}

/** Zero-length flag attribute whose presence means `true` (USE-CANDIDATE RFC 8445 §16.1, DONT-FRAGMENT RFC 8656 §18.8). */
export const flagCodec: ValueCodec<true> = {
  encode(value) {
    if (value !== true) invalid('a flag attribute takes the value true');
    return new Uint8Array(0);
  },
  decode(bytes) {
    if (bytes.length !== 0) return badValue(`expected an empty value, got ${bytes.length} bytes`);
    return okValue(true);
  },
};

/** List of 16-bit attribute types (UNKNOWN-ATTRIBUTES, RFC 8489 §14.9). */
export const uint16ListCodec: ValueCodec<readonly number[]> = {
  encode(value) {
    if (!Array.isArray(value)) invalid('value must be an array of attribute types');
    const out = new Uint8Array(2 * value.length);
    value.forEach((t, i) => {
      checkUint(t, 0xffff, 'attribute type');
      view(out).setUint16(2 * i, t);
    });
    return out;
  },
  decode(bytes) {
    if (bytes.length % 2 !== 0) return badValue(`length must be even, got ${bytes.length}`);
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i += 2) out.push(view(bytes).getUint16(i));
    return okValue(out);
  },
};

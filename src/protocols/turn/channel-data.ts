/**
 * The ChannelData message (RFC 8656 §12.4-§12.6): `channel number (16) | length (16) | application data`, where
 * length counts only the data (0 is valid) and padding to a multiple of 4 is required over TCP/TLS and optional
 * over UDP (§12.5). Decoding never throws; it returns a structured error saying where it failed.
 */
import { ChannelNumberError } from './errors';
import {
  CHANNEL_NUMBER_LEGACY_MAX,
  CHANNEL_NUMBER_MAX,
  CHANNEL_NUMBER_MIN,
  formatChannelNumber,
  isBindableChannelNumber,
} from './channel-numbers';

/** Bytes in the ChannelData header (RFC 8656 §12.4). */
export const CHANNEL_DATA_HEADER_SIZE = 4;

/** Largest application data a ChannelData message can carry (16-bit length field, §12.4). */
export const CHANNEL_DATA_MAX_LENGTH = 0xffff;

/** Options for encodeChannelData. */
export interface EncodeChannelDataInit {
  /**
   * Pad the message to a multiple of 4 bytes with zero bytes (RFC 8656 §12.5: MUST over TCP/TLS, MAY over UDP).
   * @default false
   */
  padTo4?: boolean;
  /**
   * Allow the RFC 5766 range 0x5000-0x7FFF too (to imitate an old peer in a scenario). RFC 8656 peers never send it.
   * @default false
   */
  legacyRange?: boolean;
}

/**
 * Encodes a ChannelData message (RFC 8656 §12.4). Throws ChannelNumberError when `channel` is outside 0x4000-0x4FFF
 * (0x4000-0x7FFF with `legacyRange`) or `data` is longer than 65535 bytes.
 * Example: channel 0x4000, data 01 02 03 -> 40 00 00 03 01 02 03 (+ 00 with padTo4).
 */
export function encodeChannelData(channel: number, data: Uint8Array, init: EncodeChannelDataInit = {}): Uint8Array {
  const max = init.legacyRange ? CHANNEL_NUMBER_LEGACY_MAX : CHANNEL_NUMBER_MAX;
  if (!Number.isInteger(channel) || channel < CHANNEL_NUMBER_MIN || channel > max) {
    throw new ChannelNumberError(
      `encodeChannelData: channel ${String(channel)} is not a channel number ` +
        `(valid: ${formatChannelNumber(CHANNEL_NUMBER_MIN)}-${formatChannelNumber(max)}, RFC 8656 §12)`,
    );
  }
  if (data.length > CHANNEL_DATA_MAX_LENGTH) {
    throw new ChannelNumberError(
      `encodeChannelData: ${data.length} data bytes do not fit the 16-bit length field (max ${CHANNEL_DATA_MAX_LENGTH})`,
    );
  }
  const size = CHANNEL_DATA_HEADER_SIZE + data.length;
  const out = new Uint8Array(init.padTo4 ? (size + 3) & ~3 : size);
  out[0] = channel >>> 8;
  out[1] = channel & 0xff;
  out[2] = data.length >>> 8;
  out[3] = data.length & 0xff;
  out.set(data, CHANNEL_DATA_HEADER_SIZE);
  return out;
}

/** Why a ChannelData message was rejected. */
export type ChannelDataErrorCode =
  /** Fewer than the 4 header bytes. */
  | 'truncated-header'
  /** Channel number below 0x4000: not ChannelData at all (STUN, for example, starts with 0b00). */
  | 'not-channel-data'
  /** Channel number 0x8000-0xFFFF: reserved (RFC 8656 §12.6, RFC 7983); silently discarded. */
  | 'reserved-channel'
  /** The datagram is shorter than 4 + length (RFC 8656 §12.6: silently discarded). */
  | 'truncated-data'
  /** More than 3 bytes after the data: more than padding (§12.5 pads to the next multiple of 4 only). */
  | 'trailing-bytes';

/** A structured ChannelData decoding error: what, and at which byte offset. */
export interface ChannelDataError {
  readonly code: ChannelDataErrorCode;
  /** Byte offset where decoding failed. */
  readonly offset: number;
  readonly message: string;
}

/** A decoded ChannelData message. */
export interface DecodedChannelData {
  readonly ok: true;
  /** Channel number, 0x4000-0x7FFF. */
  readonly channel: number;
  /** The application data (a view into the input bytes, not a copy). */
  readonly data: Uint8Array;
  /** True for 0x5000-0x7FFF: valid only under RFC 5766 (§11), accepted for interoperability. */
  readonly legacyRange: boolean;
  /** Padding bytes after the data (0-3). */
  readonly padding: number;
}

/** Result of decodeChannelData. */
export type ChannelDataResult = DecodedChannelData | { readonly ok: false; readonly error: ChannelDataError };

function fail(code: ChannelDataErrorCode, offset: number, message: string): ChannelDataResult {
  return { ok: false, error: { code, offset, message } };
}

/**
 * Decodes one ChannelData message from a UDP payload (RFC 8656 §12.6). Accepts channels 0x4000-0x7FFF (RFC 5766
 * peers); rejects 0x0000-0x3FFF and 0x8000-0xFFFF, payloads shorter than 4 + length, and more than 3 padding
 * bytes. Never throws, whatever the bytes.
 */
export function decodeChannelData(bytes: Uint8Array): ChannelDataResult {
  if (!(bytes instanceof Uint8Array)) return fail('truncated-header', 0, 'input is not a Uint8Array');
  if (bytes.length < CHANNEL_DATA_HEADER_SIZE) {
    return fail('truncated-header', bytes.length, `ChannelData needs a 4-byte header, got ${bytes.length} bytes`);
  }
  const channel = (bytes[0] << 8) | bytes[1];
  if (channel < CHANNEL_NUMBER_MIN) {
    return fail('not-channel-data', 0, `channel number ${formatChannelNumber(channel)} is below 0x4000`);
  }
  if (channel > CHANNEL_NUMBER_LEGACY_MAX) {
    return fail('reserved-channel', 0, `channel number ${formatChannelNumber(channel)} is reserved (0x8000-0xFFFF)`);
  }
  const length = (bytes[2] << 8) | bytes[3];
  const end = CHANNEL_DATA_HEADER_SIZE + length;
  if (bytes.length < end) {
    return fail('truncated-data', bytes.length, `length field says ${length} data bytes, only ${bytes.length - 4} present`);
  }
  const padding = bytes.length - end;
  if (padding > 3) {
    return fail('trailing-bytes', end + 3, `${padding} bytes after ${length} data bytes (padding is at most 3)`);
  }
  return {
    ok: true,
    channel,
    data: bytes.subarray(CHANNEL_DATA_HEADER_SIZE, end),
    legacyRange: !isBindableChannelNumber(channel),
    padding,
  };
}

/**
 * Demultiplexes a received payload: true when the first byte is 64-79, the TURN ChannelData range of RFC 7983 §7
 * and RFC 8656 Table 3 (0-3 is STUN). A legacy 0x5000-0x7FFF channel is not matched here (first byte 80-127 is
 * reserved by RFC 7983) unless `legacyRange` is set; decodeChannelData accepts it either way.
 */
export function isChannelData(bytes: Uint8Array, legacyRange = false): boolean {
  // With `legacyRange` (a server accepting RFC 5766 channels 0x4000-0x7FFF) the first byte is 64-127. STUN
  // (first byte 0-3) never collides; DTLS/SRTP (20-63, 128-191) only share a socket with TURN on the client side.
  return bytes instanceof Uint8Array && bytes.length > 0 && bytes[0] >= 64 && bytes[0] <= (legacyRange ? 127 : 79);
}

/** On-the-wire size of a ChannelData message with `length` data bytes, padded or not (RFC 8656 §12.5). */
export function channelDataSize(length: number, padTo4: boolean): number {
  const size = CHANNEL_DATA_HEADER_SIZE + length;
  return padTo4 ? (size + 3) & ~3 : size;
}

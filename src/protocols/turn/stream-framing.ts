/**
 * TURN over a stream (TCP or TLS-over-TCP, RFC 8656 §3.1): the client and the server exchange STUN messages and
 * ChannelData messages back to back on one byte stream. The first two bits tell them apart (RFC 8656 §12.5, RFC
 * 7983 §7): 0b00 is a STUN message whose total size is 20 + the header's length field (RFC 8489 §6.2.2); 0b01 is
 * ChannelData, `channel (16) | length (16) | data`, padded with zeros to a multiple of 4 bytes on a stream (RFC
 * 8656 §12.5: MUST over TCP and TLS). Anything else cannot be framed: the decoder stops with a structured error,
 * and the caller closes the connection (there is no way to find the next message boundary).
 *
 * Pure and robust to arbitrary chunking: bytes may arrive one at a time or many messages per chunk.
 */
import { ByteQueue } from '../stream/byte-queue';
import { CHANNEL_DATA_HEADER_SIZE, channelDataSize, encodeChannelData } from './channel-data';
import { CHANNEL_NUMBER_LEGACY_MAX, CHANNEL_NUMBER_MAX, formatChannelNumber } from './channel-numbers';

/** STUN header size (RFC 8489 §5). */
const STUN_HEADER_SIZE = 20;

/** The STUN magic cookie (RFC 8489 §5). */
const MAGIC_COOKIE = 0x2112a442;

/** Largest STUN message a 16-bit length field allows: 20 + 65532 (the length is a multiple of 4). */
export const MAX_STREAM_STUN_SIZE = STUN_HEADER_SIZE + 0xfffc;

/** One message cut from the stream. */
export interface TurnStreamFrame {
  readonly kind: 'stun' | 'channel-data';
  /**
   * The message: a whole STUN message, or a ChannelData message WITHOUT its stream padding (4 + length bytes), as
   * decodeChannelData and a UDP datagram would have it. A view, valid until the next push.
   */
  readonly bytes: Uint8Array;
}

/** Why a TURN stream could not be framed. */
export type TurnStreamErrorCode =
  /** First two bits 0b10 or 0b11: neither STUN nor ChannelData (RFC 7983 §7). */
  | 'bad-first-byte'
  /** A STUN-shaped header without the 0x2112A442 cookie. */
  | 'bad-magic-cookie'
  /** A STUN length that is not a multiple of 4 (RFC 8489 §5) or above the limit. */
  | 'bad-stun-length'
  /** A channel number outside the accepted range (0x5000-0x7FFF without legacyChannelNumbers). */
  | 'bad-channel-number'
  /** A message larger than maxMessageSize. */
  | 'too-large';

/** A structured framing error: what, and at which stream offset (bytes since the connection began). */
export interface TurnStreamError {
  readonly code: TurnStreamErrorCode;
  readonly offset: number;
  readonly message: string;
}

/** Options of a TurnStreamDecoder. */
export interface TurnStreamDecoderInit {
  /** Accept RFC 5766 channel numbers 0x5000-0x7FFF too (as a server with legacyChannelNumbers does). @default false */
  legacyChannelNumbers?: boolean;
  /**
   * Largest message accepted, bytes (a hostile client cannot make the server buffer more than this per
   * connection). @default 65556 (the largest STUN message; ChannelData up to 65535 data bytes is 65540 padded)
   */
  maxMessageSize?: number;
}

/** Splits a TURN client-server stream into STUN and ChannelData messages (RFC 8656 §3.1, §12.5). */
export class TurnStreamDecoder {
  private readonly queue = new ByteQueue();
  private readonly maxChannel: number;
  private readonly maxMessageSize: number;
  private failure: TurnStreamError | undefined;

  constructor(init: TurnStreamDecoderInit = {}) {
    this.maxChannel = init.legacyChannelNumbers ? CHANNEL_NUMBER_LEGACY_MAX : CHANNEL_NUMBER_MAX;
    this.maxMessageSize = init.maxMessageSize ?? MAX_STREAM_STUN_SIZE;
    if (!Number.isInteger(this.maxMessageSize) || this.maxMessageSize < STUN_HEADER_SIZE) {
      throw new RangeError(`TurnStreamDecoderInit.maxMessageSize: ${this.maxMessageSize} must be a whole number >= ${STUN_HEADER_SIZE}`);
    }
  }

  /** The error that stopped the decoder, if any. */
  get error(): TurnStreamError | undefined {
    return this.failure;
  }

  /** Bytes received that do not complete a message yet. */
  get buffered(): number {
    return this.queue.length;
  }

  /**
   * Feeds received bytes; `onFrame` gets every complete message in order. Returns the error once the stream
   * cannot be framed (now or earlier: a failed decoder ignores later bytes), else undefined.
   */
  push(chunk: Uint8Array, onFrame: (frame: TurnStreamFrame) => void): TurnStreamError | undefined {
    if (this.failure) return this.failure;
    this.queue.push(chunk);
    for (;;) {
      const next = this.nextSize();
      if (next === 'need-more') return undefined;
      if ('code' in next) return next;
      if (this.queue.length < next.wire) return undefined;
      const bytes = this.queue.take(next.message);
      this.queue.skip(next.wire - next.message);
      onFrame({ kind: next.kind, bytes });
    }
  }

  /** The size of the message at the front, 'need-more' before its header is in, or the error. */
  private nextSize(): { kind: TurnStreamFrame['kind']; message: number; wire: number } | 'need-more' | TurnStreamError {
    const q = this.queue;
    if (q.length === 0) return 'need-more';
    const first = q.peek(0);
    if (first >= 0x80) return this.fail('bad-first-byte', `first byte 0x${first.toString(16)} starts neither STUN (0b00) nor ChannelData (0b01)`);
    if (first >= 0x40) {
      if (q.length < CHANNEL_DATA_HEADER_SIZE) return 'need-more';
      const channel = q.peekUint16(0);
      if (channel > this.maxChannel) {
        return this.fail('bad-channel-number', `channel number ${formatChannelNumber(channel)} is above ${formatChannelNumber(this.maxChannel)}`);
      }
      const length = q.peekUint16(2);
      const wire = channelDataSize(length, true);
      if (wire > this.maxMessageSize) return this.fail('too-large', `ChannelData of ${length} data bytes is above the ${this.maxMessageSize}-byte limit`);
      return { kind: 'channel-data', message: CHANNEL_DATA_HEADER_SIZE + length, wire };
    }
    if (q.length < 8) return 'need-more';
    if (q.peekUint32(4) !== MAGIC_COOKIE) return this.fail('bad-magic-cookie', `bytes 4-7 are 0x${q.peekUint32(4).toString(16).padStart(8, '0')}, not the magic cookie 0x2112a442`);
    const length = q.peekUint16(2);
    if (length % 4 !== 0) return this.fail('bad-stun-length', `STUN length ${length} is not a multiple of 4 (RFC 8489 §5)`);
    const size = STUN_HEADER_SIZE + length;
    if (size > this.maxMessageSize) return this.fail('too-large', `STUN message of ${size} bytes is above the ${this.maxMessageSize}-byte limit`);
    return { kind: 'stun', message: size, wire: size };
  }

  private fail(code: TurnStreamErrorCode, message: string): TurnStreamError {
    this.failure = { code, offset: this.queue.offset, message };
    this.queue.clear();
    return this.failure;
  }
}

/**
 * Pads a message for a stream (RFC 8656 §12.5): ChannelData gets zero bytes up to a multiple of 4; a STUN message
 * is already one. Returns `bytes` itself when no padding is needed.
 */
export function padForStream(bytes: Uint8Array): Uint8Array {
  const rest = bytes.length & 3;
  if (rest === 0) return bytes;
  const out = new Uint8Array(bytes.length + 4 - rest);
  out.set(bytes);
  return out;
}

/** encodeChannelData padded for a stream (RFC 8656 §12.5 MUST over TCP and TLS). */
export function encodeStreamChannelData(channel: number, data: Uint8Array, legacyRange = false): Uint8Array {
  return encodeChannelData(channel, data, { padTo4: true, legacyRange });
}

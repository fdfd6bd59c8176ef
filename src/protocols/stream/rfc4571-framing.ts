/**
 * RFC 4571 §2 framing: each packet (RTP, RTCP, or STUN in ICE-TCP, RFC 6544 §3) on a TCP connection is preceded by
 * a 16-bit big-endian length, so a packet carries 0-65535 bytes. The decoder splits a byte stream into packets
 * however it was chunked; it never throws on hostile bytes: a frame above the configured limit is an error, after
 * which the decoder refuses everything (the caller closes the connection).
 */
import { ByteQueue } from './byte-queue';

/** Bytes of the length prefix (RFC 4571 §2). */
export const RFC4571_LENGTH_SIZE = 2;

/** Largest packet a 16-bit length can frame. */
export const RFC4571_MAX_LENGTH = 0xffff;

/**
 * Frames one packet: `length (16) | packet`.
 * @throws RangeError when the packet is longer than 65535 bytes
 */
export function encodeRfc4571(packet: Uint8Array): Uint8Array {
  if (packet.length > RFC4571_MAX_LENGTH) {
    throw new RangeError(`encodeRfc4571: ${packet.length} bytes do not fit the 16-bit length (max ${RFC4571_MAX_LENGTH}, RFC 4571 §2)`);
  }
  const out = new Uint8Array(RFC4571_LENGTH_SIZE + packet.length);
  out[0] = packet.length >>> 8;
  out[1] = packet.length & 0xff;
  out.set(packet, RFC4571_LENGTH_SIZE);
  return out;
}

/** Options of an Rfc4571Decoder. */
export interface Rfc4571DecoderInit {
  /** Largest packet accepted; a longer length prefix is an error. @default 65535 */
  maxLength?: number;
  /** Accept zero-length frames (delivered as empty packets). @default false: a 0 length is an error */
  allowEmpty?: boolean;
}

/** Why an RFC 4571 stream was refused. */
export interface Rfc4571Error {
  readonly code: 'frame-too-long' | 'empty-frame';
  /** Stream offset of the offending length prefix. */
  readonly offset: number;
  readonly message: string;
}

/** Splits an RFC 4571 byte stream into packets. */
export class Rfc4571Decoder {
  private readonly queue = new ByteQueue();
  private readonly maxLength: number;
  private readonly allowEmpty: boolean;
  private failure: Rfc4571Error | undefined;

  constructor(init: Rfc4571DecoderInit = {}) {
    this.maxLength = init.maxLength ?? RFC4571_MAX_LENGTH;
    if (!Number.isInteger(this.maxLength) || this.maxLength < 1 || this.maxLength > RFC4571_MAX_LENGTH) {
      throw new RangeError(`Rfc4571DecoderInit.maxLength: ${this.maxLength} must be a whole number from 1 to ${RFC4571_MAX_LENGTH}`);
    }
    this.allowEmpty = init.allowEmpty ?? false;
  }

  /** The error that stopped the decoder, if any. */
  get error(): Rfc4571Error | undefined {
    return this.failure;
  }

  /** Bytes received that do not complete a packet yet. */
  get buffered(): number {
    return this.queue.length;
  }

  /**
   * Feeds received bytes; `onPacket` gets each complete packet in order (a view valid until the next push).
   * Returns the error when the stream is bad (now or before), else undefined.
   */
  push(chunk: Uint8Array, onPacket: (packet: Uint8Array) => void): Rfc4571Error | undefined {
    if (this.failure) return this.failure;
    this.queue.push(chunk);
    while (this.queue.length >= RFC4571_LENGTH_SIZE) {
      const length = this.queue.peekUint16(0);
      if (length > this.maxLength) {
        return this.fail('frame-too-long', `length prefix ${length} is above the limit ${this.maxLength}`);
      }
      if (length === 0 && !this.allowEmpty) return this.fail('empty-frame', 'length prefix 0: an empty frame');
      if (this.queue.length < RFC4571_LENGTH_SIZE + length) break;
      this.queue.skip(RFC4571_LENGTH_SIZE);
      onPacket(this.queue.take(length));
    }
    return undefined;
  }

  private fail(code: Rfc4571Error['code'], message: string): Rfc4571Error {
    this.failure = { code, offset: this.queue.offset, message };
    this.queue.clear();
    return this.failure;
  }
}

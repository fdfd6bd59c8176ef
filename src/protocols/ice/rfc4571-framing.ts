/**
 * RFC 4571 framing: how ICE-TCP (RFC 6544 §3) carries STUN checks and media over a TCP connection. Each packet is
 * preceded by its length as a 16-bit unsigned integer in network order:
 *
 *    0                   1                   2                   3
 *    -----------------------------------------------------------------
 *   |             LENGTH            |  STUN or media packet ...     |
 *    -----------------------------------------------------------------
 *
 * A stream has no message boundaries, so the receiver reassembles: `Rfc4571Deframer` takes the chunks TCP delivers
 * (split and merged anywhere) and returns whole packets in order. Pure: no sockets, no clock.
 */

/** Largest packet a frame carries: the LENGTH field is 16 bits (RFC 4571 §2). */
export const RFC4571_MAX_PACKET = 0xffff;

/** Bytes of the LENGTH field. */
export const RFC4571_HEADER_BYTES = 2;

/** Thrown by `frameRfc4571` for a packet that does not fit the 16-bit LENGTH field (a caller's mistake). */
export class Rfc4571FrameError extends Error {
  constructor(readonly length: number) {
    super(`RFC 4571 frame: a packet of ${length} bytes does not fit the 16-bit LENGTH field (at most ${RFC4571_MAX_PACKET})`);
    this.name = 'Rfc4571FrameError';
  }
}

/**
 * One packet as an RFC 4571 frame: LENGTH (2 bytes, big-endian) then the packet.
 * @throws Rfc4571FrameError when the packet is longer than 65535 bytes
 */
export function frameRfc4571(packet: Uint8Array): Uint8Array {
  if (packet.byteLength > RFC4571_MAX_PACKET) throw new Rfc4571FrameError(packet.byteLength);
  const out = new Uint8Array(RFC4571_HEADER_BYTES + packet.byteLength);
  out[0] = packet.byteLength >>> 8;
  out[1] = packet.byteLength & 0xff;
  out.set(packet, RFC4571_HEADER_BYTES);
  return out;
}

/**
 * Reassembles RFC 4571 frames from a TCP byte stream. A zero-length frame is legal framing but carries nothing: it
 * is skipped and counted (`emptyFrames`), so a peer cannot make the receiver hand empty packets to STUN. Memory is
 * bounded by one frame (at most 65537 bytes) plus the chunk being pushed.
 */
export class Rfc4571Deframer {
  private pending: Uint8Array = new Uint8Array(0);
  private empty = 0;

  /**
   * Adds bytes received on the stream; returns every packet they complete, in order (each a fresh copy the caller
   * owns). Bytes of a frame not yet complete stay buffered.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const buf = this.pending.byteLength === 0 ? chunk : concat(this.pending, chunk);
    const packets: Uint8Array[] = [];
    let at = 0;
    while (buf.byteLength - at >= RFC4571_HEADER_BYTES) {
      const length = (buf[at] << 8) | buf[at + 1];
      if (buf.byteLength - at - RFC4571_HEADER_BYTES < length) break;
      const start = at + RFC4571_HEADER_BYTES;
      if (length === 0) this.empty++;
      else packets.push(buf.slice(start, start + length));
      at = start + length;
    }
    this.pending = buf.slice(at);
    return packets;
  }

  /** Bytes received but not yet part of a whole frame (a partial LENGTH or packet). */
  get bufferedBytes(): number {
    return this.pending.byteLength;
  }

  /** Zero-length frames skipped so far. */
  get emptyFrames(): number {
    return this.empty;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

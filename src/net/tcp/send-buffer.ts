/**
 * The send buffer: bytes the application wrote that the peer has not acknowledged yet, as a list of chunks. The
 * first byte is at sequence number `TcpSender.bufSeq`; acknowledged bytes are dropped from the front.
 */

/** A FIFO of bytes read by offset. */
export class SendBuffer {
  private chunks: Uint8Array[] = [];
  /** Bytes of chunks[0] already consumed. */
  private head = 0;
  /** Bytes held. */
  length = 0;

  /** Appends a copy-free reference to `data` (the caller hands over ownership). */
  push(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.chunks.push(data);
    this.length += data.byteLength;
  }

  /** Drops `n` bytes from the front. */
  consume(n: number): void {
    n = Math.min(n, this.length);
    this.length -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      const left = first.byteLength - this.head;
      if (n < left) {
        this.head += n;
        return;
      }
      n -= left;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** A new Buffer with `len` bytes starting `offset` bytes from the front (clamped to what is held). */
  read(offset: number, len: number): Buffer {
    len = Math.max(0, Math.min(len, this.length - offset));
    const out = Buffer.allocUnsafe(len);
    let skip = offset + this.head;
    let at = 0;
    for (const c of this.chunks) {
      if (at >= len) break;
      if (skip >= c.byteLength) {
        skip -= c.byteLength;
        continue;
      }
      const take = Math.min(c.byteLength - skip, len - at);
      out.set(c.subarray(skip, skip + take), at);
      at += take;
      skip = 0;
    }
    return out;
  }
}

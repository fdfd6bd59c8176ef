/**
 * A FIFO of received stream bytes kept as the chunks they arrived in, so framing a TCP stream costs one copy at
 * most per message, however the stream was chunked (one concatenation per chunk would be quadratic for a large
 * message arriving a byte at a time). Pure: no sockets, no time.
 */

/** Bytes received and not yet consumed, in order. */
export class ByteQueue {
  /** Chunks in arrival order; the first is read from `headOffset`. */
  private readonly chunks: Uint8Array[] = [];
  private headOffset = 0;
  private total = 0;
  /** Bytes consumed since the start of the stream (for error offsets). */
  private consumedTotal = 0;

  /** Bytes waiting. */
  get length(): number {
    return this.total;
  }

  /** Stream offset of the next unconsumed byte (bytes consumed so far). */
  get offset(): number {
    return this.consumedTotal;
  }

  /** Appends a chunk (kept by reference: the caller must not reuse it). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The byte at `index` from the front (index < length). */
  peek(index: number): number {
    let i = index + this.headOffset;
    for (const c of this.chunks) {
      if (i < c.length) return c[i];
      i -= c.length;
    }
    throw new RangeError(`ByteQueue.peek(${index}): only ${this.total} bytes queued`);
  }

  /** Big-endian 16-bit value at `index` (index + 2 <= length). */
  peekUint16(index: number): number {
    return (this.peek(index) << 8) | this.peek(index + 1);
  }

  /** Big-endian 32-bit value at `index` (index + 4 <= length). */
  peekUint32(index: number): number {
    return ((this.peekUint16(index) << 16) | this.peekUint16(index + 2)) >>> 0;
  }

  /**
   * Removes and returns the first `n` bytes: a view into the chunk when they lie in one chunk, else one copy.
   * @throws RangeError when fewer than `n` bytes are queued
   */
  take(n: number): Uint8Array {
    if (n > this.total) throw new RangeError(`ByteQueue.take(${n}): only ${this.total} bytes queued`);
    const first = this.chunks[0];
    let out: Uint8Array;
    if (n === 0) out = new Uint8Array(0);
    else if (first.length - this.headOffset >= n) out = first.subarray(this.headOffset, this.headOffset + n);
    else {
      out = new Uint8Array(n);
      let filled = 0;
      let i = 0;
      let from = this.headOffset;
      while (filled < n) {
        const c = this.chunks[i++];
        const part = Math.min(c.length - from, n - filled);
        out.set(c.subarray(from, from + part), filled);
        filled += part;
        from = 0;
      }
    }
    this.skip(n);
    return out;
  }

  /** Drops the first `n` bytes (n <= length). */
  skip(n: number): void {
    this.total -= n;
    this.consumedTotal += n;
    let left = n + this.headOffset;
    while (this.chunks.length > 0 && left >= this.chunks[0].length) {
      left -= this.chunks[0].length;
      this.chunks.shift();
    }
    this.headOffset = this.chunks.length > 0 ? left : 0;
  }

  /** Drops everything queued. */
  clear(): void {
    this.skip(this.total);
  }
}

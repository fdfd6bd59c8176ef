/** Test helper: an independent little pcapng reader (little-endian sections only) to check what the writer made. */

/** One block. */
export interface Block {
  readonly type: number;
  readonly body: Buffer;
}

/** An Interface Description Block's fields. */
export interface Idb {
  readonly linktype: number;
  readonly options: Map<number, Buffer>;
}

/** An Enhanced Packet Block's fields. */
export interface Epb {
  readonly ifaceId: number;
  readonly ts: number;
  readonly captured: number;
  readonly original: number;
  readonly data: Buffer;
}

/** Splits a file into blocks, checking both length fields of each. */
export function blocks(bytes: Uint8Array): Block[] {
  const buf = Buffer.from(bytes);
  const out: Block[] = [];
  for (let at = 0; at < buf.length; ) {
    const type = buf.readUInt32LE(at);
    const len = buf.readUInt32LE(at + 4);
    if (len % 4 !== 0 || len < 12 || at + len > buf.length) throw new Error(`bad block length ${len} at ${at}`);
    if (buf.readUInt32LE(at + len - 4) !== len) throw new Error(`trailing length mismatch at ${at}`);
    out.push({ type, body: buf.subarray(at + 8, at + len - 4) });
    at += len;
  }
  return out;
}

/** Options (code -> value) starting at `from` in a block body. */
export function options(body: Buffer, from: number): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (let at = from; at + 4 <= body.length; ) {
    const code = body.readUInt16LE(at);
    const len = body.readUInt16LE(at + 2);
    if (code === 0) break;
    out.set(code, body.subarray(at + 4, at + 4 + len));
    at += 4 + ((len + 3) & ~3);
  }
  return out;
}

export function idb(b: Block): Idb {
  return { linktype: b.body.readUInt16LE(0), options: options(b.body, 8) };
}

export function epb(b: Block): Epb {
  const captured = b.body.readUInt32LE(12);
  return {
    ifaceId: b.body.readUInt32LE(0),
    ts: b.body.readUInt32LE(4) * 2 ** 32 + b.body.readUInt32LE(8),
    captured,
    original: b.body.readUInt32LE(16),
    data: b.body.subarray(20, 20 + captured),
  };
}

/** RFC 1071 checksum over a buffer (returns 0 when a buffer containing its checksum is valid). */
export function checksum(buf: Buffer): number {
  let s = 0;
  for (let i = 0; i < buf.length; i += 2) s += (buf[i] << 8) | (i + 1 < buf.length ? buf[i + 1] : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/**
 * The one copy of a datagram's payload that the packet core makes (at send: the sender may reuse its buffer, and
 * the receiving socket is handed the copy as its own, as Node's dgram does; docs/packet-core.md).
 *
 * A small copy is a Buffer viewing a shared pool, as `Buffer.allocUnsafe` makes it, but without allocUnsafe's
 * argument checks and pool bookkeeping on every packet (about 180 of the 530 instructions a 100-byte copy cost;
 * docs/performance.md). It is a PayloadBuffer (below): Buffer.prototype sits above its own prototype, so
 * `Buffer.isBuffer`, `instanceof Buffer`, `constructor`, `toString`, `subarray` and `util.inspect` behave as on
 * any Buffer. Like Node's pool, a held copy keeps its pool alive; a payload over MAX_POOLED gets its own Buffer.
 */
import { Buffer } from 'buffer';

/** Bytes per pool. */
const POOL_BYTES = 64 * 1024;
/** Larger payloads get a Buffer of their own. */
const MAX_POOLED = POOL_BYTES >>> 3;

/**
 * A Buffer made as Node's internal FastBuffer is made (a Uint8Array subclass constructed over an ArrayBuffer
 * slice), with Buffer.prototype above its own prototype, so Buffer's methods, `Buffer.isBuffer` and
 * `instanceof Buffer` all hold, and `constructor` is Buffer as on any Buffer.
 */
class PayloadBuffer extends Uint8Array {
  constructor(pool: ArrayBuffer, offset: number, length: number) {
    super(pool, offset, length);
  }
}
Object.setPrototypeOf(PayloadBuffer.prototype, Buffer.prototype);
Object.defineProperty(PayloadBuffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });

/** A fresh pool: allocUnsafeSlow's memory is not zero-filled (a new ArrayBuffer's would be, 64 KB per pool). */
const newPool = (): ArrayBuffer => Buffer.allocUnsafeSlow(POOL_BYTES).buffer as ArrayBuffer;

let pool = newPool();
let offset = 0;

/** A new Buffer holding a copy of `bytes`. */
export function copyPayload(bytes: Uint8Array): Buffer {
  const n = bytes.byteLength;
  if (n > MAX_POOLED) return copyUnpooled(bytes);
  if (n > POOL_BYTES - offset) {
    pool = newPool();
    offset = 0;
  }
  const copy = new PayloadBuffer(pool, offset, n) as unknown as Buffer;
  copy.set(bytes);
  offset = (offset + n + 7) & ~7; // 8-byte aligned, as Node aligns its pool
  return copy;
}

/** A large payload's copy: a Buffer of its own. */
function copyUnpooled(bytes: Uint8Array): Buffer {
  const own = Buffer.allocUnsafe(bytes.byteLength);
  own.set(bytes);
  return own;
}

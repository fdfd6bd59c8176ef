/**
 * Pure normalisation of Node's overloaded dgram.Socket argument lists (bind, send, createSocket), following
 * lib/dgram.js of Node 20 so that unmodified code gets the same behaviour as with a real socket.
 */
import { EmbedUnsupportedError } from './embed-errors';

/** An Error with a Node-style `code`, as Node's dgram throws for bad arguments. */
export class DgramArgError extends TypeError {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'DgramArgError';
  }
}

/** What bind() was asked for. */
export interface BindArgs {
  /** 0 = ephemeral. */
  port: number;
  /** undefined = all interfaces. */
  address?: string;
  callback?: () => void;
}

type AnyFn = (...args: unknown[]) => void;

/** bind(options, cb) | bind(port, address, cb) | bind(port, cb) | bind(cb) | bind(). */
export function parseBindArgs(args: unknown[]): BindArgs {
  const [a0, a1, a2] = args;
  const fnAt = args.findIndex((a) => typeof a === 'function');
  const callback = fnAt >= 0 ? (args[fnAt] as () => void) : undefined;
  if (a0 !== null && typeof a0 === 'object') {
    const o = a0 as { port?: unknown; address?: unknown; fd?: unknown };
    if (o.fd !== undefined) throw new EmbedUnsupportedError('bind({ fd })', 'bind to a port and address instead');
    return { port: toPort(o.port ?? 0), address: optionalAddress(o.address), callback };
  }
  const port = typeof a0 === 'function' || a0 === undefined || a0 === null ? 0 : toPort(a0);
  const address = typeof a1 === 'string' ? a1 : undefined;
  void a2;
  return { port, address: optionalAddress(address), callback };
}

function toPort(p: unknown): number {
  const n = typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : p;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new DgramArgError('ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${String(p)}.`);
  }
  return n;
}

function optionalAddress(a: unknown): string | undefined {
  if (a === undefined || a === null || a === '') return undefined;
  if (typeof a !== 'string') throw new DgramArgError('ERR_INVALID_ARG_TYPE', 'The "address" argument must be of type string');
  return a;
}

/** What send() was asked for. */
export interface SendArgs {
  /** The datagram (slices and lists already joined). */
  payload: Buffer;
  /** Destination port; undefined on a connected socket. */
  port?: number;
  /** Destination host (name or address); undefined = 127.0.0.1 when not connected. */
  address?: string;
  callback?: (err: Error | null, bytes: number) => void;
}

/**
 * send(msg, offset, length, port, address, cb) | send(msg, port, address, cb) | send(msg, port, cb), and on a
 * connected socket send(msg, offset, length, cb) | send(msg, cb). `msg` is a Buffer, TypedArray, DataView, string,
 * or an array of those.
 */
export function parseSendArgs(args: unknown[], connected: boolean): SendArgs {
  const [, offset, length] = args;
  let [buffer, , , port, address, callback] = args;
  if (!connected) {
    if (address || (port && typeof port !== 'function')) {
      buffer = sliceBuffer(buffer, offset, length);
    } else {
      callback = port;
      port = offset;
      address = length;
    }
  } else {
    if (typeof length === 'number') {
      buffer = sliceBuffer(buffer, offset, length);
      if (typeof port === 'function') {
        callback = port;
        port = undefined;
      }
    } else {
      callback = offset;
      port = undefined;
    }
    if (port || address) throw new DgramArgError('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
  }
  const payload = joinPayload(buffer);
  if (typeof address === 'function') {
    callback = address;
    address = undefined;
  } else if (address !== undefined && address !== null && typeof address !== 'string') {
    throw new DgramArgError('ERR_INVALID_ARG_TYPE', 'The "address" argument must be of type string');
  }
  const cb = typeof callback === 'function' ? (callback as AnyFn as SendArgs['callback']) : undefined;
  if (connected) return { payload, callback: cb };
  const p = toPort(port);
  if (p === 0) throw new DgramArgError('ERR_SOCKET_BAD_PORT', 'Port should be > 0 and < 65536. Received 0.');
  return { payload, port: p, address: (address as string | null | undefined) || undefined, callback: cb };
}

function sliceBuffer(buffer: unknown, offset: unknown, length: unknown): Buffer {
  if (typeof buffer === 'string') return Buffer.from(buffer);
  if (!ArrayBuffer.isView(buffer)) {
    throw new DgramArgError('ERR_INVALID_ARG_TYPE', 'The "buffer" argument must be an instance of Buffer, TypedArray, or DataView');
  }
  const off = Number(offset) >>> 0;
  const len = Number(length) >>> 0;
  if (off > buffer.byteLength) throw new DgramArgError('ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds');
  if (off + len > buffer.byteLength) throw new DgramArgError('ERR_BUFFER_OUT_OF_BOUNDS', '"length" is outside of buffer bounds');
  return Buffer.from(buffer.buffer, buffer.byteOffset + off, len);
}

function toBuffer(part: unknown): Buffer {
  if (typeof part === 'string') return Buffer.from(part);
  if (ArrayBuffer.isView(part)) return Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  throw new DgramArgError('ERR_INVALID_ARG_TYPE',
    'The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or an array of those');
}

function joinPayload(msg: unknown): Buffer {
  // Copy: the caller may reuse its buffer after send() returns, and the datagram is delivered later.
  if (Array.isArray(msg)) return Buffer.concat(msg.map(toBuffer));
  return Buffer.from(toBuffer(msg));
}

/**
 * The socket type from createSocket('udp4' | 'udp6') or createSocket({ type, ipv6Only, ... }); `ipv6Only` only
 * matters for udp6 (Node's IPV6_V6ONLY).
 */
export function parseSocketType(typeOrOptions: unknown): { type: 'udp4' | 'udp6'; ipv6Only: boolean } {
  const opts = typeof typeOrOptions === 'string' ? undefined : (typeOrOptions as { type?: unknown; ipv6Only?: unknown } | null);
  const type = typeof typeOrOptions === 'string' ? typeOrOptions : opts?.type;
  if (type === 'udp4' || type === 'udp6') return { type, ipv6Only: type === 'udp6' && opts?.ipv6Only === true };
  throw new DgramArgError('ERR_SOCKET_BAD_TYPE', `Bad socket type specified. Valid types are: udp4, udp6 (got ${String(type)})`);
}

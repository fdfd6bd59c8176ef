/**
 * TCP errors as Node's net reports them: `connect ECONNREFUSED 10.0.0.2:80`, `read ECONNRESET`, with `code`,
 * negative `errno`, `syscall` and (for connect) `address` and `port`.
 */
import { SocketErrnoError, SocketError } from '../socket-errors';

/** The kernel errors a TCP connection ends with. */
export type TcpErrno = 'ECONNREFUSED' | 'ECONNRESET' | 'ETIMEDOUT' | 'EADDRINUSE' | 'EPIPE' | 'ENETUNREACH' | 'EADDRNOTAVAIL';

/** Node's error for a failed connect/read/write/listen. */
export function tcpError(code: TcpErrno, syscall: 'connect' | 'read' | 'write' | 'listen', address?: string, port?: number): SocketErrnoError {
  return new SocketErrnoError(code, syscall, address === undefined ? {} : { address, ...(port !== undefined ? { port } : {}) });
}

/** Node's error for write() after end() (ERR_STREAM_WRITE_AFTER_END). */
export function writeAfterEnd(): SocketError {
  const e = new SocketError('ERR_STREAM_WRITE_AFTER_END', 'write after end');
  e.message = 'write after end';
  return e;
}

/** Node's EPIPE for write() after the peer ended and the socket ended itself (net.js writeAfterFIN). */
export function writeAfterFin(): SocketError {
  const e = new SocketError('EPIPE', 'This socket has been ended by the other party');
  e.message = 'This socket has been ended by the other party';
  return e;
}

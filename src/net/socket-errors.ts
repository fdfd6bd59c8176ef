/**
 * Socket errors shaped like Node's: a `code` (EADDRINUSE, ERR_SOCKET_DGRAM_NOT_RUNNING, ...), and for errors that
 * come from the kernel also `errno`, `syscall` and the destination, with Node's message text (`send EMSGSIZE
 * 127.0.0.1:9`), so code that inspects errors behaves the same on a simulated socket as on a real one.
 */

/** An Error carrying a Node-style `code`. */
export class SocketError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'SocketError';
  }
}

/** The kernel errors a simulated socket reports (Linux names and numbers). */
export type SocketErrno =
  | 'EACCES' | 'EADDRINUSE' | 'EADDRNOTAVAIL' | 'EBADF' | 'ECONNREFUSED' | 'EHOSTUNREACH' | 'EINVAL' | 'EMSGSIZE'
  | 'ENETUNREACH' | 'ECONNRESET' | 'ETIMEDOUT' | 'EPIPE';

/**
 * Linux errno values (asm-generic/errno-base.h, errno.h), as Node's `os.constants.errno` gives them on Linux. A
 * table rather than `os`, so the network layer also runs in the browser playground; test/embed checks it against
 * `os.constants.errno`.
 */
export const LINUX_ERRNO: Readonly<Record<SocketErrno, number>> = {
  EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EBADF: 9, ECONNREFUSED: 111, EHOSTUNREACH: 113, EINVAL: 22,
  EMSGSIZE: 90, ENETUNREACH: 101, ECONNRESET: 104, ETIMEDOUT: 110, EPIPE: 32,
};

/** Where a system call was aimed, for Node's `address`/`port` fields and message suffix. */
export interface ErrnoTarget {
  address?: string;
  port?: number;
  /** Why natsim reports it (for people; not part of Node's message). */
  detail?: string;
}

/**
 * A kernel error as Node reports it (Node's ErrnoException / ExceptionWithHostPort): `code`, negative `errno`,
 * `syscall`, and for send/connect the destination `address` and `port`. The message is Node's exactly.
 */
export class SocketErrnoError extends SocketError {
  /** Negative errno, as libuv reports it (e.g. -90 for EMSGSIZE on Linux). */
  readonly errno: number;
  readonly address?: string;
  readonly port?: number;
  /** natsim's explanation, when there is one. */
  readonly detail?: string;

  constructor(code: SocketErrno, readonly syscall: string, target: ErrnoTarget = {}) {
    super(code, '');
    this.errno = -LINUX_ERRNO[code];
    const where = target.address === undefined ? '' : ` ${target.address}${target.port ? `:${target.port}` : ''}`;
    this.message = `${syscall} ${code}${where}`;
    if (target.address !== undefined) this.address = target.address;
    if (target.port) this.port = target.port;
    if (target.detail) this.detail = target.detail;
  }
}

/**
 * The socket options of an embedded dgram socket (TTL, broadcast, multicast, buffer sizes), validated as Node 20's
 * lib/dgram.js and Linux validate them: argument types first (Node's ERR_* TypeErrors), then the kernel's answer
 * (EBADF on a socket that is not bound yet, EINVAL for a TTL outside 1-255, ...). Checked against real dgram over
 * loopback; see docs/third-party-code.md.
 */
import { isIP } from 'net';
import { SocketErrnoError, SocketErrno, SocketError } from '../net/socket-errors';
import { DgramArgError } from './dgram-args';

/** Linux's default socket buffer size (net.core.rmem_default / wmem_default). */
export const DEFAULT_BUFFER_SIZE = 212_992;
/** Linux's smallest receive / send buffers (SOCK_MIN_RCVBUF, SOCK_MIN_SNDBUF on x86-64). */
const MIN_BUFFER = { recv: 2304, send: 4608 } as const;

/** How Node describes a wrong value in ERR_INVALID_ARG_TYPE ("Received type string ('5')"). */
function received(value: unknown): string {
  if (value === undefined || value === null) return `Received ${String(value)}`;
  if (typeof value === 'function') return `Received function ${(value as { name?: string }).name || '<anonymous>'}`;
  if (typeof value === 'object') return `Received an instance of ${(value as object).constructor?.name ?? 'Object'}`;
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return `Received type ${typeof value} (${shown})`;
}

function requireType(value: unknown, type: 'number' | 'string', name: string): void {
  if (typeof value !== type) {
    throw new DgramArgError('ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type ${type}. ${received(value)}`);
  }
}

function isMulticast(text: string): boolean {
  if (isIP(text) !== 4) return false;
  const first = Number(text.split('.')[0]);
  return first >= 224 && first <= 239; // RFC 5771: 224.0.0.0/4
}

/** Kernel state of the options; one per embedded socket. */
export class DgramOptions {
  /** IP_TTL for unicast datagrams. */
  ttl = 64;
  /** SO_BROADCAST. */
  broadcast = false;
  /** IP_MULTICAST_TTL (kept for completeness: multicast is not simulated). */
  multicastTtl = 1;
  /** IP_MULTICAST_LOOP (kept for completeness: multicast is not simulated). */
  multicastLoop = true;
  /** Joined groups. key: `group|interface` as given. */
  private readonly groups = new Set<string>();
  private readonly buffers = { recv: DEFAULT_BUFFER_SIZE, send: DEFAULT_BUFFER_SIZE };

  constructor(
    /** True once the socket has a kernel file descriptor (bound or connected). */
    private readonly hasFd: () => boolean,
    /** True when `ip` is an address of the socket's host. */
    private readonly ownAddress: (ip: string) => boolean,
  ) {}

  private kernel(syscall: string, err?: SocketErrno): void {
    if (!this.hasFd()) throw new SocketErrnoError('EBADF', syscall);
    if (err) throw new SocketErrnoError(err, syscall);
  }

  /** Node: setTTL(ttl): a number, 1-255 (Linux IP_TTL). Returns ttl. */
  setTTL(ttl: unknown): number {
    const n = this.checkedTtl('setTTL', ttl, 1);
    this.ttl = Math.trunc(n);
    return n;
  }

  /** Node: setMulticastTTL(ttl): a number, 0-255 (Linux IP_MULTICAST_TTL). Returns ttl. */
  setMulticastTTL(ttl: unknown): number {
    const n = this.checkedTtl('setMulticastTTL', ttl, 0);
    this.multicastTtl = Math.trunc(n);
    return n;
  }

  /** A TTL argument as Node checks it: a number (ERR_INVALID_ARG_TYPE), then `min`-255 in the kernel (EINVAL). */
  private checkedTtl(syscall: string, ttl: unknown, min: number): number {
    requireType(ttl, 'number', 'ttl');
    const n = ttl as number;
    this.kernel(syscall, n >= min && n <= 255 ? undefined : 'EINVAL');
    return n;
  }

  /** Node: setBroadcast(flag), any truthy value. */
  setBroadcast(flag: unknown): void {
    this.kernel('setBroadcast');
    this.broadcast = Boolean(flag);
  }

  /** Node: setMulticastLoopback(flag); returns the argument as given (Node's 0.4 compatibility). */
  setMulticastLoopback<T>(flag: T): T {
    this.kernel('setMulticastLoopback');
    this.multicastLoop = Boolean(flag);
    return flag;
  }

  /** Node: setMulticastInterface(address): a string; EINVAL if not an address, EADDRNOTAVAIL if not the host's. */
  setMulticastInterface(address: unknown): void {
    requireType(address, 'string', 'interfaceAddress');
    const a = address as string;
    this.kernel('setMulticastInterface', isIP(a) !== 4 ? 'EINVAL' : this.ownAddress(a) ? undefined : 'EADDRNOTAVAIL');
  }

  /** Node: addMembership(group, iface?): EINVAL for a non-multicast group, EADDRINUSE when already joined. */
  addMembership(group: unknown, iface?: unknown): void {
    if (!group) throw new DgramArgError('ERR_MISSING_ARGS', 'The "multicastAddress" argument must be specified');
    const key = this.membership('addMembership', group, iface);
    if (this.groups.has(key)) throw new SocketErrnoError('EADDRINUSE', 'addMembership');
    this.groups.add(key);
  }

  /** Node: dropMembership(group, iface?): EADDRNOTAVAIL when not joined. */
  dropMembership(group: unknown, iface?: unknown): void {
    if (!group) throw new DgramArgError('ERR_MISSING_ARGS', 'The "multicastAddress" argument must be specified');
    const key = this.membership('dropMembership', group, iface);
    if (!this.groups.delete(key)) throw new SocketErrnoError('EADDRNOTAVAIL', 'dropMembership');
  }

  /** Node: add/dropSourceSpecificMembership(source, group, iface?): both strings, group multicast. */
  sourceSpecific(syscall: string, source: unknown, group: unknown, iface?: unknown): void {
    requireType(source, 'string', 'sourceAddress');
    requireType(group, 'string', 'groupAddress');
    if (isIP(source as string) !== 4) throw new SocketErrnoError('EINVAL', syscall);
    this.membership(syscall, group, iface);
  }

  private membership(syscall: string, group: unknown, iface: unknown): string {
    if (typeof group !== 'string' || !isMulticast(group)) throw new SocketErrnoError('EINVAL', syscall);
    if (iface !== undefined && (typeof iface !== 'string' || isIP(iface) !== 4)) throw new SocketErrnoError('EINVAL', syscall);
    if (typeof iface === 'string' && !this.ownAddress(iface)) throw new SocketErrnoError('EADDRNOTAVAIL', syscall);
    return `${group}|${String(iface ?? '')}`;
  }

  /**
   * Node: set(Recv|Send)BufferSize(size): a 32-bit unsigned integer (ERR_SOCKET_BAD_BUFFER_SIZE); 0 leaves it;
   * Linux doubles the value and applies its minimum (socket(7) SO_RCVBUF).
   */
  setBufferSize(which: 'recv' | 'send', size: unknown): void {
    if (typeof size !== 'number' || size >>> 0 !== size) {
      throw new DgramArgError('ERR_SOCKET_BAD_BUFFER_SIZE', 'Buffer size must be a positive integer');
    }
    this.bufferFd(which);
    this.presetBufferSize(which, size);
  }

  /** createSocket({ recvBufferSize, sendBufferSize }): applied as at bind time, without the descriptor check. */
  presetBufferSize(which: 'recv' | 'send', size: number): void {
    if (size > 0) this.buffers[which] = Math.max(size * 2, MIN_BUFFER[which]);
  }

  /** Node: get(Recv|Send)BufferSize(). */
  getBufferSize(which: 'recv' | 'send'): number {
    this.bufferFd(which);
    return this.buffers[which];
  }

  private bufferFd(which: 'recv' | 'send'): void {
    if (this.hasFd()) return;
    const fn = which === 'recv' ? 'uv_recv_buffer_size' : 'uv_send_buffer_size';
    throw Object.assign(new SocketError('ERR_SOCKET_BUFFER_SIZE', ''), {
      message: `Could not get or set buffer size: ${fn} returned EBADF (bad file descriptor)`,
      syscall: fn,
      errno: -9,
    });
  }
}

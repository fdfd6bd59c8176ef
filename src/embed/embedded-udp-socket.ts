/**
 * A dgram.Socket look-alike on a simulated host, handed to third-party code that calls `dgram.createSocket` inside
 * an embed scope. It wraps net's SimUdpSocket and adds what real libraries use: Node's overloaded bind/send
 * argument lists, connected sockets, implicit bind on first send, and the option setters with Node's validation
 * (dgram-options.ts). Send and connect errors (EMSGSIZE, ENETUNREACH, EACCES) and ICMP errors on a connected
 * socket (ECONNREFUSED) reach the code the way Node reports them.
 *
 * Every event and callback is handed to the embedded run (SocketHub.post) instead of being emitted inside the
 * scheduler event, so the run loop can sync Node's fake clock, restore the host context and flush microtasks
 * around each one, as Node's own event loop does around each I/O callback.
 */
import { EventEmitter } from 'events';
import { isIP } from 'net';
import type { Host } from '../net/host';
import { SimUdpSocket, SocketError } from '../net/sim-udp-socket';
import { SocketErrnoError } from '../net/socket-errors';
import type { RemoteInfo, SocketAddress } from '../net/udp-socket.types';
import { DgramArgError, parseBindArgs, parseSendArgs } from './dgram-args';
import { DgramOptions } from './dgram-options';

/** What a socket needs from the embedded run. */
export interface SocketHub {
  /** Runs `fn` from the run loop (not inside the current scheduler event), in `host`'s context. */
  post(host: Host, fn: () => void): void;
  /**
   * A host name to an address ('localhost', IP literals of either family and EmbeddedRunInit.names), or
   * undefined; `family` 6 resolves 'localhost' to ::1, as a udp6 socket's lookup does.
   */
  resolve(name: string, family?: 4 | 6): string | undefined;
}

/** A dgram.Socket-shaped UDP socket (udp4, or udp6 dual-stack unless ipv6Only) on a simulated host. */
export class EmbeddedUdpSocket extends EventEmitter {
  /** `udp4` or `udp6`. */
  readonly type: 'udp4' | 'udp6';
  private readonly inner: SimUdpSocket;
  private closed = false;
  private remote: { address: string; port: number } | undefined;
  private connecting = false;
  /** TTL, broadcast, multicast and buffer options, validated as Node does. */
  readonly options: DgramOptions;

  constructor(readonly host: Host, private readonly hub: SocketHub, init: { type?: 'udp4' | 'udp6'; ipv6Only?: boolean } = {}) {
    super();
    this.type = init.type ?? 'udp4';
    this.inner = new SimUdpSocket(host, { type: this.type, ipv6Only: init.ipv6Only });
    this.options = new DgramOptions(() => this.inner.isBound, (ip) => {
      const addr = host.addresses.parse(ip);
      return addr !== undefined && host.ownsAddress(addr);
    });
    this.inner.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.hub.post(host, () => this.deliver(msg, rinfo)));
    this.inner.on('listening', () => this.hub.post(host, () => this.emit('listening')));
    this.inner.on('close', () => this.hub.post(host, () => this.emit('close')));
    this.inner.on('error', (err: Error) => this.hub.post(host, () => this.emit('error', err)));
  }

  /** Node: bind(options, cb) | bind(port, address, cb) | bind(port, cb) | bind(cb). */
  bind(...args: unknown[]): this {
    this.healthCheck();
    const { port, address, callback } = parseBindArgs(args);
    if (this.inner.isBound) throw new SocketError('ERR_SOCKET_ALREADY_BOUND', 'Socket is already bound');
    if (callback) this.once('listening', callback);
    const ip = address === undefined ? undefined : this.hub.resolve(address, this.family);
    if (address !== undefined && ip === undefined) {
      this.hub.post(this.host, () => this.emit('error', lookupError(address)));
      return this;
    }
    this.inner.bind(port, ip);
    return this;
  }

  /** Node: send(msg, [offset, length,] port, [address,] [cb]); on a connected socket send(msg, [offset, length,] [cb]). */
  send(...args: unknown[]): void {
    const { payload, port, address, callback } = parseSendArgs(args, this.remote !== undefined);
    this.healthCheck();
    if (!this.inner.isBound) this.inner.bind(0);
    const dest = this.remote ?? { address: address ?? this.loopback, port: port! };
    const ip = this.hub.resolve(dest.address, this.family);
    if (ip === undefined) {
      const err = lookupError(dest.address);
      this.hub.post(this.host, () => (callback ? callback(err, 0) : this.emit('error', err)));
      return;
    }
    // Node calls back (err) alone on failure, (null, bytes) on success.
    const cb = callback ? (err: Error | null, n: number) => this.hub.post(this.host, () => (err ? (callback as (e: Error) => void)(err) : callback(null, n))) : undefined;
    this.inner.send(payload, dest.port, ip, cb);
  }

  /**
   * Node: connect(port, [address,] [cb]) — fixes the peer; later sends omit it and other senders are filtered.
   * An unbound socket binds first, so 'listening' comes before 'connect' and the callback. A destination without
   * a route fails with ENETUNREACH (to the callback if there is one, else as an 'error' event), as in Node.
   */
  connect(port: number, address?: string | (() => void), callback?: () => void): void {
    const cb = typeof address === 'function' ? address : callback;
    const host = typeof address === 'string' ? address : this.loopback;
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new DgramArgError('ERR_SOCKET_BAD_PORT', `Port should be > 0 and < 65536. Received ${port}.`);
    }
    if (this.remote || this.connecting) throw new SocketError('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
    this.healthCheck();
    this.connecting = true;
    const start = (): void => {
      if (cb) this.once('connect', cb);
      this.hub.post(this.host, () => this.finishConnect(host, port, cb));
    };
    if (this.inner.isBound) return start();
    this.once('listening', start);
    this.inner.bind(0);
  }

  private finishConnect(host: string, port: number, cb: (() => void) | undefined): void {
    this.connecting = false;
    if (this.closed) return;
    const ip = this.hub.resolve(host, this.family);
    const addr = ip === undefined ? undefined : this.host.addresses.parse(ip);
    // Node: `connect EINVAL 127.0.0.1:9` on a udp6 socket, `connect EINVAL ::1:9` on a udp4 one.
    const wrong = addr === undefined ? undefined : this.inner.familyError(addr);
    const code = addr === undefined ? undefined : wrong === 'EINVAL' ? 'EINVAL' : wrong ?? this.inner.connectTo(this.inner.unmapped(addr), port);
    const err = ip === undefined ? lookupError(host) : code ? new SocketErrnoError(code, 'connect', { address: host, port }) : undefined;
    if (!err) {
      this.remote = { address: this.host.addresses.format(addr!), port };
      this.emit('connect');
      return;
    }
    if (!cb) return void this.emit('error', err);
    this.off('connect', cb);
    (cb as (e: Error) => void)(err);
  }

  /** Node: forgets the connected peer. */
  disconnect(): void {
    this.healthCheck();
    if (!this.remote) throw new SocketError('ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    this.remote = undefined;
    this.inner.disconnectPeer();
  }

  /** Node: the connected peer's address. */
  remoteAddress(): SocketAddress {
    this.healthCheck();
    if (!this.remote) throw new SocketError('ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    return { address: this.remote.address, family: this.type === 'udp6' ? 'IPv6' : 'IPv4', port: this.remote.port };
  }

  /** Node: the bound local address. */
  address(): SocketAddress {
    this.healthCheck();
    return this.inner.address();
  }

  /** Node: closes; 'close' (and `callback`) follow from the run loop. */
  close(callback?: () => void): this {
    this.healthCheck();
    if (typeof callback === 'function') this.on('close', callback);
    this.closed = true;
    this.inner.close();
    return this;
  }

  /** Node 20: `await using` support. */
  [Symbol.asyncDispose](): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.close(resolve));
  }

  // Keep-alive: meaningless in the simulation, accepted so unmodified code runs.
  ref(): this { return this; }
  unref(): this { return this; }

  // Kernel options: validated as Node and Linux do (dgram-options.ts). Multicast is not simulated.
  setBroadcast(flag: boolean): void {
    this.healthCheck();
    this.options.setBroadcast(flag);
    this.inner.setBroadcast(this.options.broadcast);
  }
  setTTL(ttl: number): number {
    this.healthCheck();
    const r = this.options.setTTL(ttl);
    this.inner.ttl = this.options.ttl;
    return r;
  }
  setMulticastTTL(ttl: number): number { this.healthCheck(); return this.options.setMulticastTTL(ttl); }
  setMulticastLoopback<T>(flag: T): T { this.healthCheck(); return this.options.setMulticastLoopback(flag); }
  setMulticastInterface(iface: string): void { this.healthCheck(); this.options.setMulticastInterface(iface); }
  addMembership(group: string, iface?: string): void { this.healthCheck(); this.options.addMembership(group, iface); }
  dropMembership(group: string, iface?: string): void { this.healthCheck(); this.options.dropMembership(group, iface); }
  addSourceSpecificMembership(source: string, group: string, iface?: string): void {
    this.healthCheck();
    this.options.sourceSpecific('addSourceSpecificMembership', source, group, iface);
  }
  dropSourceSpecificMembership(source: string, group: string, iface?: string): void {
    this.healthCheck();
    this.options.sourceSpecific('dropSourceSpecificMembership', source, group, iface);
  }
  setRecvBufferSize(size: number): void { this.healthCheck(); this.options.setBufferSize('recv', size); }
  setSendBufferSize(size: number): void { this.healthCheck(); this.options.setBufferSize('send', size); }
  getRecvBufferSize(): number { this.healthCheck(); return this.options.getBufferSize('recv'); }
  getSendBufferSize(): number { this.healthCheck(); return this.options.getBufferSize('send'); }
  getSendQueueSize(): number { return 0; }
  getSendQueueCount(): number { return 0; }

  private deliver(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    // A connected UDP socket only receives from its peer (the kernel filters the rest).
    if (this.remote && (rinfo.address !== this.remote.address || rinfo.port !== this.remote.port)) return;
    this.emit('message', msg, rinfo);
  }

  /** 4 or 6, as the socket's type. */
  private get family(): 4 | 6 {
    return this.type === 'udp6' ? 6 : 4;
  }

  /** Node's default destination when none is given: 127.0.0.1 for udp4, ::1 for udp6. */
  private get loopback(): string {
    return this.type === 'udp6' ? '::1' : '127.0.0.1';
  }

  private healthCheck(): void {
    if (this.closed) throw new SocketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
  }
}

function lookupError(name: string): Error {
  const err = new SocketError('ENOTFOUND', `getaddrinfo ENOTFOUND ${name} (not an IP address, and not in the embed scope's names)`);
  return Object.assign(err, { hostname: name, syscall: 'getaddrinfo' });
}

/** True for an IPv4 literal. */
export function isIpv4Literal(text: string): boolean {
  return isIP(text) === 4;
}

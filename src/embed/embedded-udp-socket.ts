/**
 * A dgram.Socket look-alike on a simulated host, handed to third-party code that calls `dgram.createSocket` inside
 * an embed scope. It wraps net's SimUdpSocket and adds what real libraries use: Node's overloaded bind/send
 * argument lists, connected sockets, implicit bind on first send, and the option setters as harmless no-ops.
 *
 * Every event and callback is handed to the embedded run (SocketHub.post) instead of being emitted inside the
 * scheduler event, so the run loop can sync Node's fake clock, restore the host context and flush microtasks
 * around each one, as Node's own event loop does around each I/O callback.
 */
import { EventEmitter } from 'events';
import { isIP } from 'net';
import type { Host } from '../net/host';
import { SimUdpSocket, SocketError } from '../net/sim-udp-socket';
import type { RemoteInfo, SocketAddress } from '../net/udp-socket.types';
import { DgramArgError, parseBindArgs, parseSendArgs } from './dgram-args';

/** What a socket needs from the embedded run. */
export interface SocketHub {
  /** Runs `fn` from the run loop (not inside the current scheduler event), in `host`'s context. */
  post(host: Host, fn: () => void): void;
  /** A host name to an IPv4 address ('localhost', IP literals and EmbeddedRunInit.names), or undefined. */
  resolve(name: string): string | undefined;
}

/** Linux's default socket buffer size (net.core.rmem_default), reported by the buffer size getters. */
const DEFAULT_BUFFER_SIZE = 212_992;

/** A dgram.Socket-shaped UDP socket (type udp4) on a simulated host. */
export class EmbeddedUdpSocket extends EventEmitter {
  /** Always udp4: natsim simulates IPv4. */
  readonly type = 'udp4';
  private readonly inner: SimUdpSocket;
  private closed = false;
  private remote: { address: string; port: number } | undefined;
  private connecting = false;
  private readonly bufferSizes = { recv: DEFAULT_BUFFER_SIZE, send: DEFAULT_BUFFER_SIZE };

  constructor(readonly host: Host, private readonly hub: SocketHub) {
    super();
    this.inner = new SimUdpSocket(host);
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
    const ip = address === undefined ? undefined : this.hub.resolve(address);
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
    const dest = this.remote ?? { address: address ?? '127.0.0.1', port: port! };
    const ip = this.hub.resolve(dest.address);
    if (ip === undefined) {
      const err = lookupError(dest.address);
      this.hub.post(this.host, () => (callback ? callback(err, 0) : this.emit('error', err)));
      return;
    }
    const cb = callback ? (err: Error | null, n: number) => this.hub.post(this.host, () => callback(err, n)) : undefined;
    this.inner.send(payload, dest.port, ip, cb);
  }

  /** Node: connect(port, [address,] [cb]) — fixes the peer; later sends omit it and other senders are filtered. */
  connect(port: number, address?: string | (() => void), callback?: () => void): void {
    const cb = typeof address === 'function' ? address : callback;
    const host = typeof address === 'string' ? address : '127.0.0.1';
    if (this.remote || this.connecting) throw new SocketError('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected');
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new DgramArgError('ERR_SOCKET_BAD_PORT', `Port should be > 0 and < 65536. Received ${port}.`);
    }
    this.healthCheck();
    if (cb) this.once('connect', cb);
    if (!this.inner.isBound) this.inner.bind(0);
    this.connecting = true;
    const ip = this.hub.resolve(host);
    this.hub.post(this.host, () => {
      this.connecting = false;
      if (ip === undefined) return void this.emit('error', lookupError(host));
      this.remote = { address: ip, port };
      this.emit('connect');
    });
  }

  /** Node: forgets the connected peer. */
  disconnect(): void {
    this.healthCheck();
    if (!this.remote) throw new SocketError('ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    this.remote = undefined;
  }

  /** Node: the connected peer's address. */
  remoteAddress(): SocketAddress {
    this.healthCheck();
    if (!this.remote) throw new SocketError('ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected');
    return { address: this.remote.address, family: 'IPv4', port: this.remote.port };
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

  // Keep-alive and kernel tuning: meaningless in the simulation, accepted so unmodified code runs.
  ref(): this { return this; }
  unref(): this { return this; }
  setBroadcast(_flag: boolean): void { this.healthCheck(); }
  setTTL(ttl: number): number { this.healthCheck(); return ttl; }
  setMulticastTTL(ttl: number): number { this.healthCheck(); return ttl; }
  setMulticastLoopback(flag: boolean): boolean { this.healthCheck(); return flag; }
  setMulticastInterface(_iface: string): void { this.healthCheck(); }
  addMembership(_group: string, _iface?: string): void { this.healthCheck(); }
  dropMembership(_group: string, _iface?: string): void { this.healthCheck(); }
  addSourceSpecificMembership(_source: string, _group: string, _iface?: string): void { this.healthCheck(); }
  dropSourceSpecificMembership(_source: string, _group: string, _iface?: string): void { this.healthCheck(); }
  setRecvBufferSize(size: number): void { this.bufferSizes.recv = size; }
  setSendBufferSize(size: number): void { this.bufferSizes.send = size; }
  getRecvBufferSize(): number { return this.bufferSizes.recv; }
  getSendBufferSize(): number { return this.bufferSizes.send; }
  getSendQueueSize(): number { return 0; }
  getSendQueueCount(): number { return 0; }

  private deliver(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    // A connected UDP socket only receives from its peer (the kernel filters the rest).
    if (this.remote && (rinfo.address !== this.remote.address || rinfo.port !== this.remote.port)) return;
    this.emit('message', msg, rinfo);
  }

  private healthCheck(): void {
    if (this.closed) throw new SocketError('ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running');
  }
}

function lookupError(name: string): Error {
  const err = new SocketError('ENOTFOUND', `getaddrinfo ENOTFOUND ${name} (not an IPv4 address, and not in the embed scope's names)`);
  return Object.assign(err, { hostname: name, syscall: 'getaddrinfo' });
}

/** True for an IPv4 literal. */
export function isIpv4Literal(text: string): boolean {
  return isIP(text) === 4;
}

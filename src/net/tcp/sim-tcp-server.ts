/**
 * A TCP listener with net.Server's shape (TcpServerLike) on a simulated host: listen() in Node's argument forms,
 * 'listening' and the callback in the next event, EADDRINUSE as an 'error' event, 'connection' with a
 * SimTcpSocket once a handshake completes, close() that stops accepting and emits 'close' when the last
 * connection has closed.
 */
import { EventEmitter } from 'events';
import { isPort } from '../endpoint';
import type { Host } from '../host';
import { SocketError } from '../socket-errors';
import type { TcpAddressInfo, TcpServerLike } from '../tcp-socket.types';
import { SimTcpSocket, SimTcpSocketInit } from './sim-tcp-socket';
import { addressInfo, isLocalAddress, parseTcpAddress } from './tcp-address';
import type { TcpConnection } from './tcp-connection';
import { tcpError } from './tcp-errors';
import type { TcpListener } from './tcp-listener';
import type { PortBinding } from './tcp-stack';

/** Node's server.listen(options). */
export interface TcpListenOptions {
  port?: number;
  host?: string;
  backlog?: number;
}

/** A simulated net.Server. */
export class SimTcpServer extends EventEmitter implements TcpServerLike {
  private listener: TcpListener | undefined;
  private binding: PortBinding | undefined;
  private readonly open = new Set<SimTcpSocket>();
  private closing = false;

  constructor(readonly host: Host, protected readonly init: SimTcpSocketInit = {}, connectionListener?: (socket: SimTcpSocket) => void) {
    super();
    if (connectionListener) this.on('connection', connectionListener);
  }

  /** True while listening. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /** listen(port[, host][, backlog][, cb]), listen(options[, cb]) or listen([cb]). */
  listen(...args: unknown[]): this {
    let cb: (() => void) | undefined;
    if (typeof args[args.length - 1] === 'function') cb = args.pop() as () => void;
    let port = 0;
    let hostText: string | undefined;
    if (typeof args[0] === 'object' && args[0] !== null) {
      const o = args[0] as TcpListenOptions;
      port = o.port ?? 0;
      hostText = o.host;
    } else {
      if (args[0] !== undefined && args[0] !== null) port = Number(args[0]);
      if (typeof args[1] === 'string') hostText = args[1];
    }
    if (this.listener) throw Object.assign(new Error('Listen method has been called more than once without closing.'), { code: 'ERR_SERVER_ALREADY_LISTEN' });
    if (!isPort(port)) {
      const e = new SocketError('ERR_SOCKET_BAD_PORT', `options.port should be >= 0 and < 65536. Received ${port}.`);
      e.message = `options.port should be >= 0 and < 65536. Received ${port}.`;
      throw e;
    }
    const later = (fn: () => void): void => this.later(fn);
    const ip = hostText === undefined || hostText === '::' || hostText === '0.0.0.0' ? 0 : parseTcpAddress(this.host, hostText);
    if (ip === undefined || !isLocalAddress(this.host, ip)) {
      later(() => this.emit('error', tcpError('EADDRNOTAVAIL', 'listen', hostText, port)));
      return this;
    }
    const stack = this.host.tcp();
    const binding = stack.bind(ip, port, true, true);
    if (!binding) {
      const e = tcpError('EADDRINUSE', 'listen', hostText ?? '0.0.0.0', port);
      e.message = `listen EADDRINUSE: address already in use ${hostText ?? '0.0.0.0'}:${port}`;
      later(() => this.emit('error', e));
      return this;
    }
    this.binding = binding;
    this.closing = false;
    this.listener = stack.listen(binding, (conn) => this.accepted(conn));
    later(() => {
      if (cb) cb();
      this.emit('listening');
    });
    return this;
  }

  /** Runs `fn` after the current event (the embedding hands it to its run loop instead). */
  protected later(fn: () => void): void {
    this.host.sim.scheduler.schedule(0, fn);
  }

  /** The socket for an accepted connection (the embedding makes its own kind). */
  protected newSocket(conn: TcpConnection): SimTcpSocket {
    return SimTcpSocket.accepted(this.host, conn, this.init);
  }

  /** Emits 'connection' (the embedding posts it to its run loop). */
  protected emitConnection(socket: SimTcpSocket): void {
    this.emit('connection', socket);
  }

  private accepted(conn: TcpConnection): void {
    if (!this.listener) return conn.abort();
    const socket = this.newSocket(conn);
    this.open.add(socket);
    socket.once('close', () => {
      this.open.delete(socket);
      this.maybeClosed();
    });
    this.emitConnection(socket);
  }

  address(): TcpAddressInfo | null {
    const b = this.binding;
    return this.listener && b ? addressInfo(b.ip, b.port) : null;
  }

  close(callback?: (err?: Error) => void): this {
    if (!this.listener) {
      const e = Object.assign(new Error('Server is not running.'), { code: 'ERR_SERVER_NOT_RUNNING' });
      if (callback) this.later(() => callback(e));
      return this;
    }
    this.host.tcp().unlisten(this.listener, this.binding!);
    this.listener = undefined;
    this.closing = true;
    if (callback) this.once('close', callback);
    this.later(() => this.maybeClosed());
    return this;
  }

  private maybeClosed(): void {
    if (this.closing && this.open.size === 0) {
      this.closing = false;
      this.emit('close');
    }
  }

  /** Node's getConnections(cb). */
  getConnections(cb: (err: Error | null, count: number) => void): this {
    this.later(() => cb(null, this.open.size));
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  /** EventEmitter.on with the event types of Node's net. */
  override on(event: 'connection', listener: (socket: SimTcpSocket) => void): this;
  override on(event: 'listening' | 'close', listener: () => void): this;
  override on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own signature
  override on(event: string | symbol, listener: (...args: any[]) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own signature
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }
}

/**
 * A TCP socket with net.Socket's shape (TcpSocketLike) on a simulated host. Node's behaviour is kept where
 * programs can see it: 'connect' then 'ready'; data flows once a 'data' listener is added (or resume()), is held
 * while paused (and then fills the receive window); 'end' when the peer's FIN has been read; without
 * allowHalfOpen the socket ends its side then; 'finish' once end() was handed to the stack; 'close' after both
 * (or after an error), once. destroy() is close(2): the stack finishes the connection on its own (FIN, or RST
 * when received bytes were left unread); resetAndDestroy() sends RST. Errors carry Node's codes (tcp-errors.ts).
 */
import { EventEmitter } from 'events';
import type { TimerHandle } from '../../sim/timers';
import { isPort } from '../endpoint';
import type { Host } from '../host';
import { formatIp } from '../ip-number';
import { SocketError } from '../socket-errors';
import type { TcpAddressInfo, TcpConnectOptions, TcpSocketLike } from '../tcp-socket.types';
import { addressInfo, familyOf, isLocalAddress, parseTcpAddress } from './tcp-address';
import { SEND_HIGH_WATER } from './tcp-config';
import { TcpConnection, TcpConnectionUser } from './tcp-connection';
import { TcpErrno, tcpError, writeAfterEnd, writeAfterFin } from './tcp-errors';

/** Options of a socket (Node's net.Socket options that apply here). */
export interface SimTcpSocketInit {
  /** Keep the writable side open after the peer's FIN (Node's allowHalfOpen). @default false */
  allowHalfOpen?: boolean;
}

type WriteCallback = (err?: Error | null) => void;

/** A simulated net.Socket. */
export class SimTcpSocket extends EventEmitter implements TcpSocketLike, TcpConnectionUser {
  private conn: TcpConnection | undefined;
  /** The last connection, kept for its addresses after close. */
  private lastConn: TcpConnection | undefined;
  readonly allowHalfOpen: boolean;
  connecting = false;
  destroyed = false;
  private ended = false;
  private autoEnded = false;
  private finished = false;
  private peerFin = false;
  private readEnded = false;
  private closeScheduled = false;
  /** null until a 'data' listener or resume() (Node's readableFlowing). */
  private flowing: boolean | null = null;
  /** Bytes received while not flowing. */
  private inbox: Buffer[] = [];
  private needDrain = false;
  private noDelay = false;
  /** setEncoding(): chunks to strings (UTF-8 keeps characters split across chunks whole). */
  private decoder: ((b: Buffer) => string) | undefined;
  private idleMs = 0;
  private idleTimer: TimerHandle | undefined;
  bytesRead = 0;
  bytesWritten = 0;

  constructor(readonly host: Host, init: SimTcpSocketInit = {}) {
    super();
    this.allowHalfOpen = init.allowHalfOpen ?? false;
    this.on('newListener', (event: string) => {
      if (event === 'data' && this.flowing === null) this.resume();
    });
  }

  /** A socket for a connection a listener accepted (already ESTABLISHED). */
  static accepted(host: Host, conn: TcpConnection, init: SimTcpSocketInit = {}): SimTcpSocket {
    const s = new SimTcpSocket(host, init);
    s.attach(conn);
    return s;
  }

  /**
   * Runs `fn` after the current event, at the same virtual instant (where Node uses process.nextTick or the next
   * turn of its loop). The embedding overrides it to hand the call to its run loop.
   */
  protected later(fn: () => void): void {
    this.host.sim.scheduler.schedule(0, fn);
  }

  /** @internal Takes over an accepted connection (listeners use it after constructing the socket). */
  adopt(conn: TcpConnection): void {
    this.attach(conn);
  }

  private attach(conn: TcpConnection): void {
    this.conn = conn;
    this.lastConn = conn;
    conn.user = this;
    conn.sender.noDelay = this.noDelay;
  }

  // ---- connect -----------------------------------------------------------------------------------------------

  /** Node's socket.connect(options[, cb]) or connect(port[, host][, cb]). */
  connect(options: TcpConnectOptions | number, hostOrCb?: string | (() => void), cb?: () => void): this {
    const opts: TcpConnectOptions = typeof options === 'number' ? { port: options, host: typeof hostOrCb === 'string' ? hostOrCb : 'localhost' } : options;
    const done = typeof hostOrCb === 'function' ? hostOrCb : cb;
    if (done) this.once('connect', done);
    if (!isPort(opts.port)) {
      const e = new SocketError('ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${opts.port}.`);
      e.message = `Port should be >= 0 and < 65536. Received ${opts.port}.`;
      throw e;
    }
    if (this.conn || this.connecting) throw new SocketError('ERR_SOCKET_CONNECTING', 'Socket is already connecting or connected');
    this.connecting = true;
    const host = this.host;
    const hostText = opts.host ?? 'localhost';
    const remote = parseTcpAddress(host, hostText);
    if (remote === undefined) return this.failSoon(new SocketError('ENOTFOUND', `getaddrinfo ENOTFOUND ${hostText}`));
    const stack = host.tcp();
    const loop = isLocalAddress(host, remote) && remote !== 0;
    const route = loop ? undefined : host.routes.lookup(remote);
    if (!loop && !route) return this.failSoon(tcpError('ENETUNREACH', 'connect', formatIp(remote), opts.port));
    // The source of the remote's family on a dual-stack interface (docs/ipv6.md: the interface's first such address).
    let local = loop ? remote : route!.iface.sourceFor(remote) ?? route!.iface.ip;
    if (opts.localAddress !== undefined) {
      const l = parseTcpAddress(host, opts.localAddress);
      if (l === undefined || !isLocalAddress(host, l)) return this.failSoon(tcpError('EADDRNOTAVAIL', 'connect', opts.localAddress, opts.localPort));
      if (l !== 0) local = l;
    }
    const binding = stack.bind(local, opts.localPort ?? 0, false, opts.reuseAddress ?? false);
    if (!binding || stack.connection(local, binding.port, remote, opts.port)) {
      if (binding) stack.unbind(binding);
      return this.failSoon(tcpError('EADDRINUSE', 'connect', formatIp(local), opts.localPort));
    }
    const conn = new TcpConnection(stack, { localIp: local, localPort: binding.port, remoteIp: remote, remotePort: opts.port, mss: stack.mssFor(remote) });
    this.attach(conn);
    stack.register(conn, binding);
    conn.openActive();
    return this;
  }

  private failSoon(err: Error): this {
    this.destroy(err);
    return this;
  }

  // ---- TcpConnectionUser -------------------------------------------------------------------------------------

  /** @internal The handshake completed. */
  connected(): void {
    this.connecting = false;
    this.refreshIdle();
    this.emit('connect');
    this.emit('ready');
    if (this.ended && !this.finished) this.scheduleFinish();
  }

  /** @internal In-order bytes arrived. */
  data(bytes: Uint8Array): void {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.bytesRead += b.byteLength;
    this.refreshIdle();
    if (this.flowing && this.inbox.length === 0) return this.emitData(b);
    this.inbox.push(b);
    if (this.conn) this.conn.receiver.unread += b.byteLength;
  }

  /** @internal The peer's FIN arrived. */
  peerEnded(): void {
    this.peerFin = true;
    if (this.flowing && this.inbox.length === 0) this.emitEnd();
  }

  /** @internal Written bytes were acknowledged. */
  acked(): void {
    if (this.needDrain && this.conn && this.conn.sender.buffered < SEND_HIGH_WATER) {
      this.needDrain = false;
      this.emit('drain');
    }
  }

  /** @internal The connection failed. */
  failed(code: TcpErrno): void {
    const syscall = this.connecting ? 'connect' : 'read';
    const c = this.lastConn!;
    this.conn = undefined;
    this.destroy(syscall === 'connect' ? tcpError(code, 'connect', formatIp(c.remoteIp), c.remotePort) : tcpError(code, 'read'));
  }

  // ---- reading -----------------------------------------------------------------------------------------------

  /** Stops 'data' events; bytes wait in the receive buffer and the advertised window shrinks. */
  pause(): this {
    this.flowing = false;
    return this;
  }

  /** Resumes 'data' events (the held bytes are emitted in the next event at the same virtual time). */
  resume(): this {
    this.flowing = true;
    this.later(() => this.flush());
    return this;
  }

  /** True while paused. */
  isPaused(): boolean {
    return this.flowing === false;
  }

  /**
   * Node's readable.pipe(dest) for the common case: writes every chunk to `dest`, pauses while `dest.write`
   * returns false until 'drain', and ends `dest` after 'end' (unless `end: false`).
   */
  pipe<T extends { write(d: Buffer): boolean; end(): unknown; once(ev: 'drain', fn: () => void): unknown }>(dest: T, options: { end?: boolean } = {}): T {
    this.on('data', (d) => {
      if (!dest.write(d)) {
        this.pause();
        dest.once('drain', () => this.resume());
      }
    });
    if (options.end !== false) this.on('end', () => dest.end());
    return dest;
  }

  /** 'data' as strings in this encoding. */
  setEncoding(encoding: BufferEncoding = 'utf8'): this {
    // TextDecoder rather than string_decoder, so the network layer also bundles for the browser playground.
    if (encoding === 'utf8' || encoding === 'utf-8') {
      const td = new TextDecoder('utf-8');
      this.decoder = (b) => td.decode(b, { stream: true });
    } else {
      this.decoder = (b) => b.toString(encoding);
    }
    return this;
  }

  private flush(): void {
    while (this.flowing && this.inbox.length > 0 && !this.destroyed) {
      const b = this.inbox.shift()!;
      if (this.conn) this.conn.receiver.unread -= b.byteLength;
      this.emitData(b);
    }
    if (this.flowing && this.inbox.length === 0 && this.peerFin && !this.readEnded) this.emitEnd();
    this.conn?.windowOpened();
  }

  private emitData(b: Buffer): void {
    this.emit('data', this.decoder ? this.decoder(b) : b);
  }

  private emitEnd(): void {
    if (this.readEnded || this.destroyed) return;
    this.readEnded = true;
    // Node's own 'end' listener (net.js onReadableStreamEnd) runs before the application's: it ends our side.
    if (!this.allowHalfOpen && !this.ended) {
      this.autoEnded = true;
      this.end();
    }
    this.emit('end');
    this.maybeClose();
  }

  // ---- writing -----------------------------------------------------------------------------------------------

  write(data: Uint8Array | string, encodingOrCb?: BufferEncoding | WriteCallback, cb?: WriteCallback): boolean {
    const callback = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    const encoding = typeof encodingOrCb === 'string' ? encodingOrCb : 'utf8';
    const later = (fn: () => void): void => this.later(fn);
    if (this.destroyed || (!this.conn && !this.connecting)) {
      const e = new SocketError('ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed');
      e.message = 'Cannot call write after a stream was destroyed';
      if (callback) later(() => callback(e));
      return false;
    }
    if (this.ended) {
      const e = this.autoEnded ? writeAfterFin() : writeAfterEnd();
      if (callback) later(() => callback(e));
      this.destroy(e);
      return false;
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, encoding) : Buffer.from(data);
    this.bytesWritten += bytes.byteLength;
    this.refreshIdle();
    this.conn?.write(bytes);
    if (callback) later(() => callback(null));
    const ok = (this.conn?.sender.buffered ?? 0) < SEND_HIGH_WATER;
    if (!ok) this.needDrain = true;
    return ok;
  }

  end(dataOrCb?: Uint8Array | string | (() => void), encodingOrCb?: BufferEncoding | (() => void), cb?: () => void): this {
    let callback = cb;
    if (typeof dataOrCb === 'function') callback = dataOrCb;
    else if (typeof encodingOrCb === 'function') callback = encodingOrCb;
    if (dataOrCb !== undefined && typeof dataOrCb !== 'function') this.write(dataOrCb, typeof encodingOrCb === 'string' ? encodingOrCb : 'utf8');
    if (callback) this.once('finish', callback);
    if (this.ended || this.destroyed) return this;
    this.ended = true;
    this.conn?.close();
    if (!this.connecting) this.scheduleFinish();
    return this;
  }

  private scheduleFinish(): void {
    this.later(() => {
      if (this.finished || this.destroyed) return;
      this.finished = true;
      this.emit('finish');
      this.maybeClose();
    });
  }

  /** Node's autoDestroy: both directions done. */
  private maybeClose(): void {
    if (this.finished && this.readEnded && !this.destroyed) this.destroy();
  }

  setNoDelay(noDelay = true): this {
    this.noDelay = noDelay;
    if (this.conn) this.conn.sender.noDelay = noDelay;
    if (noDelay) this.conn?.sender.output();
    return this;
  }

  /** Keep-alive probes are not modelled (docs/tcp.md); accepted and ignored, as on a socket that never idles that long. */
  setKeepAlive(_enable?: boolean, _initialDelay?: number): this {
    return this;
  }

  /** Node's idle timeout: 'timeout' after `ms` without reads or writes (0 turns it off). */
  setTimeout(ms: number, callback?: () => void): this {
    this.idleMs = ms;
    if (callback) this.once('timeout', callback);
    this.refreshIdle();
    return this;
  }

  private refreshIdle(): void {
    const timers = this.host.timers;
    if (this.idleTimer) timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.idleMs > 0 && !this.destroyed) this.idleTimer = timers.setTimeout(() => this.emit('timeout'), this.idleMs);
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  // ---- closing -----------------------------------------------------------------------------------------------

  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.connecting = false;
    const conn = this.conn;
    this.conn = undefined;
    if (conn) {
      // close(2): RST when received bytes were never read (RFC 9293 §3.10.4 allows ABORT; Linux does this), else FIN.
      if (this.inbox.length > 0 || conn.state === 'SYN-SENT') conn.abort();
      else {
        conn.orphan();
        conn.close();
      }
    }
    if (this.idleTimer) this.host.timers.clearTimeout(this.idleTimer);
    if (!this.closeScheduled) {
      this.closeScheduled = true;
      this.later(() => {
        if (error) this.emit('error', error);
        this.emit('close', error !== undefined);
      });
    }
    return this;
  }

  /** Node's resetAndDestroy(): RST now, then 'close'. */
  resetAndDestroy(): this {
    const conn = this.conn;
    this.conn = undefined;
    conn?.abort();
    return this.destroy();
  }

  // ---- addresses ---------------------------------------------------------------------------------------------

  address(): TcpAddressInfo | Record<string, never> {
    const c = this.conn ?? this.lastConn;
    return c ? addressInfo(c.localIp, c.localPort) : {};
  }

  get remoteAddress(): string | undefined {
    const c = this.conn ?? this.lastConn;
    return c ? formatIp(c.remoteIp) : undefined;
  }

  get remotePort(): number | undefined {
    return (this.conn ?? this.lastConn)?.remotePort;
  }

  get remoteFamily(): 'IPv4' | 'IPv6' | undefined {
    const c = this.conn ?? this.lastConn;
    return c ? familyOf(c.remoteIp) : undefined;
  }

  get localAddress(): string | undefined {
    const c = this.conn ?? this.lastConn;
    return c ? formatIp(c.localIp) : undefined;
  }

  get localPort(): number | undefined {
    return (this.conn ?? this.lastConn)?.localPort;
  }

  /** Node's readyState. */
  get readyState(): 'opening' | 'open' | 'readOnly' | 'writeOnly' | 'closed' {
    if (this.connecting) return 'opening';
    if (this.destroyed || !this.conn) return 'closed';
    if (this.ended) return this.readEnded ? 'closed' : 'readOnly';
    return this.readEnded ? 'writeOnly' : 'open';
  }

  /** True before the connection is established (Node's socket.pending). */
  get pending(): boolean {
    return !this.conn || this.connecting;
  }

  /** The TCP state of the connection (for tests and traces); 'CLOSED' when there is none. */
  get tcpState(): string {
    return this.conn?.state ?? 'CLOSED';
  }

  /** EventEmitter.on with the event types of Node's net. */
  override on(event: 'connect' | 'ready' | 'end' | 'finish' | 'drain' | 'timeout', listener: () => void): this;
  override on(event: 'data', listener: (data: Buffer) => void): this;
  override on(event: 'close', listener: (hadError: boolean) => void): this;
  override on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
  override on(event: 'newListener', listener: (event: string) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own signature
  override on(event: string | symbol, listener: (...args: any[]) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own signature
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }
}

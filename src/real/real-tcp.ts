/**
 * TCP and TLS on the real machine in the shape agents program against (src/net/tcp-socket.types.ts): node:net's
 * Server and Socket already are that shape (the interface is their subset), and a node:tls server is adapted so
 * that 'connection' carries the socket after the TLS handshake ('secureConnection'), as an agent expects: bytes
 * on it are the decrypted application data. TLS here is real TLS (OpenSSL through node:tls).
 */
import { EventEmitter } from 'events';
import net = require('net');
import tls = require('tls');
import type { TcpAddressInfo, TcpConnectOptions, TcpServerLike, TcpSocketLike } from '../net/tcp-socket.types';

/** A node:net server as a TcpServerLike (a structural subset; only address()'s string form for pipes differs). */
export function createRealTcpServer(): TcpServerLike {
  return net.createServer() as unknown as TcpServerLike;
}

/** A node:net connection as a TcpSocketLike (reuseAddress is not available in node:net and is ignored). */
export function connectRealTcp(options: TcpConnectOptions): TcpSocketLike {
  const { host, port, localAddress, localPort } = options;
  return net.connect({ host, port, localAddress, localPort }) as unknown as TcpSocketLike;
}

/** Options of a real TLS client connection. */
export interface RealTlsConnectOptions extends TcpConnectOptions {
  /** Server name for SNI and certificate checking. @default host */
  servername?: string;
  /** Check the server's certificate against the CA list (Node's default). @default true */
  rejectUnauthorized?: boolean;
  /** Extra trusted CA certificates (PEM), e.g. a test's self-signed certificate. @default Node's list */
  ca?: string | Buffer;
}

/** A node:tls client connection as a TcpSocketLike; 'connect' is emitted once, after the TLS handshake. */
export function connectRealTls(options: RealTlsConnectOptions): TcpSocketLike {
  const { host, port, localAddress, localPort, servername, rejectUnauthorized, ca } = options;
  const s = tls.connect({
    host, port, localAddress, localPort, servername: servername ?? (net.isIP(host) ? undefined : host), rejectUnauthorized, ca,
  } as tls.ConnectionOptions);
  return new RealTlsClientSocket(s);
}

/**
 * A TLSSocket seen as a plain TcpSocketLike: node's TLSSocket emits 'connect' when TCP connects and
 * 'secureConnect' after the handshake; agents wait for 'connect' before writing, so this emits 'connect' only
 * after the handshake and forwards everything else.
 */
class RealTlsClientSocket extends EventEmitter implements TcpSocketLike {
  constructor(private readonly s: tls.TLSSocket) {
    super();
    s.on('secureConnect', () => this.emit('connect'));
    for (const ev of ['data', 'end', 'drain', 'timeout', 'close', 'error']) s.on(ev, (...args: unknown[]) => this.emit(ev, ...args));
  }

  get remoteAddress(): string | undefined {
    return this.s.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.s.remotePort;
  }
  get remoteFamily(): 'IPv4' | 'IPv6' | undefined {
    return this.s.remoteFamily as 'IPv4' | 'IPv6' | undefined;
  }
  get localAddress(): string | undefined {
    return this.s.localAddress;
  }
  get localPort(): number | undefined {
    return this.s.localPort;
  }
  write(data: Uint8Array | string, callback?: (err?: Error | null) => void): boolean {
    return this.s.write(data, callback);
  }
  end(callback?: () => void): this {
    this.s.end(callback);
    return this;
  }
  destroy(error?: Error): this {
    this.s.destroy(error);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.s.setNoDelay(noDelay);
    return this;
  }
  address(): TcpAddressInfo | Record<string, never> {
    const a = this.s.address();
    return 'port' in a ? { address: a.address, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4', port: a.port } : {};
  }
}

/** A node:tls server whose 'connection' event carries the TLS socket once its handshake completed. */
export class RealTlsServer extends EventEmitter implements TcpServerLike {
  private readonly server: tls.Server;

  /**
   * @param options key and certificate (PEM) and any other node:tls server option
   * @param onClientError a handshake that failed (bad client, plain TCP on the TLS port): counted by the caller
   */
  constructor(options: tls.TlsOptions, onClientError?: (err: Error) => void) {
    super();
    this.server = tls.createServer(options);
    this.server.on('secureConnection', (s) => this.emit('connection', s));
    this.server.on('tlsClientError', (err) => onClientError?.(err));
    this.server.on('error', (err) => this.emit('error', err));
    this.server.on('listening', () => this.emit('listening'));
    this.server.on('close', () => this.emit('close'));
  }

  listen(port: number, host?: string, callback?: () => void): this {
    this.server.listen(port, host, callback);
    return this;
  }

  address(): TcpAddressInfo | null {
    const a = this.server.address();
    return a && typeof a === 'object' ? { address: a.address, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4', port: a.port } : null;
  }

  close(callback?: (err?: Error) => void): this {
    this.server.close(callback);
    return this;
  }
}

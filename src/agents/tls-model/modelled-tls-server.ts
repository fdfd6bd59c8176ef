/**
 * A TLS listener in the simulator with natsim's TLS model (docs/turn-tcp-tls.md): wraps a TcpServerLike, runs the
 * modelled handshake on each accepted connection, and emits 'connection' with the ModelledTlsSocket once it is
 * complete, as node:tls's 'secureConnection'. A client that does not speak the model is closed and reported.
 */
import { EventEmitter } from 'events';
import type { TcpAddressInfo, TcpServerLike } from '../../net/tcp-socket.types';
import type { RandomSource } from '../../sim/rng';
import { ModelledTlsSocket } from './modelled-tls-socket';

/** A TLS-modelled TcpServerLike. */
export class ModelledTlsServer extends EventEmitter implements TcpServerLike {
  /**
   * @param tcp the TCP listener to wrap (not listening yet, or already)
   * @param random the host's randomness (hello randoms, key shares, filler)
   * @param onHandshakeError a connection that failed its handshake
   */
  constructor(
    private readonly tcp: TcpServerLike,
    random: RandomSource,
    onHandshakeError?: (err: Error) => void,
  ) {
    super();
    tcp.on('connection', (socket) => {
      const tls = new ModelledTlsSocket(socket, { role: 'server', random }, (s) => this.emit('connection', s));
      tls.on('error', (err: Error) => onHandshakeError?.(err));
    });
    tcp.on('error', (err) => this.emit('error', err));
    tcp.on('listening', () => this.emit('listening'));
    tcp.on('close', () => this.emit('close'));
  }

  listen(port: number, host?: string, callback?: () => void): this {
    this.tcp.listen(port, host, callback);
    return this;
  }

  address(): TcpAddressInfo | null {
    return this.tcp.address();
  }

  close(callback?: (err?: Error) => void): this {
    this.tcp.close(callback);
    return this;
  }
}

/**
 * The TURN client's side of a TCP or TLS connection to its server (RFC 8656 §3.1), shaped as the UDP socket the
 * client's transaction layer already uses: send() writes one message to the stream (ChannelData padded to 4 bytes,
 * §12.5), and every STUN or ChannelData message cut from the received stream (TurnStreamDecoder) comes out as a
 * 'message' from the server. Sends before the connection is up wait for it, in order. The connection closing (or
 * failing, or the server's bytes not framing) emits 'error' then 'close': the client's allocation is gone with it.
 */
import { EventEmitter } from 'events';
import type { TcpConnectOptions, TcpSocketLike } from '../../net/tcp-socket.types';
import type { RemoteInfo, SocketAddress, UdpSocketLike } from '../../net/udp-socket.types';
import { padForStream, TurnStreamDecoder, type TransportAddress } from '../../protocols/turn';

/** Opens the connection (TCP, real TLS or modelled TLS). */
export type StreamConnector = (options: TcpConnectOptions) => TcpSocketLike;

/** A stream to one TURN server, seen as a datagram socket. */
export class StreamDatagramSocket extends EventEmitter implements UdpSocketLike {
  private stream: TcpSocketLike | undefined;
  private connected = false;
  private closed = false;
  /** Messages sent before 'connect', in order. */
  private readonly pending: Uint8Array[] = [];
  private readonly decoder = new TurnStreamDecoder({ legacyChannelNumbers: true });
  private readonly rinfoBase: Omit<RemoteInfo, 'size'>;

  /**
   * @param connect opens the connection
   * @param server the TURN server; send() to any other address fails
   */
  constructor(
    private readonly connect: StreamConnector,
    private readonly server: TransportAddress,
  ) {
    super();
    this.rinfoBase = { address: server.address, family: 'IPv4', port: server.port };
  }

  /** True once the connection is established (after the TLS handshake for TLS). */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects from `port`/`address` (0/omitted: ephemeral/by route); `callback` once connected. */
  bind(port?: number, address?: string, callback?: () => void): this {
    if (this.stream) return this;
    const s = (this.stream = this.connect({
      host: this.server.address,
      port: this.server.port,
      ...(port ? { localPort: port } : {}),
      ...(address && address !== '0.0.0.0' ? { localAddress: address } : {}),
    }));
    s.on('connect', () => {
      if (this.closed) return;
      this.connected = true;
      s.setNoDelay(true);
      for (const m of this.pending.splice(0)) s.write(m);
      this.emit('listening');
      callback?.();
    });
    s.on('data', (chunk: Buffer) => this.receive(chunk));
    s.on('error', (err: Error) => this.fail(err));
    s.on('end', () => this.fail(new Error(`the TURN server ${this.server.address}:${this.server.port} closed the connection`)));
    s.on('close', () => this.fail(new Error('connection closed')));
    return this;
  }

  send(msg: Uint8Array, port: number, address: string, callback?: (err: Error | null, bytes: number) => void): void {
    if (this.closed) throw new Error('StreamDatagramSocket.send: the connection is closed');
    if (address !== this.server.address || port !== this.server.port) {
      throw new Error(`StreamDatagramSocket.send: this connection only reaches ${this.server.address}:${this.server.port}`);
    }
    if (!this.stream) this.bind();
    const bytes = padForStream(msg);
    if (this.connected) this.stream!.write(bytes);
    else this.pending.push(bytes);
    callback?.(null, msg.length);
  }

  address(): SocketAddress {
    return { address: this.stream?.localAddress ?? '0.0.0.0', family: 'IPv4', port: this.stream?.localPort ?? 0 };
  }

  /** Half-closes (FIN after queued bytes), then forgets the connection; 'close' follows. */
  close(callback?: () => void): this {
    if (!this.closed) {
      this.closed = true;
      this.stream?.end();
      this.emit('close');
    }
    callback?.();
    return this;
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    const err = this.decoder.push(chunk, (f) => {
      this.emit('message', Buffer.from(f.bytes), { ...this.rinfoBase, size: f.bytes.length });
    });
    if (err) {
      this.stream?.destroy();
      this.fail(new Error(`the TURN server's stream does not frame: ${err.code} at byte ${err.offset}: ${err.message}`));
    }
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.length = 0;
    this.emit('error', err);
    this.emit('close');
  }
}

/**
 * The TURN server's stream side (RFC 8656 §3.1): clients over TCP or TLS-over-TCP. Each accepted connection is one
 * client 5-tuple (client address and port as the server sees them, the server's local address and port, transport
 * 'tcp' or 'tls'); what arrives is cut into STUN and ChannelData messages (TurnStreamDecoder, §12.5) and handed to
 * the server as if each were a datagram; what the server sends to that 5-tuple goes down the same connection, with
 * ChannelData padded to a multiple of 4 bytes (§12.5 MUST). Bytes that cannot be framed close the connection (there
 * is no next message boundary to resynchronise on); a connection that stops reading gets relayed data dropped
 * rather than buffered without bound. Works on any TcpServerLike: the simulated TCP stack, node:net or node:tls.
 */
import type { TcpServerLike, TcpSocketLike } from '../../net/tcp-socket.types';
import {
  fiveTupleKey,
  padForStream,
  TurnStreamDecoder,
  type TransportAddress,
  type TurnFiveTuple,
  type TurnStreamError,
  type TurnStreamFrame,
} from '../../protocols/turn';

/** Client-to-server transports on a stream (RFC 8656 §3.1). */
export type StreamTransport = 'tcp' | 'tls';

/** A client as the server sees it on a stream: its address, and the 5-tuple's server side and transport. */
export interface StreamClientAddress extends TransportAddress {
  readonly transport: StreamTransport;
  /** The server's local address and port of the connection. */
  readonly server: TransportAddress;
}

/** True when `a` came in on a stream (it carries its transport). */
export function isStreamClient(a: TransportAddress): a is StreamClientAddress {
  return (a as Partial<StreamClientAddress>).transport === 'tcp' || (a as Partial<StreamClientAddress>).transport === 'tls';
}

/** What the links report to the server. */
export interface StreamLinkHandlers {
  /** A complete message from a client. */
  message(frame: TurnStreamFrame, from: StreamClientAddress): void;
  /** The client's bytes could not be framed; the connection is being closed. */
  framingError(err: TurnStreamError, from: StreamClientAddress): void;
  /** A new connection, refused when over the limit (`accepted` false). */
  connected(from: StreamClientAddress, accepted: boolean): void;
  /** The connection is gone (either side closed it): its 5-tuple's allocation must go too. */
  closed(from: StreamClientAddress, hadError: boolean): void;
  /** A listener failed (e.g. EADDRINUSE). */
  listenerError(transport: StreamTransport, err: Error): void;
}

/** Options of StreamLinks. */
export interface StreamLinksInit {
  /** Accept legacy channel numbers 0x5000-0x7FFF in ChannelData (TurnServerInit.legacyChannelNumbers). */
  readonly legacyChannelNumbers: boolean;
  /** Most open client connections over all listeners; more are closed at once. @default no limit */
  readonly maxConnections?: number;
}

/** One open connection. */
interface Link {
  readonly socket: TcpSocketLike;
  readonly from: StreamClientAddress;
  /** True between a write() that returned false and 'drain': relayed data to it is dropped meanwhile. */
  congested: boolean;
}

/** Strips the IPv4-mapped prefix node:net reports on dual-stack listeners (`::ffff:192.0.2.1`). */
function plainAddress(a: string): string {
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** The TURN server's TCP and TLS listeners and their client connections. */
export class StreamLinks {
  /** key: fiveTupleKey of the connection's 5-tuple ("tcp 198.51.100.2:50000 > 203.0.113.1:3478") -> link. */
  private readonly links = new Map<string, Link>();
  private readonly listeners: TcpServerLike[] = [];

  constructor(
    private readonly init: StreamLinksInit,
    private readonly handlers: StreamLinkHandlers,
  ) {}

  /** Open connections. */
  get size(): number {
    return this.links.size;
  }

  /**
   * Serves clients on `server` as `transport`. When `listenOn` is given the links call listen() and `callback`
   * runs once listening (or with the error); otherwise the server is already listening (or the caller listens).
   */
  attach(
    server: TcpServerLike,
    transport: StreamTransport,
    local: TransportAddress,
    listenOn?: { port: number; host?: string },
    callback?: (err: Error | null) => void,
  ): void {
    this.listeners.push(server);
    let listening = listenOn === undefined;
    server.on('connection', (socket) => this.accept(socket, transport, local));
    server.on('error', (err) => {
      this.handlers.listenerError(transport, err);
      if (!listening && callback) callback(err);
    });
    if (listenOn) {
      server.listen(listenOn.port, listenOn.host, () => {
        listening = true;
        callback?.(null);
      });
    }
  }

  /**
   * Sends one message to the client of a stream 5-tuple: ChannelData is padded (§12.5). `relayed` marks data from
   * a peer, which is dropped (false) while the connection is congested; answers are always queued. False when
   * the connection is gone.
   */
  send(bytes: Uint8Array, to: StreamClientAddress, relayed: boolean): boolean {
    const link = this.links.get(linkKey(to));
    if (!link) return false;
    if (relayed && link.congested) return false;
    if (!link.socket.write(padForStream(bytes))) link.congested = true;
    return true;
  }

  /** The stream 5-tuple of a client address. */
  fiveTuple(from: StreamClientAddress): TurnFiveTuple {
    return { client: { address: from.address, port: from.port }, server: from.server, transport: from.transport };
  }

  /** Closes every listener and connection. */
  closeAll(): void {
    for (const s of this.listeners.splice(0)) {
      try {
        s.close();
      } catch {
        // not listening
      }
    }
    for (const link of [...this.links.values()]) link.socket.destroy();
    this.links.clear();
  }

  private accept(socket: TcpSocketLike, transport: StreamTransport, local: TransportAddress): void {
    const from: StreamClientAddress = {
      address: plainAddress(socket.remoteAddress ?? '0.0.0.0'),
      port: socket.remotePort ?? 0,
      transport,
      server: { address: plainAddress(socket.localAddress ?? local.address), port: socket.localPort ?? local.port },
    };
    socket.on('error', () => undefined); // 'close' follows; ECONNRESET from a client is not the server's problem
    const max = this.init.maxConnections;
    if (max !== undefined && this.links.size >= max) {
      this.handlers.connected(from, false);
      socket.destroy();
      return;
    }
    const key = linkKey(from);
    const link: Link = { socket, from, congested: false };
    this.links.set(key, link);
    socket.setNoDelay(true);
    this.handlers.connected(from, true);
    const decoder = new TurnStreamDecoder({ legacyChannelNumbers: this.init.legacyChannelNumbers });
    const onFrame = (frame: TurnStreamFrame): void => {
      if (this.links.get(key) === link) this.handlers.message(frame, from);
    };
    socket.on('data', (chunk: Buffer) => {
      if (this.links.get(key) !== link) return;
      const err = decoder.push(chunk, onFrame);
      if (!err) return;
      this.handlers.framingError(err, from);
      socket.destroy();
    });
    socket.on('drain', () => (link.congested = false));
    socket.on('end', () => socket.end());
    socket.on('close', (hadError: boolean) => {
      if (this.links.get(key) !== link) return;
      this.links.delete(key);
      this.handlers.closed(from, hadError);
    });
  }
}

function linkKey(a: StreamClientAddress): string {
  return fiveTupleKey({ client: a, server: a.server, transport: a.transport });
}

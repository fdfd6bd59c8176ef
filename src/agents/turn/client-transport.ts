/**
 * The TURN client's socket side: the UDP socket (its own, or one shared with e.g. an ICE agent), the STUN
 * transaction layer on it (src/agents/stun StunClient, RFC 8489 §6.2.1 retransmissions), and the demultiplexing of
 * what arrives (RFC 7983 §7, RFC 8656 §12.5): from the TURN server, ChannelData (first byte 64-79) and STUN go to
 * the client; anything else is handed back to the owner.
 */
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import { newTransactionId, type IntegrityInit, type StunMessageBase } from '../../protocols/stun';
import type { TransportAddress, TurnClientTransport } from '../../protocols/turn';
import { streamConnector } from './stream-connector';
import { StreamDatagramSocket } from './stream-socket';
import { StunClient, type StunTransaction, type StunTransactionHandlers, type StunTransactionInit } from '../stun';
import { createSocketFor } from './addresses';

/** How the transport is set up. */
export interface ClientTransportInit {
  readonly server: TransportAddress;
  /** A socket to share; the transport never closes it. */
  readonly socket?: UdpSocketLike;
  readonly localPort?: number;
  readonly localAddress?: string;
  /** Listen on the socket ('own') or wait for handleDatagram() calls ('external'). */
  readonly demux: 'own' | 'external';
  readonly transaction?: StunTransactionInit;
  readonly agent: string;
  /** Client-to-server transport: with 'tcp'/'tls' the "socket" is a connection to the server (stream-socket.ts). */
  readonly transport?: TurnClientTransport;
  readonly tls?: { readonly servername?: string; readonly rejectUnauthorized?: boolean; readonly ca?: string };
}

/** Where received datagrams go. */
export interface ClientTransportHandlers {
  /** A datagram from the TURN server that is not a response to a transaction; return true when consumed. */
  fromServer(bytes: Uint8Array, rinfo: RemoteInfo): boolean;
  /** A datagram the TURN client does not consume (only with demux 'own'). */
  other(msg: Buffer, rinfo: RemoteInfo): void;
  /** The TCP/TLS connection to the server is gone (its allocation with it). */
  streamClosed?(reason: string): void;
}

/** Socket + StunClient for one TURN client; can move to a new local port when it owns the socket (RFC 8656 §7.4). */
export class ClientTransport {
  private sock: UdpSocketLike | undefined;
  private stun: StunClient | undefined;
  private listener: ((msg: Buffer, rinfo: RemoteInfo) => void) | undefined;

  constructor(
    private readonly env: HostEnv,
    private readonly init: ClientTransportInit,
    private readonly handlers: ClientTransportHandlers,
  ) {}

  /** True when the client created its socket (so it may close it and take another port). */
  get ownsSocket(): boolean {
    return this.init.socket === undefined;
  }

  /** The socket in use (opened on first use). */
  get socket(): UdpSocketLike {
    this.open();
    return this.sock!;
  }

  /** Opens the socket and the transaction layer if not open yet. */
  open(port = this.init.localPort): void {
    if (this.sock) return;
    let s = this.init.socket;
    if (!s) {
      s = this.init.transport && this.init.transport !== 'udp' ? this.openStream() : createSocketFor(this.env, this.init.server.address);
      s.bind(port ?? 0, this.init.localAddress);
    }
    this.sock = s;
    this.stun = new StunClient(this.env, s, { listen: false, transaction: this.init.transaction, agent: this.init.agent });
    if (this.init.demux === 'own') {
      this.listener = (msg, rinfo) => {
        if (!this.handleDatagram(msg, rinfo)) this.handlers.other(msg, rinfo);
      };
      s.on('message', this.listener);
    }
  }

  /** A connection to the server for transport 'tcp' or 'tls', reporting its end to the owner. */
  private openStream(): StreamDatagramSocket {
    const s = new StreamDatagramSocket(streamConnector(this.env, this.init.transport as 'tcp' | 'tls', this.init.tls), this.init.server);
    s.on('error', (err: Error) => {
      if (this.sock !== s) return;
      this.handlers.streamClosed?.(err.message);
      // Its transactions fail now (not after Ti), saying why; the next request opens a new connection.
      this.shut(err.message);
    });
    return s;
  }

  /**
   * Moves to a fresh ephemeral local port: closes the owned socket (failing its transactions with 'closed') and
   * opens a new one. Returns false when the socket is shared and cannot be replaced.
   */
  reopen(): boolean {
    if (!this.ownsSocket) return false;
    this.shut();
    this.open(0);
    return true;
  }

  /**
   * Offers a received datagram: true when it came from the TURN server and was consumed (a transaction's
   * response, ChannelData, a Data indication); false when it is the owner's.
   */
  handleDatagram(msg: Uint8Array, rinfo: RemoteInfo): boolean {
    const server = this.init.server;
    if (rinfo.address !== server.address || rinfo.port !== server.port) return false;
    if (this.stun?.receive(msg, rinfo)) return true;
    return this.handlers.fromServer(msg, rinfo);
  }

  /** A fresh random transaction id (RFC 8489 §5) from the host's random source. */
  newTransactionId(): Uint8Array {
    return newTransactionId(this.env.random);
  }

  /** Starts a request transaction to the server. */
  request(message: StunMessageBase, handlers: StunTransactionHandlers, integrity: IntegrityInit | undefined): StunTransaction {
    this.open();
    return this.stun!.request(message, this.init.server.address, this.init.server.port, handlers, {
      fingerprint: true,
      ...(integrity ? { integrity } : {}),
    });
  }

  /** Sends raw bytes (ChannelData, indications) to the server. Returns false if the socket refused. */
  send(bytes: Uint8Array): boolean {
    try {
      this.socket.send(bytes, this.init.server.port, this.init.server.address);
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the transaction layer, and the socket when owned. */
  close(): void {
    this.shut();
  }

  private shut(detail?: string): void {
    this.stun?.close(detail);
    if (this.listener && this.sock) this.sock.off('message', this.listener);
    if (this.sock && this.ownsSocket) {
      try {
        this.sock.close();
      } catch {
        // already closed
      }
    }
    this.sock = undefined;
    this.stun = undefined;
    this.listener = undefined;
  }
}

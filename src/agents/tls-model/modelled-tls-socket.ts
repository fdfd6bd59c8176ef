/**
 * A TCP connection with natsim's TLS model on top (docs/turn-tcp-tls.md), shaped as a TcpSocketLike so the TURN
 * client and server use it as they use node:tls on a real network. The handshake costs what TLS 1.3 costs (one
 * round trip after TCP's, the real record sizes, src/protocols/tls-model) and application data travels in
 * TLS-1.3-shaped records; nothing is encrypted or authenticated. 'connect' (client) and the server's 'connection'
 * come after the handshake, as with node:tls. Bytes that are not modelled TLS close the connection with an error.
 */
import { EventEmitter } from 'events';
import type { TcpAddressInfo, TcpSocketLike } from '../../net/tcp-socket.types';
import type { RandomSource } from '../../sim/rng';
import {
  encodeApplicationData,
  modelledClientFinished,
  modelledClientHello,
  modelledServerFlight,
  openApplicationData,
  TLS_CONTENT,
  TLS_HANDSHAKE,
  TlsRecordDecoder,
  type TlsRecord,
} from '../../protocols/tls-model';

/** Options of a modelled TLS connection. */
export interface ModelledTlsInit {
  readonly role: 'client' | 'server';
  /** Randomness for hello randoms, key shares and filler (the host's seeded stream: runs stay deterministic). */
  readonly random: RandomSource;
  /** SNI in the ClientHello (client only). @default none */
  readonly serverName?: string;
}

/** Where the handshake is (RFC 8446 §2, one round trip). */
type Phase = 'wait-hello' | 'wait-server-flight' | 'wait-finished' | 'open' | 'failed';

/** A TLS-modelled connection over a TcpSocketLike. */
export class ModelledTlsSocket extends EventEmitter implements TcpSocketLike {
  private phase: Phase;
  /** Records of the peer's flight still expected before the handshake is complete. */
  private expected: number[] = [];
  private readonly decoder = new TlsRecordDecoder();
  private readonly queued: { data: Uint8Array; cb?: (err?: Error | null) => void }[] = [];
  private endAfterHandshake = false;

  constructor(
    private readonly tcp: TcpSocketLike,
    private readonly init: ModelledTlsInit,
    /** Server side: called once the handshake is complete (the TLS server's 'connection'). */
    private readonly onEstablished?: (s: ModelledTlsSocket) => void,
  ) {
    super();
    const random = (n: number): Uint8Array => init.random.bytes(n);
    if (init.role === 'client') {
      this.phase = 'wait-server-flight';
      this.expected = [TLS_CONTENT.handshake, TLS_CONTENT.changeCipherSpec, TLS_CONTENT.applicationData];
      tcp.on('connect', () => tcp.write(modelledClientHello(random, init.serverName)));
    } else {
      this.phase = 'wait-hello';
      this.expected = [TLS_CONTENT.handshake];
    }
    tcp.on('data', (chunk: Buffer) => this.receive(chunk));
    tcp.on('end', () => this.emit('end'));
    tcp.on('drain', () => this.emit('drain'));
    tcp.on('timeout', () => this.emit('timeout'));
    tcp.on('error', (err: Error) => this.emit('error', err));
    tcp.on('close', (hadError: boolean) => this.emit('close', hadError));
  }

  get remoteAddress(): string | undefined {
    return this.tcp.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.tcp.remotePort;
  }
  get remoteFamily(): 'IPv4' | 'IPv6' | undefined {
    return this.tcp.remoteFamily;
  }
  get localAddress(): string | undefined {
    return this.tcp.localAddress;
  }
  get localPort(): number | undefined {
    return this.tcp.localPort;
  }

  /** Application data, sent in modelled records once the handshake is complete (queued before). */
  write(data: Uint8Array | string, callback?: (err?: Error | null) => void): boolean {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (this.phase !== 'open') {
      this.queued.push({ data: bytes, cb: callback });
      return true;
    }
    let ok = true;
    const records = encodeApplicationData(bytes);
    records.forEach((r, i) => (ok = this.tcp.write(r, i === records.length - 1 ? callback : undefined) && ok));
    return ok;
  }

  end(callback?: () => void): this {
    if (this.phase === 'open' || this.phase === 'failed') this.tcp.end(callback);
    else this.endAfterHandshake = true;
    return this;
  }

  destroy(error?: Error): this {
    this.tcp.destroy(error);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.tcp.setNoDelay(noDelay);
    return this;
  }

  address(): TcpAddressInfo | Record<string, never> {
    return this.tcp.address();
  }

  private receive(chunk: Buffer): void {
    if (this.phase === 'failed') return;
    const err = this.decoder.push(chunk, (r) => this.onRecord(r));
    if (err) this.fail(`not a TLS record stream: ${err.code} at byte ${err.offset}: ${err.message}`);
  }

  private onRecord(r: TlsRecord): void {
    if (this.phase === 'failed') return;
    if (this.phase === 'open') {
      const app = r.type === TLS_CONTENT.applicationData ? openApplicationData(r.fragment) : undefined;
      if (!app) return this.fail(`record type ${r.type} after the handshake is not modelled application data`);
      if (app.innerType === TLS_CONTENT.applicationData && app.content.length > 0) this.emit('data', Buffer.from(app.content));
      return;
    }
    const want = this.expected.shift();
    if (r.type !== want) return this.fail(`handshake: expected record type ${String(want)}, got ${r.type}`);
    if (this.phase === 'wait-hello' && r.fragment[0] !== TLS_HANDSHAKE.clientHello) return this.fail('handshake: the first record is not a ClientHello');
    if (this.phase === 'wait-server-flight' && r.type === TLS_CONTENT.handshake && r.fragment[0] !== TLS_HANDSHAKE.serverHello) {
      return this.fail('handshake: the server did not answer with a ServerHello');
    }
    if (this.expected.length > 0) return;
    const random = (n: number): Uint8Array => this.init.random.bytes(n);
    if (this.phase === 'wait-hello') {
      for (const rec of modelledServerFlight(random)) this.tcp.write(rec);
      this.phase = 'wait-finished';
      this.expected = [TLS_CONTENT.changeCipherSpec, TLS_CONTENT.applicationData];
      return;
    }
    if (this.phase === 'wait-server-flight') for (const rec of modelledClientFinished(random)) this.tcp.write(rec);
    this.open();
  }

  private open(): void {
    this.phase = 'open';
    if (this.init.role === 'client') this.emit('connect');
    else this.onEstablished?.(this);
    for (const q of this.queued.splice(0)) this.write(q.data, q.cb);
    if (this.endAfterHandshake) this.tcp.end();
  }

  private fail(message: string): void {
    this.phase = 'failed';
    const err = Object.assign(new Error(`modelled TLS: ${message}`), { code: 'ERR_SSL_MODELLED_PROTOCOL' });
    this.tcp.destroy(err);
  }
}

/** Wraps a client TCP connection (connecting) in modelled TLS. */
export function connectModelledTls(tcp: TcpSocketLike, init: ModelledTlsInit): ModelledTlsSocket {
  return new ModelledTlsSocket(tcp, init);
}

/**
 * STUN over TCP (RFC 8489 §6.2.2): a StunServer also answers Binding requests on a TCP listener at its primary
 * address and port. Messages travel back to back on the stream, each framed by its own header's length (the TURN
 * stream decoder, RFC 8656 §3.1, cuts them); the response goes back on the same connection. The mapped address a
 * client learns is the source of its TCP connection as the server saw it: the NAT's TCP mapping (RFC 5382), which
 * a TCP hole punch needs (src/agents/holepunch/tcp-hole-punch-agent.ts).
 *
 * A connection whose bytes cannot be framed is closed, counted and traced ('rejected', reason 'malformed'): there
 * is no way to find the next message boundary. CHANGE-REQUEST has no meaning on a connection (RFC 5780 §7.1 runs
 * over UDP) and is answered 420 as in basic mode.
 */
import { encode } from '../../protocols/stun';
import { TurnStreamDecoder } from '../../protocols/turn/stream-framing';
import type { HostEnv } from '../../net/host-env';
import type { TcpServerLike, TcpSocketLike } from '../../net/tcp-socket.types';
import type { RemoteInfo } from '../../net/udp-socket.types';
import { decideBinding } from './stun-server-handler';
import type { StunServerConfig } from './stun-server-config';
import type { StunServerRejectReason } from './stun-server-handler';
import type { TransportAddress } from './transport-address';

/** What the stream server reports to its StunServer. */
export interface StunStreamServerHooks {
  /** A request was answered with success (true) or an error response (false). */
  answered(success: boolean): void;
  /** A message was refused or a connection dropped; counted and traced by the server. */
  reject(reason: StunServerRejectReason, rinfo: RemoteInfo, detail?: string): void;
  /** The listener failed (EADDRINUSE): traced as 'socket-error'. */
  error(err: Error): void;
}

/** Most bytes one connection may leave unframed (one whole STUN message at most, RFC 8489 §6.2.2). */
const MAX_MESSAGE = 2048;

/** Listens on TCP at one endpoint and answers Binding requests on each connection. */
export class StunStreamServer {
  private server: TcpServerLike | undefined;
  private readonly open = new Set<TcpSocketLike>();

  constructor(
    private readonly env: HostEnv,
    private readonly config: StunServerConfig,
    private readonly endpoint: TransportAddress,
    private readonly hooks: StunStreamServerHooks,
  ) {}

  /** Starts listening; `ready` runs once listening (or at once when the host has no TCP). */
  start(ready: () => void): void {
    if (!this.env.createTcpServer) return ready();
    const server = this.env.createTcpServer();
    this.server = server;
    server.on('connection', (s) => this.accept(s));
    server.on('error', (err) => this.hooks.error(err));
    server.listen(this.endpoint.port, this.endpoint.address, ready);
  }

  /** Stops listening and closes every connection. */
  close(): void {
    this.server?.close();
    this.server = undefined;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  private accept(socket: TcpSocketLike): void {
    this.open.add(socket);
    const rinfo: RemoteInfo = {
      address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, family: (socket.remoteFamily ?? 'IPv4') as RemoteInfo['family'], size: 0,
    };
    const decoder = new TurnStreamDecoder({ maxMessageSize: MAX_MESSAGE });
    socket.on('data', (chunk: Buffer) => {
      const err = decoder.push(chunk, (frame) => {
        if (frame.kind !== 'stun') return this.hooks.reject('not-stun', rinfo);
        this.answer(socket, frame.bytes, { ...rinfo, size: frame.bytes.byteLength });
      });
      if (err) {
        this.hooks.reject('malformed', rinfo, `stream closed: ${err.message}`);
        socket.destroy();
      }
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined); // a reset connection only closes; 'close' tidies up
    socket.on('close', () => this.open.delete(socket));
  }

  private answer(socket: TcpSocketLike, bytes: Uint8Array, rinfo: RemoteInfo): void {
    const d = decideBinding({ config: { ...this.config, mode: 'basic' }, sockets: [this.endpoint], arrivedOn: 0 }, bytes, rinfo);
    if (d.kind === 'indication') return;
    if (d.kind === 'discard') return this.hooks.reject(d.reason, rinfo);
    if (d.rejected) this.hooks.reject(d.rejected, rinfo);
    this.hooks.answered(!d.rejected);
    const out = encode(d.message, { fingerprint: this.config.fingerprint, ...(d.key ? { integrity: { key: d.key } } : {}) });
    socket.write(out);
  }
}

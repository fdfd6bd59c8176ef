/**
 * The server's relayed transport addresses (RFC 8656 §7.2): one extra UDP socket per allocation, bound on the
 * server host to (relay address, relayed port). Datagrams arriving on them come from peers (§11.3).
 */
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import type { TransportAddress } from '../../protocols/turn';

/** Called for each datagram a peer sends to relayed port `port`. */
export type PeerDatagramHandler = (port: number, msg: Buffer, rinfo: RemoteInfo) => void;

/** Called when a bound relay socket reports an error, e.g. a send to a broadcast address failing (EACCES). */
export type RelayErrorHandler = (port: number, err: Error) => void;

/** Relay sockets by relayed port. */
export class RelaySockets {
  /** key: relayed port -> its bound socket. */
  private readonly sockets = new Map<number, UdpSocketLike>();

  constructor(
    private readonly env: HostEnv,
    private readonly address: string,
    private readonly onPeer: PeerDatagramHandler,
    private readonly onError: RelayErrorHandler = () => undefined,
  ) {}

  /** Number of open relay sockets. */
  get size(): number {
    return this.sockets.size;
  }

  /** True when a socket is open (or opening) on `port`. */
  has(port: number): boolean {
    return this.sockets.has(port);
  }

  /** Relayed ports with an open socket, ascending. */
  ports(): number[] {
    return [...this.sockets.keys()].sort((a, b) => a - b);
  }

  /** Opens a socket on `port`; `done(null)` once bound, or `done(error)` (e.g. EADDRINUSE) and nothing is kept. */
  open(port: number, done: (err: Error | null) => void): void {
    const s = this.env.createSocket();
    let settled = false;
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      if (err) this.close(port, s);
      done(err);
    };
    s.on('error', (err) => {
      if (!settled) return settle(err);
      if (this.sockets.get(port) === s) this.onError(port, err);
    });
    s.on('message', (msg, rinfo) => {
      if (this.sockets.get(port) === s) this.onPeer(port, msg, rinfo);
    });
    this.sockets.set(port, s);
    try {
      s.bind(port, this.address, () => settle(this.sockets.get(port) === s ? null : new Error(`relay port ${port} was closed while binding`)));
    } catch (e) {
      settle(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Sends `data` from relayed port `port` to `peer`; false when no socket is open there or sending failed. */
  send(port: number, data: Uint8Array, peer: TransportAddress): boolean {
    const s = this.sockets.get(port);
    if (!s) return false;
    try {
      s.send(data, peer.port, peer.address);
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the socket on `port` (only `expected` if given), freeing the port on the host. */
  close(port: number, expected?: UdpSocketLike): void {
    const s = this.sockets.get(port);
    if (!s || (expected && s !== expected)) {
      if (expected) safeClose(expected);
      return;
    }
    this.sockets.delete(port);
    safeClose(s);
  }

  /** Closes every relay socket. */
  closeAll(): void {
    for (const port of [...this.sockets.keys()]) this.close(port);
  }
}

function safeClose(s: UdpSocketLike): void {
  try {
    s.close();
  } catch {
    // already closed
  }
}

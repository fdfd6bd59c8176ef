/**
 * The server's relayed transport addresses (RFC 8656 §7.2): one extra UDP socket per allocation and relayed family,
 * bound on the server host to (relay address of that family, relayed port); a dual allocation (§7.1) has two, an
 * IPv4 and an IPv6 one on the same port. Datagrams arriving on them come from peers (§11.3); a datagram to a peer
 * leaves from the socket of the peer's family.
 */
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import { addressFamily, type AddressFamily, type RelayAddressSet, type TransportAddress } from '../../protocols/turn';
import { createSocketFor } from './addresses';

/** Called for each datagram a peer sends to relayed port `port`. */
export type PeerDatagramHandler = (port: number, msg: Buffer, rinfo: RemoteInfo) => void;

/** Called when a bound relay socket reports an error, e.g. a send to a broadcast address failing (EACCES). */
export type RelayErrorHandler = (port: number, err: Error) => void;

/** One allocation's relay sockets: by family. */
type FamilySockets = { 4?: UdpSocketLike; 6?: UdpSocketLike };

/** Relay sockets by relayed port. */
export class RelaySockets {
  /** key: relayed port -> its bound socket per family. */
  private readonly sockets = new Map<number, FamilySockets>();

  constructor(
    private readonly env: HostEnv,
    private readonly addresses: RelayAddressSet,
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

  /**
   * Opens a socket on `port` for each of `families` (default: the first relay address's); `done(null)` once all
   * are bound, or `done(error)` (e.g. EADDRINUSE) at the first failure and nothing is kept.
   */
  open(port: number, done: (err: Error | null) => void, families?: readonly AddressFamily[]): void {
    const entry: FamilySockets = {};
    const list = families ?? [addressFamily(this.addresses[4] ?? (this.addresses[6] as string))];
    let pending = list.length;
    let settled = false;
    const settle = (err: Error | null): void => {
      if (settled) return;
      if (!err && --pending > 0) return;
      settled = true;
      if (err) this.close(port, entry);
      done(err);
    };
    this.sockets.set(port, entry);
    for (const family of list) {
      if (settled) return;
      const address = this.addresses[family];
      if (address === undefined) return settle(new Error(`no IPv${family} relay address`));
      const s = (entry[family] = createSocketFor(this.env, address));
      s.on('error', (err) => {
        if (!settled) return settle(err);
        if (this.sockets.get(port) === entry) this.onError(port, err);
      });
      s.on('message', (msg, rinfo) => {
        if (this.sockets.get(port) === entry) this.onPeer(port, msg, rinfo);
      });
      try {
        s.bind(port, address, () => settle(this.sockets.get(port) === entry ? null : new Error(`relay port ${port} was closed while binding`)));
      } catch (e) {
        settle(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  /**
   * Sends `data` from relayed port `port` to `peer`, from the socket of the peer's family; false when no such
   * socket is open there or sending failed.
   */
  send(port: number, data: Uint8Array, peer: TransportAddress): boolean {
    const s = this.sockets.get(port)?.[addressFamily(peer.address)];
    if (!s) return false;
    try {
      s.send(data, peer.port, peer.address);
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the sockets on `port` (only if they are `expected`, when given), freeing the port on the host. */
  close(port: number, expected?: FamilySockets): void {
    const entry = this.sockets.get(port);
    if (!entry || (expected && entry !== expected)) {
      if (expected) closeAll(expected);
      return;
    }
    this.sockets.delete(port);
    closeAll(entry);
  }

  /** Closes every relay socket. */
  closeAll(): void {
    for (const port of [...this.sockets.keys()]) this.close(port);
  }
}

function closeAll(entry: FamilySockets): void {
  if (entry[4]) safeClose(entry[4]);
  if (entry[6]) safeClose(entry[6]);
}

function safeClose(s: UdpSocketLike): void {
  try {
    s.close();
  } catch {
    // already closed
  }
}

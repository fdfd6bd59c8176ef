/**
 * The TURN server's listening UDP sockets: one per listen transport address, of either family (RFC 8656 §3.1: the
 * client reaches the server over IPv4 or IPv6, independently of the relayed family it asks for, §7.1). A request's
 * 5-tuple names the listen address it arrived on, and every answer and every datagram for that allocation leaves
 * from the same socket.
 */
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import { transportAddressKey, type TransportAddress } from '../../protocols/turn';
import { createSocketFor } from './addresses';

/** Called for each datagram on listen address `server`. */
export type ListenDatagramHandler = (msg: Buffer, rinfo: RemoteInfo, server: TransportAddress) => void;

/** Wildcard listen addresses, bound as "all interfaces" of their family. */
const WILDCARDS = new Set(['0.0.0.0', '::']);

/** The listening sockets, by listen address. */
export class ListenSockets {
  /** key: transportAddressKey(listen address) -> its socket. */
  private readonly sockets = new Map<string, UdpSocketLike>();

  /**
   * @param addresses listen transport addresses, the primary first
   * @param onError a socket's 'error' after it listens (e.g. an ICMP-triggered send error)
   */
  constructor(
    private readonly env: HostEnv,
    readonly addresses: readonly TransportAddress[],
    private readonly onDatagram: ListenDatagramHandler,
    private readonly onError: (err: Error, server: TransportAddress) => void,
  ) {}

  /** True once start() was called and until close(). */
  get started(): boolean {
    return this.sockets.size > 0;
  }

  /**
   * Binds every socket; `callback(null)` once all listen, or `callback(error)` for the first that cannot bind (the
   * others are closed then).
   */
  start(callback: (err: Error | null) => void): void {
    let pending = this.addresses.length;
    let failed = false;
    for (const a of this.addresses) {
      const s = createSocketFor(this.env, a.address);
      this.sockets.set(transportAddressKey(a), s);
      let listening = false;
      s.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo, a));
      s.on('error', (err) => {
        if (listening) return this.onError(err, a);
        if (failed) return;
        failed = true;
        this.close();
        callback(err);
      });
      s.bind(a.port, a.address === '0.0.0.0' ? undefined : a.address, () => {
        listening = true;
        if (!failed && --pending === 0) callback(null);
      });
      if (failed) return;
    }
  }

  /** Sends from listen address `via` (default: the first listen address of `to`'s family); false if not open. */
  send(bytes: Uint8Array, to: TransportAddress, via?: TransportAddress): boolean {
    const s = via ? this.sockets.get(transportAddressKey(via)) : this.socketFor(to);
    if (!s) return false;
    s.send(bytes, to.port, to.address);
    return true;
  }

  /** Closes every socket. */
  close(): void {
    for (const s of this.sockets.values()) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    this.sockets.clear();
  }

  private socketFor(to: TransportAddress): UdpSocketLike | undefined {
    const v6 = to.address.includes(':');
    const a = this.addresses.find((l) => l.address.includes(':') === v6) ?? this.addresses[0];
    return a && this.sockets.get(transportAddressKey(a));
  }
}

/** True for 0.0.0.0 and ::, which bind every interface of their family. */
export function isWildcardAddress(address: string): boolean {
  return WILDCARDS.has(address);
}

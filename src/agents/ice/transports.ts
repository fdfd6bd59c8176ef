/**
 * The local transports of an ICE agent: one UDP socket per host address (host candidates, and the base of the
 * srflx and relayed candidates gathered through it, RFC 8445 §5.1.1) and the TURN allocations made from those
 * sockets. Every datagram is demultiplexed here (RFC 7983 §7): TURN traffic from the TURN server goes to its
 * allocation, STUN responses of gathering transactions to the socket's StunClient, and the rest (ICE checks,
 * keepalives, application data) to the agent with where it arrived and from whom.
 */
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import type { TransportAddress } from '../../protocols/ice';
import { StunClient } from '../stun/stun-client';

/** Where a datagram arrived (a host base or a relayed address) and who sent it. */
export interface Arrival {
  /** Our transport address it arrived on: the host socket's address, or the relayed address (RFC 8445 §7.3.1.2). */
  readonly local: TransportAddress;
  /** Its source; through TURN, the peer address the server reported (XOR-PEER-ADDRESS or the channel's peer). */
  readonly source: TransportAddress;
  readonly viaRelay: boolean;
}

/** Receives every datagram that is the agent's (checks, keepalives, data). */
export type PacketSink = (bytes: Uint8Array, arrival: Arrival) => void;

/** Something the agent can send from: a host socket or a relayed address. */
export interface LocalEndpoint {
  readonly kind: 'host' | 'relay';
  /** The bound host address or the relayed address. */
  readonly address: TransportAddress;
  /** Sends one datagram from this endpoint to `to` (through the TURN server for a relayed one). */
  send(to: TransportAddress, bytes: Uint8Array): void;
}

/** A receiver offered each datagram before the agent (a TURN allocation on this socket); true when consumed. */
export type DatagramTap = (bytes: Uint8Array, rinfo: RemoteInfo) => boolean;

/** One host socket with its gathering STUN client and TURN taps. */
export class HostTransport implements LocalEndpoint {
  readonly kind = 'host' as const;
  readonly socket: UdpSocketLike;
  /** STUN client for gathering (Binding to STUN servers); reads nothing itself, this transport feeds it. */
  readonly stun: StunClient;
  private bound: TransportAddress | undefined;
  private readonly taps: DatagramTap[] = [];
  private closed = false;

  /**
   * Opens a socket bound to ip:port; `onBound` runs once bound (bind completes asynchronously, at the same instant).
   * @param agentName agent name for the StunClient's trace events
   */
  constructor(readonly env: HostEnv, readonly ip: string, port: number, readonly agentName: string, private readonly sink: PacketSink, onBound: (t: HostTransport) => void) {
    // An IPv6 host address gets a udp6 socket (Node's dgram type), an IPv4 one udp4.
    this.socket = ip.includes(':') ? env.createSocket({ type: 'udp6', ipv6Only: true }) : env.createSocket();
    this.stun = new StunClient(env, this.socket, { listen: false, agent: `${agentName}:gather` });
    this.socket.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo));
    this.socket.bind(port, ip, () => {
      const a = this.socket.address();
      this.bound = { address: a.address, port: a.port };
      if (!this.closed) onBound(this);
    });
  }

  /** The bound address (throws before binding completes). */
  get address(): TransportAddress {
    if (!this.bound) throw new Error(`HostTransport(${this.ip}): not bound yet`);
    return this.bound;
  }

  /** True once bound. */
  get ready(): boolean {
    return this.bound !== undefined && !this.closed;
  }

  /** Adds a receiver offered every datagram first (used by TURN allocations made from this socket). */
  addTap(tap: DatagramTap): void {
    this.taps.push(tap);
  }

  /** Removes a receiver added with addTap. */
  removeTap(tap: DatagramTap): void {
    const i = this.taps.indexOf(tap);
    if (i >= 0) this.taps.splice(i, 1);
  }

  send(to: TransportAddress, bytes: Uint8Array): void {
    if (this.closed) return;
    this.socket.send(bytes, to.port, to.address);
  }

  /** Closes the gathering client and the socket. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stun.close();
    this.socket.close();
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed || !this.bound) return;
    for (const tap of this.taps) if (tap(msg, rinfo)) return;
    // STUN (first byte 0..3, RFC 7983) responses (class bit C1, RFC 8489 §5) may answer a gathering transaction.
    if (msg.length >= 20 && msg[0] < 4 && (msg[0] & 0x01) !== 0 && this.stun.receive(msg, rinfo)) return;
    this.sink(msg, { local: this.bound, source: { address: rinfo.address, port: rinfo.port }, viaRelay: false });
  }
}

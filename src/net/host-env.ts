/**
 * HostEnv: everything a program (an agent) running on a host may use: sockets, time, randomness, the host's
 * addresses, and a way to report events. A simulated host provides one on virtual time; src/real provides one on
 * real UDP sockets and the wall clock. Agents depend on this interface only, never on the simulator.
 *
 * Agents must be callback-driven: the simulator runs events synchronously, so Promise continuations would not
 * run between events. Do not use async/await on the packet path.
 */
import type { RandomSource } from '../sim/rng';
import type { Timers } from '../sim/timers';
import type { TcpConnectOptions, TcpServerLike, TcpSocketLike } from './tcp-socket.types';
import type { UdpSocketLike, UdpSocketType } from './udp-socket.types';

/** Options of HostEnv.connectTls: a TCP connection's plus the TLS client settings (Node's tls.connect). */
export interface TlsConnectOptions extends TcpConnectOptions {
  /** Server name for SNI and certificate checking. @default host when it is a name */
  servername?: string;
  /** Refuse a server certificate that does not verify. @default true */
  rejectUnauthorized?: boolean;
  /** Extra trusted CA certificates (PEM). @default the system's */
  ca?: string;
}

/** A program's view of the host it runs on. */
export interface HostEnv {
  /** The host's name (for traces and logs). */
  readonly name: string;
  /** Timers (virtual in the simulator, wall clock in src/real). All durations in milliseconds. */
  readonly timers: Timers;
  /** Randomness for transaction ids, ports, tie-breakers. */
  readonly random: RandomSource;
  /**
   * A new unbound UDP socket on this host: `udp4` (the default) or `udp6` (dual-stack unless `ipv6Only`), as
   * Node's dgram.createSocket. An implementation without IPv6 may ignore the type (its bind to an IPv6 address
   * then fails).
   */
  createSocket(type?: UdpSocketType | { type: UdpSocketType; ipv6Only?: boolean }): UdpSocketLike;
  /**
   * A new TCP listener on this host (Node's net.createServer). Optional until every HostEnv implements TCP
   * (issue 10): agents that need TCP check for it and say so.
   */
  createTcpServer?(): TcpServerLike;
  /** A new TCP connection from this host (Node's net.connect); see createTcpServer. */
  connectTcp?(options: TcpConnectOptions): TcpSocketLike;
  /**
   * A new TLS-over-TCP connection (Node's tls.connect; 'connect' fires after the handshake). src/real has it (real
   * TLS); simulated hosts do not: agents model TLS over connectTcp there (src/agents/tls-model, docs/turn-tcp-tls.md).
   */
  connectTls?(options: TlsConnectOptions): TcpSocketLike;
  /**
   * The host's own addresses of both families in interface order, each interface's primary first (first =
   * primary): dotted quads and RFC 5952 IPv6 text. Callers that need one family filter.
   */
  localAddresses(): string[];
  /**
   * The NAT64 prefix (RFC 6052, e.g. `64:ff9b::/96`) the host was configured with, as RFC 7050 discovery would
   * yield it; undefined when it knows none (no NAT64 on its path, or an environment that does not say). Optional:
   * a HostEnv without it knows none. See docs/nat64.md.
   */
  readonly nat64Prefix?: string;
  /**
   * Records an agent event in the trace (a no-op when tracing is off). `data` must be JSON-serialisable.
   * @param agent which agent, e.g. 'stun-server'
   * @param event what happened, e.g. 'rejected'
   */
  emit(agent: string, event: string, data?: Record<string, unknown>): void;
}

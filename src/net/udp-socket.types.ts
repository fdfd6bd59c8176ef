/**
 * The UDP socket shape agents program against: a subset of Node's dgram.Socket. The simulated socket (net's
 * SimUdpSocket) and the real-network adapter (src/real) both implement it, so an agent runs unchanged on either.
 *
 * Semantics follow Node: bind() completes asynchronously (callback and 'listening' fire later in virtual time,
 * at the same instant), send() before bind() binds to an ephemeral port, 'message' carries (Buffer, rinfo).
 */

/** A UDP socket's family, as Node's dgram.createSocket(type) takes it. */
export type UdpSocketType = 'udp4' | 'udp6';

/** Sender information for a received datagram, as in Node's dgram. */
export interface RemoteInfo {
  /** Canonical text: a dotted quad, or RFC 5952 IPv6 (IPv4 senders as `::ffff:a.b.c.d` on a dual-stack udp6 socket). */
  address: string;
  family: 'IPv4' | 'IPv6';
  port: number;
  /** Payload size in bytes. */
  size: number;
}

/** A bound socket's local address, as in Node's dgram. */
export interface SocketAddress {
  address: string;
  family: 'IPv4' | 'IPv6';
  port: number;
}

/** dgram.Socket-shaped UDP socket. */
export interface UdpSocketLike {
  /** Binds to `port` (0 or omitted = ephemeral) on `address` (omitted = all interfaces, '0.0.0.0', or '::' for udp6). */
  bind(port?: number, address?: string, callback?: () => void): this;
  /** Sends one datagram. The callback gets (null, bytes) once it left, or an error. */
  send(msg: Uint8Array, port: number, address: string, callback?: (err: Error | null, bytes: number) => void): void;
  /** The bound address. Throws if the socket is not bound. */
  address(): SocketAddress;
  /** Closes the socket; later sends fail with an error. */
  close(callback?: () => void): this;
  on(event: 'message', listener: (msg: Buffer, rinfo: RemoteInfo) => void): this;
  on(event: 'listening' | 'close', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Node's EventEmitter signature
  off(event: string, listener: (...args: any[]) => void): this;
}

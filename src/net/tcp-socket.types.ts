/**
 * The TCP socket shape agents program against: a subset of Node's `net` module (net.Server and net.Socket). The
 * simulated TCP stack (src/net/tcp, docs/tcp.md) implements it, and the real-network adapter (src/real, on
 * node:net) is meant to, so an
 * agent (a TURN server taking TCP clients, an ICE agent's TCP candidates) runs unchanged on either.
 *
 * Semantics follow Node: `connect` returns at once and the connection completes later ('connect'); 'data' carries
 * a Buffer the listener owns; 'end' when the peer sent FIN; 'close' (hadError) last, once; errors are Error objects
 * with Node's `code` (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EADDRINUSE, EPIPE) and `syscall`.
 */

/** A bound or connected socket's address, as in Node's net (`family` 'IPv4' or 'IPv6'). */
export interface TcpAddressInfo {
  address: string;
  family: 'IPv4' | 'IPv6';
  port: number;
}

/** Options of `connectTcp`, as Node's `net.connect(options)`. */
export interface TcpConnectOptions {
  port: number;
  /** Remote address text (either family); name resolution is not modelled. */
  host: string;
  /** Local address to bind before connecting (default: chosen by route). */
  localAddress?: string;
  /** Local port to bind before connecting (default: ephemeral). Two sockets may share it only with `reuseAddress`. */
  localPort?: number;
  /**
   * Lets this socket share its local port with a listener and other connecting sockets (SO_REUSEADDR/SO_REUSEPORT),
   * as TCP hole punching and ICE-TCP simultaneous-open need. Not in Node's options; ignored by the real adapter.
   */
  reuseAddress?: boolean;
}

/** net.Socket-shaped TCP connection. */
export interface TcpSocketLike {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: 'IPv4' | 'IPv6' | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  /** Queues bytes for sending; false when the send buffer is above its high-water mark (then wait for 'drain'). */
  write(data: Uint8Array | string, callback?: (err?: Error | null) => void): boolean;
  /** Sends FIN after the queued bytes (half-close). */
  end(callback?: () => void): this;
  /**
   * Closes the socket at once, as close(2): the connection finishes on its own with FIN (RST when received bytes
   * were left unread), then 'close'. An error argument is emitted as 'error' first.
   */
  destroy(error?: Error): this;
  setNoDelay(noDelay?: boolean): this;
  address(): TcpAddressInfo | Record<string, never>;
  on(event: 'connect' | 'end' | 'drain' | 'timeout', listener: () => void): this;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'close', listener: (hadError: boolean) => void): this;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Node's EventEmitter signature
  once(event: string, listener: (...args: any[]) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Node's EventEmitter signature
  off(event: string, listener: (...args: any[]) => void): this;
}

/** net.Server-shaped listener. */
export interface TcpServerLike {
  /** Listens on `port` (0 = ephemeral) at `host` (omitted = every address of the host). */
  listen(port: number, host?: string, callback?: () => void): this;
  address(): TcpAddressInfo | null;
  /** Stops accepting; open connections stay until they close. */
  close(callback?: (err?: Error) => void): this;
  on(event: 'connection', listener: (socket: TcpSocketLike) => void): this;
  on(event: 'listening' | 'close', listener: () => void): this;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Node's EventEmitter signature
  off(event: string, listener: (...args: any[]) => void): this;
}

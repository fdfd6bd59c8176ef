/**
 * A UdpSocketLike on a real UDP socket (node:dgram, udp4 or udp6; a udp6 socket is IPv6-only, so `[::]:P` and
 * `0.0.0.0:P` can both be bound). Node's dgram.Socket already has the shape agents use;
 * this adapter adds one thing servers on a real network need: an 'error' event with no listener of the agent's
 * goes to `onStrayError` instead of crashing the process (a real network delivers ICMP-triggered and send errors
 * that a simulated one does not).
 */
import dgram = require('dgram');
import { EventEmitter } from 'events';
import type { RemoteInfo, SocketAddress, UdpSocketLike, UdpSocketType } from '../net/udp-socket.types';

/** A real UDP socket for agents. */
export class RealUdpSocket extends EventEmitter implements UdpSocketLike {
  private readonly sock: dgram.Socket;

  /**
   * @param onStrayError receives 'error' events when the agent has no 'error' listener
   * @param recvBufferBytes SO_RCVBUF to ask for once bound (the kernel caps it at net.core.rmem_max), so a burst
   *   of datagrams waits in the kernel instead of overflowing it; undefined keeps the system default
   * @param type 'udp4' or 'udp6' (IPV6_V6ONLY set: IPv4 peers never show up as ::ffff:a.b.c.d)
   */
  constructor(
    private readonly onStrayError: (err: Error) => void = () => undefined,
    recvBufferBytes?: number,
    type: UdpSocketType = 'udp4',
  ) {
    super();
    this.sock = dgram.createSocket(type === 'udp6' ? { type, ipv6Only: true } : { type });
    this.sock.on('message', (msg: Buffer, rinfo: dgram.RemoteInfo) => this.emit('message', msg, rinfo as RemoteInfo));
    this.sock.on('listening', () => {
      if (recvBufferBytes !== undefined) {
        try {
          this.sock.setRecvBufferSize(recvBufferBytes);
        } catch {
          // best effort: some systems refuse; the default buffer still works
        }
      }
      this.emit('listening');
    });
    this.sock.on('close', () => this.emit('close'));
    this.sock.on('error', (err: Error) => (this.listenerCount('error') > 0 ? this.emit('error', err) : this.onStrayError(err)));
  }

  bind(port?: number, address?: string, callback?: () => void): this {
    this.sock.bind(port ?? 0, address, callback);
    return this;
  }

  send(msg: Uint8Array, port: number, address: string, callback?: (err: Error | null, bytes: number) => void): void {
    this.sock.send(msg, port, address, callback);
  }

  address(): SocketAddress {
    const a = this.sock.address();
    return { address: a.address, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4', port: a.port };
  }

  close(callback?: () => void): this {
    this.sock.close(callback);
    return this;
  }

  /** The socket's receive buffer, bytes (what the kernel granted). */
  recvBufferSize(): number {
    return this.sock.getRecvBufferSize();
  }

  /** Lets the process exit while this socket is open (CLI clients); servers keep the default. */
  unref(): this {
    this.sock.unref();
    return this;
  }
}

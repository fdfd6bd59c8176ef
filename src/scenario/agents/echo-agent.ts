/**
 * An echo server (in the spirit of RFC 862's UDP echo service): every datagram received on its port is sent back
 * to where it came from, unchanged. Lessons use it as the far end that makes a NAT mapping visible.
 */
import type { Host } from '../../net/host';
import type { UdpSocketLike } from '../../net/udp-socket.types';
import { BaseAgent } from './scenario-agent';

/** Options of an EchoAgent. */
export interface EchoAgentInit {
  /** UDP port to answer on (RFC 862 uses 7). */
  port: number;
}

/** Sends every datagram back to its source. */
/** The echo agent's own events: a socket error. */
export const ECHO_EVENTS = ['error'] as const;

export class EchoAgent extends BaseAgent<(typeof ECHO_EVENTS)[number]> {
  readonly type = 'echo' as const;
  readonly port: number;
  private socket: UdpSocketLike | undefined;
  /** Datagrams echoed so far. */
  echoed = 0;

  constructor(name: string, host: Host, init: EchoAgentInit) {
    super(name, host);
    this.port = init.port;
  }

  protected begin(): void {
    // On a host with IPv6 a dual-stack udp6 socket echoes both families (IPv4 senders appear as ::ffff:a.b.c.d).
    const s = (this.socket = this.env.createSocket(this.host.ifaces.some((i) => i.ip6 !== undefined) ? 'udp6' : 'udp4'));
    s.on('error', (err) => this.emit('error', { message: err.message }));
    s.on('message', (msg, rinfo) => {
      this.echoed++;
      s.send(msg, rinfo.port, rinfo.address);
    });
    s.bind(this.port);
  }

  protected end(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}

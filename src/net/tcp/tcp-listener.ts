/**
 * A listening endpoint (RFC 9293 §3.10.7.2, LISTEN): a SYN makes a new connection in SYN-RECEIVED; a RST is
 * ignored; an ACK is answered with RST; anything else is dropped. The connection is handed to `accept` once it is
 * ESTABLISHED (Linux's accept queue; the SYN backlog is not limited here).
 */
import type { Datagram } from '../datagram';
import type { IpNumber } from '../ip-number';
import { TCP_FLAG } from '../tcp-header';
import { TcpConnection } from './tcp-connection';
import type { TcpStack } from './tcp-stack';

/** A passive OPEN on ip:port (ip 0 = every address of the host). */
export class TcpListener {
  constructor(
    readonly stack: TcpStack,
    readonly ip: IpNumber,
    readonly port: number,
    /** Receives each connection once its handshake completes. */
    readonly accept: (conn: TcpConnection) => void,
  ) {}

  /** A segment for ip:port with no connection of its own. */
  segment(pkt: Datagram): void {
    const h = pkt.tcp!;
    if (h.flags & TCP_FLAG.RST) return;
    if (h.flags & TCP_FLAG.ACK) return this.stack.refuse(pkt);
    if (!(h.flags & TCP_FLAG.SYN)) return;
    const conn = new TcpConnection(this.stack, {
      localIp: pkt.dst,
      localPort: pkt.dstPort,
      remoteIp: pkt.src,
      remotePort: pkt.srcPort,
      mss: this.stack.mssFor(pkt.src),
      peerMss: h.mss ?? this.stack.defaultMss(pkt.src),
    });
    conn.onAccept = this.accept;
    this.stack.register(conn);
    conn.openPassive(h);
  }
}

/**
 * The TCP header fields a simulated segment carries (RFC 9293 §3.1), beside the payload on the same `Datagram`
 * as UDP's ports (docs/packet-core.md). Ports live on the Datagram; everything TCP-only lives here.
 */

/** IP protocol number of TCP (RFC 9293, IANA protocol numbers). */
export const IPPROTO_TCP = 6;

/** Control bits (RFC 9293 §3.1; ECE and CWR from RFC 3168). */
export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

/** The fixed TCP header: 20 bytes (RFC 9293 §3.1, Data Offset 5). */
export const TCP_HEADER_LEN = 20;

/** TCP header fields other than the ports. Sequence and acknowledgement numbers are uint32 (mod 2^32). */
export interface TcpHeader {
  readonly seq: number;
  readonly ack: number;
  /** TCP_FLAG bits. */
  readonly flags: number;
  /** Receive window (RFC 9293 §3.8.6), unscaled. */
  readonly window: number;
  /** Maximum Segment Size option (RFC 9293 §3.7.1), on SYN segments only. */
  readonly mss?: number;
}

/** Header length with options, a multiple of 4 (the MSS option is 4 bytes). */
export function tcpHeaderLength(h: TcpHeader): number {
  return TCP_HEADER_LEN + (h.mss !== undefined ? 4 : 0);
}

/** Flags as tcpdump prints them: `S`, `S.`, `.`, `P.`, `F.`, `R`, ... (`.` is ACK). */
export function tcpFlagsText(flags: number): string {
  let s = '';
  if (flags & TCP_FLAG.SYN) s += 'S';
  if (flags & TCP_FLAG.FIN) s += 'F';
  if (flags & TCP_FLAG.RST) s += 'R';
  if (flags & TCP_FLAG.PSH) s += 'P';
  if (flags & TCP_FLAG.URG) s += 'U';
  if (flags & TCP_FLAG.ECE) s += 'E';
  if (flags & TCP_FLAG.CWR) s += 'W';
  if (flags & TCP_FLAG.ACK) s += '.';
  return s || 'none';
}

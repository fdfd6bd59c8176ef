/**
 * TCP segments as bytes (RFC 9293 §3.1): the header with Data Offset, control bits, window, checksum and the MSS
 * option (§3.2, kind 2), and the checksum over the IPv4 pseudo-header (RFC 9293 §3.1) or the IPv6 one (RFC 8200
 * §8.1). The simulator moves segments as fields; captures and the real-network tests need bytes.
 */
import { finishChecksum, onesSum } from '../inet-checksum';
import { IpNumber, ipBytesOf, isIpv6Number } from '../ip-number';
import { IPPROTO_TCP, TCP_HEADER_LEN, TcpHeader, tcpHeaderLength } from '../tcp-header';

/** RFC 9293 §3.2 option kinds. */
const OPT_END = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;

/** The ones'-complement sum of the pseudo-header for a TCP segment of `tcpLength` bytes between src and dst. */
export function tcpPseudoHeaderSum(src: IpNumber, dst: IpNumber, tcpLength: number): number {
  const s = ipBytesOf(src);
  const d = ipBytesOf(dst);
  // IPv4 (RFC 9293 §3.1): src, dst, zero, PTCL, TCP length (16 bits).
  // IPv6 (RFC 8200 §8.1): src, dst, upper-layer length (32 bits), three zero bytes, next header.
  const lengthWords = isIpv6Number(src) || isIpv6Number(dst) ? Math.floor(tcpLength / 0x10000) + (tcpLength & 0xffff) : tcpLength;
  return onesSum(d, 0, d.length, onesSum(s, 0, s.length)) + IPPROTO_TCP + lengthWords;
}

/** The segment (header, MSS option if any, data) as bytes with a correct checksum. */
export function encodeTcpSegment(src: IpNumber, srcPort: number, dst: IpNumber, dstPort: number, h: TcpHeader, data: Uint8Array): Uint8Array {
  const hlen = tcpHeaderLength(h);
  const b = new Uint8Array(hlen + data.byteLength);
  const v = new DataView(b.buffer);
  v.setUint16(0, srcPort);
  v.setUint16(2, dstPort);
  v.setUint32(4, h.seq >>> 0);
  v.setUint32(8, h.ack >>> 0);
  v.setUint8(12, (hlen / 4) << 4); // Data Offset in 32-bit words, reserved bits zero
  v.setUint8(13, h.flags & 0xff);
  v.setUint16(14, h.window & 0xffff);
  // checksum (16) stays zero while summing; urgent pointer (18) is zero: URG is never sent.
  if (h.mss !== undefined) {
    b[20] = OPT_MSS;
    b[21] = 4;
    v.setUint16(22, h.mss);
  }
  b.set(data, hlen);
  v.setUint16(16, finishChecksum(onesSum(b, 0, b.length, tcpPseudoHeaderSum(src, dst, b.length))));
  return b;
}

/** Where and why a segment failed to decode. */
export interface TcpDecodeError {
  /** Byte offset in the segment. */
  readonly offset: number;
  readonly reason: string;
}

/** A decoded segment. */
export interface DecodedTcpSegment {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly header: TcpHeader;
  readonly data: Uint8Array;
  /** True when the checksum over the pseudo-header verifies. */
  readonly checksumOk: boolean;
}

/** Decodes a TCP segment; hostile bytes give an error with its offset, never a throw. */
export function decodeTcpSegment(bytes: Uint8Array, src: IpNumber, dst: IpNumber): { ok: true; segment: DecodedTcpSegment } | { ok: false; error: TcpDecodeError } {
  const fail = (offset: number, reason: string): { ok: false; error: TcpDecodeError } => ({ ok: false, error: { offset, reason } });
  if (bytes.byteLength < TCP_HEADER_LEN) return fail(0, `segment of ${bytes.byteLength} bytes is shorter than the 20-byte header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = (v.getUint8(12) >> 4) * 4;
  if (hlen < TCP_HEADER_LEN) return fail(12, `data offset ${hlen / 4} is below 5`);
  if (hlen > bytes.byteLength) return fail(12, `data offset ${hlen / 4} points past the segment's ${bytes.byteLength} bytes`);
  let mss: number | undefined;
  for (let i = TCP_HEADER_LEN; i < hlen; ) {
    const kind = bytes[i]!;
    if (kind === OPT_END) break;
    if (kind === OPT_NOP) {
      i++;
      continue;
    }
    if (i + 1 >= hlen) return fail(i, `option ${kind} has no length byte`);
    const len = bytes[i + 1]!;
    if (len < 2 || i + len > hlen) return fail(i + 1, `option ${kind} length ${len} does not fit the header`);
    if (kind === OPT_MSS) {
      if (len !== 4) return fail(i + 1, `MSS option length ${len}, expected 4`);
      mss = v.getUint16(i + 2);
    }
    i += len;
  }
  const header: TcpHeader = { seq: v.getUint32(4), ack: v.getUint32(8), flags: v.getUint8(13), window: v.getUint16(14), ...(mss !== undefined ? { mss } : {}) };
  const checksumOk = finishChecksum(onesSum(bytes, 0, bytes.byteLength, tcpPseudoHeaderSum(src, dst, bytes.byteLength))) === 0;
  return { ok: true, segment: { srcPort: v.getUint16(0), dstPort: v.getUint16(2), header, data: bytes.subarray(hlen), checksumOk } };
}

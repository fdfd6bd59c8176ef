/**
 * IPv4 fragmentation (RFC 791 §2.3, §3.2): a datagram larger than the next link's MTU is split into fragments
 * carrying 8-byte-aligned pieces of its IP payload (UDP header + data), all with the datagram's identification;
 * every fragment but the last has More Fragments set. Only the first fragment carries the UDP header, so only it
 * has ports: later fragments show ports 0, as on the wire, and a NAT must track them by identification (RFC 4787
 * REQ-14). A fragment's `payload` is its IP payload bytes exactly.
 */
import { Datagram } from './datagram';
import { finishChecksum, onesSum } from './inet-checksum';
import { IPV4_HEADER_LEN } from './ipv4-header';
import type { Ipv4 } from './ipv4';

/** UDP header length (RFC 768). */
const UDP_HEADER = 8;

/** Where a fragment sits in its datagram. */
export interface FragmentInfo {
  /** Byte offset of this piece in the datagram's IP payload (a multiple of 8). */
  readonly offset: number;
  /** More Fragments: false only on the last piece. */
  readonly more: boolean;
}

/** One fragment of a UDP datagram. */
export class FragmentDatagram extends Datagram {
  constructor(
    id: number, src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number, ttl: number,
    /** The fragment's IP payload: for the first, the UDP header and the start of the data. */
    payload: Uint8Array,
    df: boolean,
    readonly frag: FragmentInfo,
  ) {
    super(id, src, srcPort, dst, dstPort, ttl, payload, df);
  }

  /** IPv4 header plus this piece (the UDP header, if any, is inside the piece). */
  override get size(): number {
    return IPV4_HEADER_LEN + this.payload.byteLength;
  }

  /**
   * A translated or forwarded copy. The first fragment's UDP header is patched (ports, and the checksum updated
   * incrementally for the new addresses and ports, RFC 1624), as a NAT rewriting it would.
   */
  protected override copy(src: Ipv4, srcPort: number, dst: Ipv4, dstPort: number, ttl: number, bytes: Uint8Array = this.payload): Datagram {
    let payload = bytes;
    if (this.frag.offset === 0 && (src !== this.src || dst !== this.dst || srcPort !== this.srcPort || dstPort !== this.dstPort)) {
      payload = patchUdpHeader(payload, [this.src, this.dst, this.srcPort, this.dstPort], [src, dst, srcPort, dstPort]);
    }
    return new FragmentDatagram(this.id, src, srcPort, dst, dstPort, ttl, payload, this.df, this.frag);
  }
}

/** True for a fragment. */
export function isFragment(pkt: Datagram): pkt is FragmentDatagram {
  return pkt instanceof FragmentDatagram;
}

/** The 16-bit words of an address and port pair, for the checksum update. */
function words(v: readonly [number, number, number, number]): number[] {
  return [v[0] >>> 16, v[0] & 0xffff, v[1] >>> 16, v[1] & 0xffff, v[2], v[3]];
}

/** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for each changed 16-bit word. */
function patchUdpHeader(piece: Uint8Array, before: [number, number, number, number], after: [number, number, number, number]): Uint8Array {
  const out = Uint8Array.from(piece);
  const v = new DataView(out.buffer);
  v.setUint16(0, after[2]);
  v.setUint16(2, after[3]);
  const old = v.getUint16(6);
  if (old === 0) return out; // RFC 768: no checksum
  let sum = ~old & 0xffff;
  const a = words(before);
  const b = words(after);
  for (let i = 0; i < a.length; i++) sum += (~a[i] & 0xffff) + b[i];
  const c = finishChecksum(sum);
  v.setUint16(6, c === 0 ? 0xffff : c);
  return out;
}

/** The UDP header and data of a whole datagram (its IP payload), with the RFC 768 checksum. */
export function udpBytes(p: Datagram): Uint8Array {
  const len = UDP_HEADER + p.payload.byteLength;
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint16(0, p.srcPort);
  v.setUint16(2, p.dstPort);
  v.setUint16(4, len & 0xffff);
  b.set(p.payload, UDP_HEADER);
  const pseudo = (p.src >>> 16) + (p.src & 0xffff) + (p.dst >>> 16) + (p.dst & 0xffff) + 17 + len;
  const c = finishChecksum(onesSum(b, 0, len, pseudo));
  v.setUint16(6, c === 0 ? 0xffff : c);
  return b;
}

/**
 * Splits `pkt` (a whole UDP datagram or a fragment) into fragments that fit `mtu` (RFC 791 §3.2: pieces are
 * multiples of 8 bytes, except the last). A fragment of a fragment keeps its place in the original datagram.
 */
export function fragment(pkt: Datagram, mtu: number): FragmentDatagram[] {
  const base = isFragment(pkt) ? pkt.frag.offset : 0;
  const lastMore = isFragment(pkt) ? pkt.frag.more : false;
  const data = isFragment(pkt) ? pkt.payload : udpBytes(pkt);
  const step = Math.floor((mtu - IPV4_HEADER_LEN) / 8) * 8;
  const out: FragmentDatagram[] = [];
  for (let at = 0; at < data.byteLength; at += step) {
    const piece = data.subarray(at, Math.min(data.byteLength, at + step));
    const offset = base + at;
    const more = at + step < data.byteLength || lastMore;
    const first = offset === 0;
    out.push(new FragmentDatagram(pkt.id, pkt.src, first ? pkt.srcPort : 0, pkt.dst, first ? pkt.dstPort : 0, pkt.ttl, piece, pkt.df, { offset, more }));
  }
  return out;
}

/**
 * ICMP for IPv4 (RFC 792): the error messages the network sends and how a node originates them. An IcmpDatagram
 * travels like any packet (routed, NAT-translated, carried by links); its payload is the ICMP message itself, with
 * the IPv4 header and first 8 bytes (the UDP header) of the datagram it is about, as RFC 792 prescribes.
 *
 * Errors are never sent about an ICMP error, about a non-first fragment, or about a datagram from 0.0.0.0 or to a
 * broadcast address (RFC 1122 §3.2.2, RFC 1812 §4.3.2.7).
 */
import { Datagram, DEFAULT_TTL } from './datagram';
import { IPV4_HEADER_LEN, IP_PROTO, writeIpv4Header } from './ipv4-header';
import { finishChecksum, onesSum } from './inet-checksum';
import type { Ipv4 } from './ipv4';
import type { NetNode, NodeTraceKind } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';
import { isFragment } from './ipv4-fragments';

/** ICMP types used here (RFC 792). */
export const ICMP_TYPE = { destinationUnreachable: 3, timeExceeded: 11 } as const;

/** Destination Unreachable codes (RFC 792; code 4 carries the next-hop MTU, RFC 1191 §4). */
export const UNREACHABLE_CODE = { network: 0, host: 1, port: 3, fragmentationNeeded: 4 } as const;

/** Time Exceeded codes (RFC 792). */
export const TIME_EXCEEDED_CODE = { ttl: 0, reassembly: 1 } as const;

/** ICMP header (type, code, checksum, 4 bytes rest-of-header) plus the quoted IPv4 header and 8 payload bytes. */
export const ICMP_ERROR_LEN = 8 + IPV4_HEADER_LEN + 8;

/** An ICMP error message on the wire. Ports are 0: ICMP has none. */
export class IcmpDatagram extends Datagram {
  constructor(
    id: number,
    src: Ipv4,
    dst: Ipv4,
    ttl: number,
    readonly icmp: { readonly type: number; readonly code: number; readonly mtu?: number; readonly about: Datagram },
  ) {
    super(id, src, 0, dst, 0, ttl, encodeIcmpError(icmp.type, icmp.code, icmp.mtu, icmp.about), false, IP_PROTO.icmp);
  }

  /** IPv4 header plus the ICMP message (no UDP header). */
  override get size(): number {
    return IPV4_HEADER_LEN + this.payload.byteLength;
  }

  protected override copy(src: Ipv4, _srcPort: number, dst: Ipv4, _dstPort: number, ttl: number): Datagram {
    return new IcmpDatagram(this.id, src, dst, ttl, this.icmp);
  }

  /** A copy about a rewritten datagram (a NAT translating the quoted header, RFC 5508 REQ-3/REQ-4). */
  withAbout(about: Datagram, src: Ipv4, dst: Ipv4): IcmpDatagram {
    return new IcmpDatagram(this.id, src, dst, this.ttl, { ...this.icmp, about });
  }
}

/** True for an ICMP error message. */
export function isIcmp(pkt: Datagram): pkt is IcmpDatagram {
  return pkt instanceof IcmpDatagram;
}

/** The ICMP message bytes (RFC 792): type, code, checksum, unused or next-hop MTU, quoted IPv4 + UDP header. */
export function encodeIcmpError(type: number, code: number, mtu: number | undefined, about: Datagram): Uint8Array {
  const b = new Uint8Array(ICMP_ERROR_LEN);
  const v = new DataView(b.buffer);
  b[0] = type;
  b[1] = code;
  if (mtu !== undefined) v.setUint16(6, mtu); // RFC 1191 §4: low 16 bits of the unused field
  const aboutIcmp = about instanceof IcmpDatagram;
  const frag = isFragment(about) ? { fragOffset: about.frag.offset / 8, moreFragments: about.frag.more } : {};
  writeIpv4Header(b, 8, { ...headerFields(about), ...frag }, aboutIcmp ? IP_PROTO.icmp : IP_PROTO.udp, about.size);
  if (aboutIcmp || isFragment(about)) b.set(about.payload.subarray(0, 8), 28);
  else {
    v.setUint16(28, about.srcPort);
    v.setUint16(30, about.dstPort);
    v.setUint16(32, Math.min(0xffff, about.payload.byteLength + 8));
    // UDP checksum left 0 ("none", RFC 768): the payload it covers is not quoted.
  }
  v.setUint16(2, finishChecksum(onesSum(b)));
  return b;
}

function headerFields(p: Datagram): { id: number; src: number; dst: number; ttl: number; df: boolean } {
  return { id: p.id, src: p.src, dst: p.dst, ttl: p.ttl, df: p.df };
}

/** Whether an ICMP error may be sent about `about` (RFC 1122 §3.2.2). */
function mayReport(about: Datagram): boolean {
  if (isFragment(about) && about.frag.offset > 0) return false;
  return !(about instanceof IcmpDatagram) && about.src !== 0 && about.dst !== 0xffffffff && about.src >>> 28 !== 0xe;
}

/**
 * Sends an ICMP error from `node` to the source of `about`, from the address of the interface that routes back
 * to it (RFC 1812 §4.3.2.4), with TTL 64. Traced as 'sent' at the node. Does nothing when RFC 1122 forbids it.
 */
export function sendIcmpError(node: NetNode, about: Datagram, type: number, code: number, mtu?: number): void {
  if (!mayReport(about)) return;
  const back = node.routes.lookup(about.src);
  const src = back?.iface.ip ?? node.ifaces[0]?.ip;
  if (src === undefined) return;
  const pkt = new IcmpDatagram(node.sim.packetId(), src, about.src, DEFAULT_TTL, { type, code, mtu, about });
  const trace = node.sim.trace;
  if (trace.full) trace.record({ kind: 'sent', t: node.sim.now, node: node.name, pkt } satisfies TraceEventOf<NodeTraceKind>);
  if (node.ownsAddress(about.src)) {
    node.sim.scheduler.schedule(0, () => node.receive(pkt, back?.iface ?? node.ifaces[0]));
    return;
  }
  node.route(pkt);
}

/** The socket error an ICMP Destination Unreachable / Time Exceeded maps to on Linux (ip_icmp.c icmp_err_convert). */
export function icmpSocketError(type: number, code: number): 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | undefined {
  if (type === ICMP_TYPE.destinationUnreachable) {
    if (code === UNREACHABLE_CODE.port) return 'ECONNREFUSED';
    if (code === UNREACHABLE_CODE.network) return 'ENETUNREACH';
    if (code === UNREACHABLE_CODE.host) return 'EHOSTUNREACH';
  }
  return undefined;
}

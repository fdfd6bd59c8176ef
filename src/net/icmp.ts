/**
 * ICMP for IPv4 (RFC 792) and ICMPv6 (RFC 4443): the error messages the network sends and how a node originates
 * them. An IcmpDatagram travels like any packet (routed, NAT-translated, carried by links); its payload is the ICMP
 * message itself. About an IPv4 datagram it quotes the IPv4 header and first 8 bytes (the UDP header), as RFC 792
 * prescribes; about an IPv6 one it is an ICMPv6 message quoting the IPv6 header, the UDP header and as much payload
 * as keeps the error within the IPv6 minimum MTU of 1280 bytes (RFC 4443 §3.1), with the ICMPv6 checksum over the
 * pseudo-header (RFC 4443 §2.3).
 *
 * Callers name the error in ICMPv4 terms (ICMP_TYPE, UNREACHABLE_CODE, TIME_EXCEEDED_CODE); for an IPv6 datagram
 * sendIcmpError sends the ICMPv6 equivalent (icmpv6Equivalent): fragmentation needed becomes Packet Too Big
 * (RFC 4443 §3.2), which IPv6 routers send instead of fragmenting (RFC 8200 §5).
 *
 * Errors are never sent about an ICMP error, about a non-first fragment, or about a datagram from 0.0.0.0 or to a
 * broadcast address (RFC 1122 §3.2.2, RFC 1812 §4.3.2.7); nor about an IPv6 datagram from `::` or to a multicast
 * address other than Packet Too Big (RFC 4443 §2.4 (e)).
 */
import { Datagram, DEFAULT_TTL, IPV6_HEADER_LEN } from './datagram';
import { IPV4_HEADER_LEN, IP_PROTO, writeIpv4Header } from './ipv4-header';
import { IPV6_NEXT_HEADER, ipv6PseudoHeaderSum, writeIpv6Header } from './ipv6-header';
import { finishChecksum, onesSum } from './inet-checksum';
import { ANY_IPV6, IPV6_NUMBER_BASE, ipv6BytesOf } from './ip-number';
import type { IpNumber } from './ip-number';
import type { NetNode, NodeTraceKind } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';
import { isFragment } from './ipv4-fragments';

/** ICMP types used here (RFC 792). */
export const ICMP_TYPE = { destinationUnreachable: 3, timeExceeded: 11 } as const;

/** Destination Unreachable codes (RFC 792; code 4 carries the next-hop MTU, RFC 1191 §4). */
export const UNREACHABLE_CODE = { network: 0, host: 1, port: 3, fragmentationNeeded: 4 } as const;

/** Time Exceeded codes (RFC 792). */
export const TIME_EXCEEDED_CODE = { ttl: 0, reassembly: 1 } as const;

/** ICMPv6 types used here (RFC 4443 §3). */
export const ICMP6_TYPE = { destinationUnreachable: 1, packetTooBig: 2, timeExceeded: 3 } as const;

/** ICMPv6 Destination Unreachable codes (RFC 4443 §3.1). */
export const ICMP6_UNREACHABLE_CODE = { noRoute: 0, address: 3, port: 4 } as const;

/** ICMP header (type, code, checksum, 4 bytes rest-of-header) plus the quoted IPv4 header and 8 payload bytes. */
export const ICMP_ERROR_LEN = 8 + IPV4_HEADER_LEN + 8;

/** RFC 4443 §3.1: an ICMPv6 error, with its IPv6 header, must not exceed the IPv6 minimum MTU (RFC 8200 §5). */
export const ICMP6_ERROR_MAX = 1280;

/** IP protocol (Next Header) number of ICMPv6 (RFC 4443 §1). */
export const IPPROTO_ICMPV6 = IPV6_NEXT_HEADER.icmpv6;

/** An ICMP (or, between IPv6 addresses, ICMPv6) error message on the wire. Ports are 0: ICMP has none. */
export class IcmpDatagram extends Datagram {
  constructor(
    id: number,
    src: IpNumber,
    dst: IpNumber,
    ttl: number,
    /** type and code are the wire values of the message's own family (ICMPv6's for an IPv6 packet). */
    readonly icmp: { readonly type: number; readonly code: number; readonly mtu?: number; readonly about: Datagram },
  ) {
    const v6 = src >= IPV6_NUMBER_BASE;
    const payload = v6 ? encodeIcmp6Error(src, dst, icmp.type, icmp.code, icmp.mtu, icmp.about) : encodeIcmpError(icmp.type, icmp.code, icmp.mtu, icmp.about);
    super(id, src, 0, dst, 0, ttl, payload, false, v6 ? IPPROTO_ICMPV6 : IP_PROTO.icmp);
  }

  /** IP header plus the ICMP message (no UDP header). */
  override get size(): number {
    return this.ipHeaderSize + this.payload.byteLength;
  }

  protected override copy(src: IpNumber, _srcPort: number, dst: IpNumber, _dstPort: number, ttl: number): Datagram {
    return new IcmpDatagram(this.id, src, dst, ttl, this.icmp);
  }

  /** A copy about a rewritten datagram (a NAT translating the quoted header, RFC 5508 REQ-3/REQ-4). */
  withAbout(about: Datagram, src: IpNumber, dst: IpNumber): IcmpDatagram {
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

/**
 * The ICMPv6 error message bytes (RFC 4443 §3): type, code, checksum over the pseudo-header (§2.3), the MTU for
 * Packet Too Big (§3.2) or zero, then the invoking packet: its IPv6 header, its UDP header (with the checksum of the
 * whole datagram, RFC 8200 §8.1) and as much payload as keeps the message within 1280 bytes with its own header.
 */
export function encodeIcmp6Error(src: IpNumber, dst: IpNumber, type: number, code: number, mtu: number | undefined, about: Datagram): Uint8Array {
  const room = ICMP6_ERROR_MAX - IPV6_HEADER_LEN - 8 - IPV6_HEADER_LEN - 8;
  const quoted = about.payload.subarray(0, Math.max(0, room));
  const b = new Uint8Array(8 + IPV6_HEADER_LEN + 8 + quoted.byteLength);
  const v = new DataView(b.buffer);
  b[0] = type;
  b[1] = code;
  if (mtu !== undefined) v.setUint32(4, mtu);
  const proto = about instanceof IcmpDatagram ? IPPROTO_ICMPV6 : about.proto;
  const upper = about.size - IPV6_HEADER_LEN;
  writeIpv6Header(b, 8, about, proto, upper);
  const t = 8 + IPV6_HEADER_LEN;
  if (about instanceof IcmpDatagram) b.set(about.payload.subarray(0, 8 + quoted.byteLength), t);
  else {
    v.setUint16(t, about.srcPort);
    v.setUint16(t + 2, about.dstPort);
    if (about.tcp) v.setUint32(t + 4, about.tcp.seq >>> 0);
    else {
      v.setUint16(t + 4, upper & 0xffff);
      v.setUint16(t + 6, udp6Checksum(about, upper));
    }
    b.set(quoted, t + 8);
  }
  v.setUint16(2, finishChecksum(onesSum(b, 0, b.length, ipv6PseudoHeaderSum(src, dst, b.length, IPPROTO_ICMPV6))));
  return b;
}

/** The UDP checksum of an IPv6 datagram (RFC 8200 §8.1: mandatory; a computed zero is sent as 0xffff). */
function udp6Checksum(p: Datagram, udpLength: number): number {
  const header = onesSum(Uint8Array.of(p.srcPort >>> 8, p.srcPort & 255, p.dstPort >>> 8, p.dstPort & 255, udpLength >>> 8, udpLength & 255));
  const sum = finishChecksum(onesSum(p.payload, 0, p.payload.byteLength, header + ipv6PseudoHeaderSum(p.src, p.dst, udpLength, IPV6_NEXT_HEADER.udp)));
  return sum === 0 ? 0xffff : sum;
}

function headerFields(p: Datagram): { id: number; src: number; dst: number; ttl: number; df: boolean } {
  return { id: p.id, src: p.src, dst: p.dst, ttl: p.ttl, df: p.df };
}

/** True when the datagram has an IPv6 header (either address is an IPv6 number). */
function isV6(p: Datagram): boolean {
  return p.src >= IPV6_NUMBER_BASE || p.dst >= IPV6_NUMBER_BASE;
}

/** Whether an ICMP error may be sent about `about` (RFC 1122 §3.2.2; for IPv6 RFC 4443 §2.4 (e)). */
function mayReport(about: Datagram, type: number): boolean {
  if (isFragment(about) && about.frag.offset > 0) return false;
  if (about instanceof IcmpDatagram) return false;
  if (isV6(about)) {
    const multicast = about.dst >= IPV6_NUMBER_BASE && ipv6BytesOf(about.dst)[0] === 0xff;
    return about.src !== ANY_IPV6 && about.src >= IPV6_NUMBER_BASE && (!multicast || type === ICMP6_TYPE.packetTooBig);
  }
  return about.src !== 0 && about.dst !== 0xffffffff && about.src >>> 28 !== 0xe;
}

/**
 * The ICMPv6 type and code for an error named in ICMPv4 terms (RFC 4443 §3): network unreachable -> no route to
 * destination (1/0), host unreachable -> address unreachable (1/3), port unreachable -> port unreachable (1/4),
 * fragmentation needed -> Packet Too Big (2/0), TTL exceeded -> hop limit exceeded (3/0), reassembly time exceeded
 * -> fragment reassembly time exceeded (3/1). Undefined for anything else.
 */
export function icmpv6Equivalent(type: number, code: number): { type: number; code: number } | undefined {
  if (type === ICMP_TYPE.destinationUnreachable) {
    if (code === UNREACHABLE_CODE.network) return { type: ICMP6_TYPE.destinationUnreachable, code: ICMP6_UNREACHABLE_CODE.noRoute };
    if (code === UNREACHABLE_CODE.host) return { type: ICMP6_TYPE.destinationUnreachable, code: ICMP6_UNREACHABLE_CODE.address };
    if (code === UNREACHABLE_CODE.port) return { type: ICMP6_TYPE.destinationUnreachable, code: ICMP6_UNREACHABLE_CODE.port };
    if (code === UNREACHABLE_CODE.fragmentationNeeded) return { type: ICMP6_TYPE.packetTooBig, code: 0 };
  }
  if (type === ICMP_TYPE.timeExceeded) return { type: ICMP6_TYPE.timeExceeded, code };
  return undefined;
}

/**
 * Sends an ICMP error from `node` to the source of `about`, from the address of the interface that routes back
 * to it (RFC 1812 §4.3.2.4; for IPv6 that interface's IPv6 address, RFC 4443 §2.2), with TTL 64. Traced as 'sent'
 * at the node. Does nothing when RFC 1122 or RFC 4443 §2.4 forbids it. `type` and `code` are ICMPv4's; an error
 * about an IPv6 datagram is sent as its ICMPv6 equivalent (icmpv6Equivalent).
 */
export function sendIcmpError(node: NetNode, about: Datagram, type: number, code: number, mtu?: number): void {
  const v6 = isV6(about);
  const wire = v6 ? icmpv6Equivalent(type, code) : { type, code };
  if (!wire || !mayReport(about, wire.type)) return;
  const back = node.routes.lookup(about.src);
  const src = v6 ? back?.iface.ip6 ?? node.ifaces.find((i) => i.ip6 !== undefined)?.ip6 : back?.iface.ip ?? node.ifaces[0]?.ip;
  if (src === undefined) return;
  const pkt = new IcmpDatagram(node.sim.packetId(), src, about.src, DEFAULT_TTL, { ...wire, mtu, about });
  const trace = node.sim.trace;
  if (trace.full) trace.record({ kind: 'sent', t: node.sim.now, node: node.name, pkt } satisfies TraceEventOf<NodeTraceKind>);
  if (node.ownsAddress(about.src)) {
    node.sim.scheduler.schedule(0, () => node.receive(pkt, back?.iface ?? node.ifaces[0]));
    return;
  }
  node.route(pkt);
}

/**
 * The socket error an ICMP Destination Unreachable / Time Exceeded maps to on Linux (ip_icmp.c icmp_err_convert),
 * for a message of `family`. For ICMPv6 only the errors Linux treats as fatal reach a connected socket without
 * IPV6_RECVERR (net/ipv6/icmp.c icmpv6_err_convert): port unreachable (ECONNREFUSED); no route and address
 * unreachable, Packet Too Big and hop limit exceeded are not reported.
 */
export function icmpSocketError(type: number, code: number, family: 4 | 6 = 4): 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | undefined {
  if (family === 6) return type === ICMP6_TYPE.destinationUnreachable && code === ICMP6_UNREACHABLE_CODE.port ? 'ECONNREFUSED' : undefined;
  if (type === ICMP_TYPE.destinationUnreachable) {
    if (code === UNREACHABLE_CODE.port) return 'ECONNREFUSED';
    if (code === UNREACHABLE_CODE.network) return 'ENETUNREACH';
    if (code === UNREACHABLE_CODE.host) return 'EHOSTUNREACH';
  }
  return undefined;
}

/**
 * A tiny labeller for UDP payloads, for arrows and evidence lines: STUN/TURN messages by method and class
 * (RFC 8489 §5), error responses with their code (RFC 8489 §14.8), TURN ChannelData by channel number
 * (RFC 8656 §12.4), short printable text in quotes, anything else by size; ICMP errors by name (RFC 792, RFC 1191);
 * TCP segments (RFC 9293) by their control bits, and a data segment by the STUN message it starts with (framed as
 * TURN over TCP, RFC 8656 §3.1, or with RFC 4571's length prefix as ICE-TCP sends it). Never throws on hostile bytes.
 */

import type { TracePacket } from '../sim/trace-events';

/** The families of payload a label describes; the ladder colours arrows by them. */
export const PAYLOAD_KINDS = ['stun', 'turn', 'channel-data', 'data', 'icmp', 'tcp'] as const;
/** One of PAYLOAD_KINDS. */
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

/** A payload's label. */
export interface PacketLabel {
  readonly kind: PayloadKind;
  /** e.g. `Binding request`, `Allocate 401`, `ChannelData 0x4000`, `"hello"`, `data 120 B`. */
  readonly text: string;
}

/** RFC 8489 §5: the magic cookie in bytes 4-7 of every STUN message. */
const MAGIC_COOKIE = 0x2112a442;

/** STUN methods (RFC 8489 §18.2, RFC 8656 §17, RFC 6062). key: method number. */
const METHODS: ReadonlyMap<number, string> = new Map([
  [0x001, 'Binding'],
  [0x003, 'Allocate'],
  [0x004, 'Refresh'],
  [0x006, 'Send'],
  [0x007, 'Data'],
  [0x008, 'CreatePermission'],
  [0x009, 'ChannelBind'],
  [0x00a, 'Connect'],
  [0x00b, 'ConnectionBind'],
  [0x00c, 'ConnectionAttempt'],
]);

/** RFC 8489 §14.8: the ERROR-CODE attribute type. */
const ERROR_CODE = 0x0009;

function u16(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

/** ERROR-CODE of a STUN message (class * 100 + number), or undefined. Walks TLVs within bounds only. */
function errorCode(b: Uint8Array): number | undefined {
  const end = Math.min(b.length, 20 + u16(b, 2));
  for (let i = 20; i + 4 <= end; ) {
    const type = u16(b, i);
    const len = u16(b, i + 2);
    if (type === ERROR_CODE && len >= 4 && i + 8 <= end) return (b[i + 6] & 7) * 100 + b[i + 7];
    i += 4 + ((len + 3) & ~3); // RFC 8489 §14: values are padded to a multiple of 4
  }
  return undefined;
}

/** Labels a STUN message, or undefined when the bytes are not one (RFC 8489 §5 header checks). */
function stunLabel(b: Uint8Array): PacketLabel | undefined {
  if (b.length < 20 || (b[0] & 0xc0) !== 0) return undefined;
  const cookie = ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0;
  if (cookie !== MAGIC_COOKIE) return undefined;
  const type = u16(b, 0);
  // RFC 8489 §5: M11..M7 C1 M6..M4 C0 M3..M0
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const cls = ((type >> 4) & 1) | ((type >> 7) & 2);
  const name = METHODS.get(method) ?? `method 0x${method.toString(16).padStart(3, '0')}`;
  const kind: PayloadKind = method === 0x001 ? 'stun' : 'turn';
  if (cls === 0) return { kind, text: `${name} request` };
  if (cls === 1) return { kind, text: `${name} indication` };
  if (cls === 2) return { kind, text: `${name} success` };
  const code = errorCode(b);
  return { kind, text: code === undefined ? `${name} error` : `${name} ${code}` };
}

/** Labels any UDP payload. */
export function labelPayload(payload: Uint8Array): PacketLabel {
  const stun = stunLabel(payload);
  if (stun) return stun;
  // RFC 8656 §12 / RFC 7983: first byte 64-79 is TURN ChannelData; channel numbers 0x4000-0x4FFF
  if (payload.length >= 4 && payload[0] >= 0x40 && payload[0] <= 0x4f) {
    return { kind: 'channel-data', text: `ChannelData 0x${u16(payload, 0).toString(16)}` };
  }
  if (payload.length > 0 && payload.length <= 24 && payload.every((c) => c >= 0x20 && c <= 0x7e)) {
    return { kind: 'data', text: `"${String.fromCharCode(...payload)}"` };
  }
  return { kind: 'data', text: `data ${payload.length} B` };
}

/** ICMP error names (RFC 792). key: type * 256 + code. */
const ICMP_NAMES: ReadonlyMap<number, string> = new Map([
  [3 * 256 + 0, 'net unreachable'],
  [3 * 256 + 1, 'host unreachable'],
  [3 * 256 + 3, 'port unreachable'],
  [3 * 256 + 4, 'fragmentation needed'],
  [11 * 256 + 0, 'time exceeded (TTL)'],
  [11 * 256 + 1, 'time exceeded (reassembly)'],
]);

/** TCP control bits (RFC 9293 §3.1). */
const FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;

/** A TCP segment's control bits as words: `SYN`, `SYN-ACK`, `ACK`, `FIN-ACK`, `RST`, `RST-ACK`. */
export function tcpControlText(flags: number): string {
  const words: string[] = [];
  if (flags & SYN) words.push('SYN');
  if (flags & FIN) words.push('FIN');
  if (flags & RST) words.push('RST');
  if (flags & ACK) words.push('ACK');
  return words.join('-') || 'no flags';
}

/** True for a TCP segment that carries no SYN, FIN or RST (data, or a bare ACK). */
export function isTcpStreamSegment(p: TracePacket): boolean {
  return p.tcp !== undefined && (p.tcp.flags & (SYN | FIN | RST)) === 0;
}

/**
 * Labels a TCP segment: its control bits, or for data the STUN message or ChannelData it starts with (as TURN over
 * TCP frames it, RFC 8656 §3.1; or after an RFC 4571 length prefix, as ICE-TCP frames it), else its size.
 */
function tcpLabel(p: TracePacket & { tcp: NonNullable<TracePacket['tcp']> }): PacketLabel {
  const b = p.payload;
  const control = p.tcp.flags & (SYN | FIN | RST);
  if (b.length === 0 || control) {
    return { kind: 'tcp', text: `TCP ${tcpControlText(p.tcp.flags)}${b.length ? ` +${b.length} B` : ''}` };
  }
  const inner = stunLabel(b) ?? (b.length >= 22 ? stunLabel(b.subarray(2)) : undefined);
  if (inner) return { kind: inner.kind, text: `${inner.text} (TCP)` };
  const payload = labelPayload(b);
  return { kind: payload.kind === 'channel-data' ? 'channel-data' : 'tcp', text: `${payload.text} (TCP)` };
}

/**
 * Labels a packet: an ICMP error by its type and code (with the next-hop MTU, RFC 1191), a fragment by its offset
 * (RFC 791), a TCP segment by its flags or framed message, else its UDP payload.
 */
export function labelPacket(p: TracePacket): PacketLabel {
  if (p.tcp) return tcpLabel(p as TracePacket & { tcp: NonNullable<TracePacket['tcp']> });
  const m = p.icmp;
  if (p.frag) return { kind: 'data', text: `IPv4 fragment offset ${p.frag.offset}${p.frag.more ? ' MF' : ''}` };
  if (!m) return labelPayload(p.payload);
  const name = ICMP_NAMES.get(m.type * 256 + m.code) ?? `type ${m.type} code ${m.code}`;
  return { kind: 'icmp', text: `ICMP ${name}${m.mtu !== undefined ? ` MTU ${m.mtu}` : ''}` };
}

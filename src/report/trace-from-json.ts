/**
 * The inverse of sim/trace-json's canonical event JSON: report.html embeds every event in that form and the page
 * turns it back into TraceEvents, so the browser draws from the same model functions as Node.
 */
import { tryParseIpNumber } from '../net/ip-number';
import type { FiveTuple, TraceEvent, TraceIcmp, TracePacket, TraceTcp } from '../sim/trace-events';

/** `a.b.c.d` (or IPv6 text) to its address number (src/net/ip-number.ts); NaN when it is neither. */
export function parseIp(text: string): number {
  return tryParseIpNumber(text) ?? NaN;
}

/** `a.b.c.d:port` or `[v6]:port` to its address and port. */
function parseEndpoint(text: string): { ip: number; port: number } {
  const colon = text.lastIndexOf(':');
  const host = text.startsWith('[') ? text.slice(1, colon - 1) : text.slice(0, colon);
  return { ip: parseIp(host), port: Number(text.slice(colon + 1)) };
}

/** Value of one hex digit's char code (0-9, a-f, A-F). */
function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Lower-case hex to bytes. */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  return out;
}

interface PacketJson {
  id: number; src: string; dst: string; ttl: number; hex: string;
  df?: boolean;
  frag?: { offset: number; more: boolean };
  icmp?: { type: number; code: number; mtu?: number; about: string };
  tcp?: { flags: number; seq: number; ack: number; win: number; mss?: number };
}

/** Decoded payloads and addresses of one conversion: a packet's events repeat the same hex and endpoints. */
interface Memo {
  /** key: payload hex. */
  readonly payloads: Map<string, Uint8Array>;
  /** key: `ip:port` text. */
  readonly endpoints: Map<string, { ip: number; port: number }>;
}

function endpoint(memo: Memo, text: string): { ip: number; port: number } {
  let e = memo.endpoints.get(text);
  if (!e) memo.endpoints.set(text, (e = parseEndpoint(text)));
  return e;
}

function packetFromJson(p: PacketJson, memo: Memo): TracePacket {
  const s = endpoint(memo, p.src);
  const d = endpoint(memo, p.dst);
  let payload = memo.payloads.get(p.hex);
  if (!payload) memo.payloads.set(p.hex, (payload = hexBytes(p.hex)));
  const tcp: TraceTcp | undefined = p.tcp && {
    seq: p.tcp.seq, ack: p.tcp.ack, flags: p.tcp.flags, window: p.tcp.win, ...(p.tcp.mss !== undefined ? { mss: p.tcp.mss } : {}),
  };
  return {
    id: p.id, src: s.ip, srcPort: s.port, dst: d.ip, dstPort: d.port, ttl: p.ttl, payload,
    ...(p.df ? { df: true } : {}),
    ...(p.frag ? { frag: p.frag } : {}),
    ...(p.icmp ? { icmp: icmpFromJson(p.icmp, memo) } : {}),
    ...(tcp ? { proto: 6, tcp } : {}),
  };
}

/** trace-json's ICMP object back: the quoted datagram's endpoints (its payload is not in the JSON). */
function icmpFromJson(m: NonNullable<PacketJson['icmp']>, memo: Memo): TraceIcmp {
  const t = tupleFromJson(m.about, memo);
  return {
    type: m.type, code: m.code, ...(m.mtu !== undefined ? { mtu: m.mtu } : {}),
    about: { id: 0, src: t.src, srcPort: t.srcPort, dst: t.dst, dstPort: t.dstPort, ttl: 0, payload: new Uint8Array(0) },
  };
}

/** `src:port>dst:port` (trace-json's tuple form) to a FiveTuple; each endpoint text is parsed once per conversion. */
function tupleFromJson(text: string, memo: Memo): FiveTuple {
  const gt = text.indexOf('>');
  const s = endpoint(memo, text.slice(0, gt));
  const d = endpoint(memo, text.slice(gt + 1));
  return { src: s.ip, srcPort: s.port, dst: d.ip, dstPort: d.port };
}

/** Canonical event objects (eventJson) back to TraceEvents. Equal payloads share one (read-only) byte array. */
export function traceEventsFromJson(list: readonly Record<string, unknown>[]): TraceEvent[] {
  const memo: Memo = { payloads: new Map(), endpoints: new Map() };
  return list.map((o) => traceEventFromJson(o, memo));
}

/** One canonical event object (eventJson) back to a TraceEvent. */
export function traceEventFromJson(o: Record<string, unknown>, memo: Memo = { payloads: new Map(), endpoints: new Map() }): TraceEvent {
  const pkt = o.pkt !== undefined ? packetFromJson(o.pkt as PacketJson, memo) : undefined;
  switch (o.kind) {
    case 'translated':
      return { ...o, before: tupleFromJson(o.before as string, memo), after: tupleFromJson(o.after as string, memo), pkt } as unknown as TraceEvent;
    default:
      return (pkt ? { ...o, pkt } : o) as unknown as TraceEvent;
  }
}

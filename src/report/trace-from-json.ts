/**
 * The inverse of sim/trace-json's canonical event JSON: report.html embeds every event in that form and the page
 * turns it back into TraceEvents, so the browser draws from the same model functions as Node.
 */
import type { FiveTuple, TraceEvent, TracePacket } from '../sim/trace-events';

/** `a.b.c.d` to an unsigned 32-bit integer. */
export function parseIp(text: string): number {
  const p = text.split('.').map(Number);
  return (((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0);
}

/** `a.b.c.d:port` to its address and port. */
function parseEndpoint(text: string): { ip: number; port: number } {
  const colon = text.lastIndexOf(':');
  return { ip: parseIp(text.slice(0, colon)), port: Number(text.slice(colon + 1)) };
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

interface PacketJson { id: number; src: string; dst: string; ttl: number; hex: string }

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
  return { id: p.id, src: s.ip, srcPort: s.port, dst: d.ip, dstPort: d.port, ttl: p.ttl, payload };
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

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

/** Lower-case hex to bytes. */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

interface PacketJson { id: number; src: string; dst: string; ttl: number; hex: string }

function packetFromJson(p: PacketJson): TracePacket {
  const s = parseEndpoint(p.src);
  const d = parseEndpoint(p.dst);
  return { id: p.id, src: s.ip, srcPort: s.port, dst: d.ip, dstPort: d.port, ttl: p.ttl, payload: hexBytes(p.hex) };
}

/** `src:port>dst:port` (trace-json's tuple form) to a FiveTuple. */
function tupleFromJson(text: string): FiveTuple {
  const [a, b] = text.split('>');
  const s = parseEndpoint(a);
  const d = parseEndpoint(b);
  return { src: s.ip, srcPort: s.port, dst: d.ip, dstPort: d.port };
}

/** One canonical event object (eventJson) back to a TraceEvent. */
export function traceEventFromJson(o: Record<string, unknown>): TraceEvent {
  const pkt = o.pkt !== undefined ? packetFromJson(o.pkt as PacketJson) : undefined;
  switch (o.kind) {
    case 'translated':
      return { ...o, before: tupleFromJson(o.before as string), after: tupleFromJson(o.after as string), pkt } as unknown as TraceEvent;
    default:
      return (pkt ? { ...o, pkt } : o) as unknown as TraceEvent;
  }
}

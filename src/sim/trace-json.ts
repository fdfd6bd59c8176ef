/**
 * Canonical JSON for trace events: stable key order, addresses as dotted quads, payload as hex. Used for
 * trace.jsonl, for the trace hash, and for replay diffs, so all three agree on what an event is.
 */
import { endpointNumberText } from './address-numbers';
import { FiveTuple, TraceEvent, TracePacket } from './trace-events';


function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * A packet as JSON: `{id, src, dst, ttl, len, hex}`, plus `df` when the Don't Fragment flag is set, `frag`
 * ({offset, more}) for a fragment (whose `hex` is its IP payload), and `icmp`
 * ({type, code, mtu?, about: "src:port>dst:port"}) for an ICMP message (whose `hex` is the ICMP message).
 * A TCP segment adds `tcp` ({flags, seq, ack, win, mss?}; `hex` is its data). IPv6 endpoints print as `[addr]:port`.
 */
export function packetJson(p: TracePacket): Record<string, unknown> {
  return {
    id: p.id,
    src: endpointNumberText(p.src, p.srcPort),
    dst: endpointNumberText(p.dst, p.dstPort),
    ttl: p.ttl,
    len: p.payload.byteLength,
    hex: hex(p.payload),
    ...(p.df ? { df: true } : {}),
    ...(p.frag ? { frag: { offset: p.frag.offset, more: p.frag.more } } : {}),
    ...(p.icmp ? { icmp: icmpJson(p.icmp) } : {}),
    ...(p.tcp ? { tcp: { flags: p.tcp.flags, seq: p.tcp.seq, ack: p.tcp.ack, win: p.tcp.window, ...(p.tcp.mss !== undefined ? { mss: p.tcp.mss } : {}) } } : {}),
  };
}

function icmpJson(m: NonNullable<TracePacket['icmp']>): Record<string, unknown> {
  const a = m.about;
  return {
    type: m.type, code: m.code, ...(m.mtu !== undefined ? { mtu: m.mtu } : {}),
    about: `${endpointNumberText(a.src, a.srcPort)}>${endpointNumberText(a.dst, a.dstPort)}`,
  };
}

function tupleJson(t: FiveTuple): string {
  return `${endpointNumberText(t.src, t.srcPort)}>${endpointNumberText(t.dst, t.dstPort)}`;
}

/** The canonical object for one event. */
export function eventJson(ev: TraceEvent): Record<string, unknown> {
  switch (ev.kind) {
    case 'sent':
    case 'forwarded':
    case 'delivered':
      return { t: ev.t, kind: ev.kind, node: ev.node, pkt: packetJson(ev.pkt) };
    case 'link':
      return { t: ev.t, kind: ev.kind, node: ev.node, iface: ev.iface, link: ev.link, pkt: packetJson(ev.pkt) };
    case 'translated':
      return {
        t: ev.t, kind: ev.kind, node: ev.node, direction: ev.direction,
        ...(ev.pkt.proto === 6 ? { proto: 'tcp' } : {}),
        before: tupleJson(ev.before), after: tupleJson(ev.after), pkt: packetJson(ev.pkt),
      };
    case 'dropped':
      return {
        t: ev.t, kind: ev.kind, node: ev.node, reason: ev.reason, pkt: packetJson(ev.pkt),
        ...(ev.detail !== undefined ? { detail: ev.detail } : {}),
      };
    case 'agent':
      return {
        t: ev.t, kind: ev.kind, node: ev.node, agent: ev.agent, event: ev.event,
        ...(ev.data !== undefined ? { data: ev.data } : {}),
      };
    default:
      return {
        t: ev.t, kind: ev.kind, node: ev.node, ...(ev.proto !== undefined ? { proto: ev.proto } : {}),
        internal: ev.internal, external: ev.external,
        ...(ev.remote !== undefined ? { remote: ev.remote } : {}),
        ...(ev.expiresAt !== undefined ? { expiresAt: ev.expiresAt } : {}),
      };
  }
}

/**
 * Each event's line, made once. A recorded event is read by the trace hash (trace.ts), by trace.jsonl's writer and
 * by report.html's embedded data; writing the JSON three times was a fifth of `npm start`'s report work. Trace
 * events are immutable once recorded (their packets too: the packet core never writes a payload it carries), so a
 * line, once made, stays true; the memo holds nothing an event does not already keep alive.
 */
const lines = new WeakMap<TraceEvent, string>();

/** One JSON line (no newline) for an event. */
export function eventLine(ev: TraceEvent): string {
  let line = lines.get(ev);
  if (line === undefined) lines.set(ev, (line = jsonText(eventJson(ev))));
  return line;
}

/**
 * JSON.stringify that writes a bigint as its decimal text. Without a replacer first: JSON.stringify's fast path (a
 * replacer is called for every value, a third of the cost of writing trace.jsonl); only agent data can hold a
 * bigint, which plain JSON.stringify refuses with a TypeError, and then the replacer writes it.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/**
 * One-line descriptions of trace events for people: the evidence lines of report.md and report.html, and the
 * tooltips of the ladder diagram.
 */
import { addressNumberText, endpointNumberText } from '../sim/address-numbers';
import { formatTime } from '../sim/time';
import type { FiveTuple, TraceEvent, TracePacket } from '../sim/trace-events';
import { labelPacket } from './packet-label';

/** An address number as text: a dotted quad, or RFC 5952 IPv6 (src/sim/address-numbers.ts). */
export const formatIp: (n: number) => string = addressNumberText;

/** `ip:port`, or `[v6]:port` (RFC 5952 §6). */
export const formatEndpoint: (ip: number, port: number) => string = endpointNumberText;

/**
 * A packet's addresses and label: `192.168.1.10:5000 -> 198.51.100.1:3478 Binding request (20 B)`; an ICMP error
 * names the datagram it is about: `10.0.0.2 -> 10.0.0.1 ICMP port unreachable about 10.0.0.1:4000 -> ... (36 B)`.
 */
export function describePacket(p: TracePacket): string {
  const label = labelPacket(p).text;
  if (p.icmp) {
    const a = p.icmp.about;
    return `${formatIp(p.src)} -> ${formatIp(p.dst)} ${label} about ${formatEndpoint(a.src, a.srcPort)} -> ` +
      `${formatEndpoint(a.dst, a.dstPort)} (${p.payload.byteLength} B)`;
  }
  return `${formatEndpoint(p.src, p.srcPort)} -> ${formatEndpoint(p.dst, p.dstPort)} ${label} (${p.payload.byteLength} B)`;
}

/**
 * What a NAT rewrote: the endpoints that changed, `src 192.168.1.10:5000 -> 203.0.113.10:40000` and/or
 * `dst 203.0.113.10:40000 -> 192.168.1.10:5000`.
 */
export function describeTranslation(before: FiveTuple, after: FiveTuple): string {
  const parts: string[] = [];
  if (before.src !== after.src || before.srcPort !== after.srcPort) {
    parts.push(`src ${formatEndpoint(before.src, before.srcPort)} -> ${formatEndpoint(after.src, after.srcPort)}`);
  }
  if (before.dst !== after.dst || before.dstPort !== after.dstPort) {
    parts.push(`dst ${formatEndpoint(before.dst, before.dstPort)} -> ${formatEndpoint(after.dst, after.dstPort)}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'unchanged';
}

/** The event without its time and node, e.g. `dropped nat-filtered: 198.51.100.1:3478 -> ...`. */
export function describeEvent(ev: TraceEvent): string {
  switch (ev.kind) {
    case 'sent':
    case 'forwarded':
    case 'delivered':
      return `${ev.kind} #${ev.pkt.id} ${describePacket(ev.pkt)}`;
    case 'link':
      return `on ${ev.link} from ${ev.iface} #${ev.pkt.id} ${describePacket(ev.pkt)}`;
    case 'translated':
      return `translated ${ev.direction} #${ev.pkt.id} ${describeTranslation(ev.before, ev.after)} ` +
        `(${labelPacket(ev.pkt).text})`;
    case 'dropped':
      return `dropped ${ev.reason}${ev.detail ? ` (${ev.detail})` : ''} #${ev.pkt.id} ${describePacket(ev.pkt)}`;
    case 'agent':
      return `${ev.agent} ${ev.event}${ev.data !== undefined ? ` ${JSON.stringify(ev.data)}` : ''}`;
    default:
      return `${ev.kind}${ev.proto ? ` ${ev.proto}` : ''} ${ev.internal} <-> ${ev.external}` +
        `${ev.remote ? ` remote ${ev.remote}` : ''}${ev.expiresAt !== undefined ? ` until ${formatTime(ev.expiresAt)}` : ''}`;
  }
}

/** `   1.500s  home-nat  translated outbound ...`: time, node and description. */
export function eventText(ev: TraceEvent): string {
  return `${formatTime(ev.t).padStart(10)}  ${ev.node}  ${describeEvent(ev)}`;
}

/** Evidence lines shown per expectation in report.md and report.html (summary.json keeps them all). */
export const MAX_EVIDENCE_LINES = 50;

/** The evidence lines of an expectation, capped at MAX_EVIDENCE_LINES with a closing `... N more` line. */
export function evidenceLines(evidence: readonly TraceEvent[]): string[] {
  const lines = evidence.slice(0, MAX_EVIDENCE_LINES).map(eventText);
  if (evidence.length > MAX_EVIDENCE_LINES) lines.push(`... ${evidence.length - MAX_EVIDENCE_LINES} more in summary.json`);
  return lines;
}

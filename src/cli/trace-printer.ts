/**
 * A readable one-line-per-event rendering of a trace for terminals: time, node, what happened, and for NATs the
 * translation (before => after) and for drops the reason.
 */
import type { TraceEvent, TracePacket } from '../sim/trace-events';
import { formatTime } from '../sim/time';
import { formatEndpoint } from '../net/endpoint';
import { paint } from './output';

function flow(p: TracePacket): string {
  return `${formatEndpoint(p.src, p.srcPort)} -> ${formatEndpoint(p.dst, p.dstPort)}`;
}

function tuple(t: { src: number; srcPort: number; dst: number; dstPort: number }): string {
  return `${formatEndpoint(t.src, t.srcPort)} -> ${formatEndpoint(t.dst, t.dstPort)}`;
}

/** One line for an event, or undefined for events not worth a line ('link' hops). */
export function formatTraceLine(ev: TraceEvent, colour = false): string | undefined {
  const head = `${formatTime(ev.t).padStart(11)}  ${ev.node.padEnd(10)} `;
  switch (ev.kind) {
    case 'sent':
      return `${head}send         ${flow(ev.pkt)}  (${ev.pkt.payload.byteLength} bytes)`;
    case 'translated':
      return `${head}${paint(`nat ${ev.direction}`.padEnd(13), 'cyan', colour)}${tuple(ev.before)}  =>  ${tuple(ev.after)}`;
    case 'delivered':
      return `${head}${paint('deliver'.padEnd(13), 'green', colour)}${flow(ev.pkt)}`;
    case 'dropped':
      return `${head}${paint('DROP'.padEnd(13), 'red', colour)}${flow(ev.pkt)}  reason=${ev.reason}${ev.detail ? ` (${ev.detail})` : ''}`;
    case 'forwarded':
      return `${head}forward      ${flow(ev.pkt)}  ttl=${ev.pkt.ttl}`;
    case 'mapping-created':
    case 'mapping-refreshed':
    case 'mapping-expired':
    case 'mapping-flushed':
      return `${head}${paint(`${ev.kind.replace('mapping-', 'map ')} `.padEnd(13), 'yellow', colour)}${ev.internal} <=> ${ev.external}${ev.remote ? ` (for ${ev.remote})` : ''}`;
    case 'agent':
      return `${head}${paint(ev.agent.padEnd(13), 'magenta', colour)}${ev.event}${ev.data ? ` ${JSON.stringify(ev.data)}` : ''}`;
    default:
      return undefined;
  }
}

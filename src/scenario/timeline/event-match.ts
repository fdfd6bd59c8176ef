/**
 * Matching trace events against the scenario's event references (`after:` triggers and `happens:` expectations):
 * an agent event by agent name (or by server name, whose events carry the server's host as node), or a trace event
 * kind at a node or network.
 */
import { STUN_SERVER_AGENT } from '../../agents/stun/stun-server-config';
import { TURN_SERVER_AGENT } from '../../agents/turn/turn-server';
import type { TraceEvent } from '../../sim/trace-events';
import type { EventRef } from '../format/spec-types';

/** Agent names the public servers report under (src/agents/stun, src/agents/turn). */
export const SERVER_AGENT_NAMES: readonly string[] = [STUN_SERVER_AGENT, TURN_SERVER_AGENT];

/** True when `ev` is an event of the agent or server `name` (an agent's own name, or a server's host). */
export function isAgentEventOf(ev: TraceEvent, name: string): ev is Extract<TraceEvent, { kind: 'agent' }> {
  if (ev.kind !== 'agent') return false;
  return ev.agent === name || (ev.node === name && SERVER_AGENT_NAMES.includes(ev.agent));
}

/** True when `ev` happened at node or network `place` (packets on a link count for the network). */
export function happenedAt(ev: TraceEvent, place: string): boolean {
  return ev.node === place || (ev.kind === 'link' && ev.link === place);
}

/** True when `ev` is the event `ref` names, with the data values `ref` asks for. */
export function matchesEventRef(ev: TraceEvent, ref: EventRef): boolean {
  const named = ref.agent !== null ? isAgentEventOf(ev, ref.agent) && ev.event === ref.event : ev.kind === ref.event && happenedAt(ev, ref.node);
  if (!named || ref.data === null) return named;
  const data = (ev.kind === 'agent' ? ev.data ?? {} : ev) as Readonly<Record<string, unknown>>;
  return Object.entries(ref.data).every(([k, v]) => data[k] === v);
}

/** `alice-ice connected`, `alice-ice connected (viaRelay true)`: an event reference in words. */
export function describeEventRef(ref: EventRef): string {
  const data = ref.data === null ? '' : ` (${Object.entries(ref.data).map(([k, v]) => `${k} ${String(v)}`).join(', ')})`;
  return `${ref.agent ?? ref.node} ${ref.event}${data}`;
}

/**
 * Event references (`after:` in the timeline, `happens:` and `never:` in expectations): an agent event by agent or
 * server name (checked against the events that agent type or server type records, AGENT_EVENTS and SERVER_EVENTS),
 * or a trace event kind at a node or network (checked against the kinds that node kind records, NODE_EVENTS).
 */
import { AGENT_EVENTS, SERVER_EVENTS } from '../agents/agent-events';
import { AgentType, NODE_EVENT_KINDS, NodeEventKind, ServerType } from './constants';
import { didYouMean, listValid } from './did-you-mean';
import { at, isRaw, NormaliseContext } from './normalise-context';
import type { ConfigPath } from './source-map';
import { NODE_EVENTS } from './node-events';
import type { EventDataValue, EventRef } from './spec-types';

/** Reads an event reference; undefined (reported) when it does not resolve. */
export function readEventRef(ctx: NormaliseContext, v: unknown, path: ConfigPath): EventRef | undefined {
  if (!isRaw(v) || typeof v.event !== 'string') return undefined;
  const event = v.event;
  if (typeof v.agent === 'string') {
    const emitters = [...ctx.agents.keys(), ...ctx.nodeNames('server')];
    if (!ctx.reference(v.agent, emitters, 'agent or server', at(path, 'agent'))) return undefined;
    const emitter = emitterOf(ctx, v.agent);
    if (emitter && !emitter.events.includes(event)) {
      const { what, events } = emitter;
      ctx.error(at(path, 'event'), `${/^[aeiou]/u.test(what) ? 'an' : 'a'} ${what} has no event '${event}'`, { expected: listValid(events), didYouMean: didYouMean(event, events) });
      return undefined;
    }
    return { agent: v.agent, node: null, event, data: readData(v.data) };
  }
  if (typeof v.node === 'string') {
    const places = [...ctx.nodeNames(), ...ctx.networks.keys()];
    if (!ctx.reference(v.node, places, 'node or network', at(path, 'node'))) return undefined;
    if (!(NODE_EVENT_KINDS as readonly string[]).includes(event)) {
      ctx.error(at(path, 'event'), `'${event}' is not a trace event kind at a node (agent events need agent: instead of node:)`, {
        expected: listValid(NODE_EVENT_KINDS),
        didYouMean: didYouMean(event, NODE_EVENT_KINDS),
      });
      return undefined;
    }
    const kind = ctx.nodes.get(v.node)?.kind ?? 'network';
    const known = NODE_EVENTS[kind];
    if (!known.includes(event)) {
      ctx.error(at(path, 'event'), `a ${kind === 'nat' ? 'NAT' : kind} never records '${event}' events`, {
        expected: listValid(known),
        didYouMean: didYouMean(event, known),
      });
      return undefined;
    }
    return { agent: null, node: v.node, event: event as NodeEventKind, data: readData(v.data) };
  }
  return undefined;
}

/** What `name` is (`traffic agent`, `turn server`) and the events it records; undefined when its type is unknown. */
function emitterOf(ctx: NormaliseContext, name: string): { what: string; events: readonly string[] } | undefined {
  const type = ctx.agents.get(name)?.type;
  if (type !== undefined) return type in AGENT_EVENTS ? { what: `${type} agent`, events: AGENT_EVENTS[type as AgentType] } : undefined;
  const server = ctx.nodes.get(name)?.serverType;
  return server !== undefined && server in SERVER_EVENTS ? { what: `${server} server`, events: SERVER_EVENTS[server as ServerType] } : undefined;
}

/** `data:` of an event reference (values the schema has already checked), or null for none. */
function readData(v: unknown): Readonly<Record<string, EventDataValue>> | null {
  if (!isRaw(v)) return null;
  const out: Record<string, EventDataValue> = {};
  for (const [k, x] of Object.entries(v)) if (['string', 'number', 'boolean'].includes(typeof x)) out[k] = x as EventDataValue;
  return out;
}

/**
 * `expectations` into typed specs with generated names. References are checked (agents of the right type that
 * are each other's peers, NATs, nodes, drop reasons) and times must fall inside the run.
 */
import { DEFAULTS, PathKind } from './constants';
import type { DropReason } from '../../sim/trace-events';
import { at, isRaw, NormaliseContext, Raw } from './normalise-context';
import { readEventRef } from './normalise-events';
import { EXPECTATION_KINDS } from './schema-expectations';
import type { ConfigPath } from './source-map';
import type { CandidateType, ClassicNatType, FilteringBehaviour, MappingBehaviour, PacketOutcome, TurnTransportName } from './constants';
import type { CountBounds, EventRef, ExpectationSpec, SweepValue } from './spec-types';
import { formatDuration } from './units';

/** True when the expectation's `when` matches the sweep cell (no `when`: always). */
export function whenMatches(when: unknown, params: Readonly<Record<string, SweepValue>>): boolean {
  if (!isRaw(when)) return true;
  return Object.entries(when).every(([k, v]) => (Array.isArray(v) ? v : [v]).some((x) => x === params[k]));
}

/** Reads the expectations that apply to this cell. */
export function normaliseExpectations(ctx: NormaliseContext, list: unknown, durationMs: number, params: Readonly<Record<string, SweepValue>>): ExpectationSpec[] {
  if (!Array.isArray(list)) return [];
  const out: ExpectationSpec[] = [];
  list.forEach((e, i) => {
    if (!isRaw(e) || !whenMatches(e.when, params)) return;
    const path = ['expectations', i];
    const kind = EXPECTATION_KINDS.find((k) => k in e);
    const body = kind ? readKind(ctx, kind, e, path, durationMs) : undefined;
    if (!body) return;
    const name = ctx.str(e, 'name') ?? body.defaultName;
    out.push({ ...body.spec, name, description: ctx.str(e, 'description', ''), source: ctx.source(path) } as ExpectationSpec);
  });
  return out;
}

/** A time that must lie within the run. */
function timeWithin(ctx: NormaliseContext, e: Raw, key: string, path: ConfigPath, durationMs: number, def = durationMs): number {
  const t = ctx.duration(e, key, path, def);
  if (t > durationMs) ctx.error(at(path, key), `${formatDuration(t)} is after the end of the run (duration ${formatDuration(durationMs)})`);
  return t;
}

/** eq / min / max. */
function bounds(ctx: NormaliseContext, e: Raw, path: ConfigPath): CountBounds {
  const get = (k: string) => (typeof e[k] === 'number' ? (e[k] as number) : null);
  const b = { eq: get('eq'), min: get('min'), max: get('max') };
  if (b.eq === null && b.min === null && b.max === null) ctx.error(path, `give a bound: eq, min or max`, { expected: 'eq: 3, or min: 1 and/or max: 5' });
  if (b.eq !== null && (b.min !== null || b.max !== null)) ctx.error(at(path, 'eq'), `eq cannot be combined with min or max`, { part: 'key' });
  if (b.min !== null && b.max !== null && b.min > b.max) ctx.error(at(path, 'min'), `min ${b.min} is more than max ${b.max}`);
  return b;
}

/** Text for bounds in generated names. */
function boundsText(b: CountBounds): string {
  if (b.eq !== null) return `= ${b.eq}`;
  return [b.min !== null ? `>= ${b.min}` : '', b.max !== null ? `<= ${b.max}` : ''].filter(Boolean).join(' and ');
}

/** Checks a connected/notConnected pair: two peer agents of one type (ice or hole-punch). Returns that type. */
function checkPair(ctx: NormaliseContext, v: unknown, path: ConfigPath): string | undefined {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'string')) return undefined;
  const [a, b] = v as string[];
  const peers = [...ctx.agents].filter(([, x]) => x.type === 'ice' || x.type === 'hole-punch').map(([n]) => n);
  if (!ctx.reference(a, peers, 'ice or hole-punch agent', at(path, 0)) || !ctx.reference(b, peers, 'ice or hole-punch agent', at(path, 1))) return undefined;
  const ia = ctx.agents.get(a)!;
  if (ia.obj.peer !== b) {
    ctx.error(at(path, 1), `'${b}' is not the peer of '${a}' (its peer is '${String(ia.obj.peer)}')`, { expected: String(ia.obj.peer) });
    return undefined;
  }
  return ia.type;
}

/** A body without the common fields, and its generated name. */
type Body = { spec: Record<string, unknown>; defaultName: string };

/** One expectation kind. */
function readKind(ctx: NormaliseContext, kind: (typeof EXPECTATION_KINDS)[number], e: Raw, path: ConfigPath, durationMs: number): Body | undefined {
  const p = at(path, kind);
  switch (kind) {
    case 'connected': {
      const type = checkPair(ctx, e.connected, p);
      const withinMs = timeWithin(ctx, e, 'within', path, durationMs);
      const via = ctx.str(e, 'via', DEFAULTS.via) as PathKind;
      const local = (ctx.str(e, 'local') ?? null) as CandidateType | null;
      const remote = (ctx.str(e, 'remote') ?? null) as CandidateType | null;
      const relayProtocol = (ctx.str(e, 'relayProtocol') ?? null) as TurnTransportName | null;
      if (type === 'hole-punch' && (local || remote)) ctx.error(at(path, local ? 'local' : 'remote'), `candidate types only apply to ice agents`, { part: 'key' });
      if (type === 'hole-punch' && relayProtocol) ctx.error(at(path, 'relayProtocol'), `relayProtocol only applies to ice agents`, { part: 'key' });
      if (relayProtocol && via === 'direct') ctx.error(at(path, 'relayProtocol'), `a relayProtocol needs a relayed pair; use via: relay or any`, { part: 'key' });
      if (!type) return undefined;
      const agents = e.connected as [string, string];
      const cands = local || remote ? ` (${local ?? 'any'} / ${remote ?? 'any'})` : '';
      const how = via === 'any' ? '' : ` via ${via}`;
      const over = relayProtocol ? ` over ${relayProtocol} to TURN` : '';
      return { spec: { kind: 'connected', agents, via, local, remote, relayProtocol, withinMs }, defaultName: `${agents[0]} and ${agents[1]} connect${how}${cands}${over} within ${formatDuration(withinMs)}` };
    }
    case 'notConnected': {
      const type = checkPair(ctx, e.notConnected, p);
      const withinMs = timeWithin(ctx, e, 'within', path, durationMs);
      if (!type) return undefined;
      const agents = e.notConnected as [string, string];
      return { spec: { kind: 'not-connected', agents, withinMs }, defaultName: `${agents[0]} and ${agents[1]} do not connect within ${formatDuration(withinMs)}` };
    }
    case 'discovery':
      return readDiscovery(ctx, e, p);
    case 'count':
      return readCount(ctx, e, path);
    case 'mappings': {
      const nat = ctx.str(e, 'mappings');
      const atMs = timeWithin(ctx, e, 'at', path, durationMs);
      const b = bounds(ctx, e, path);
      if (!ctx.reference(nat, ctx.nodeNames('nat'), 'NAT', p)) return undefined;
      return { spec: { kind: 'mappings', nat, atMs, ...b }, defaultName: `${nat} has ${boundsText(b)} mappings at ${formatDuration(atMs)}` };
    }
    case 'happens': {
      const event = readEventRef(ctx, e.happens, p);
      const beforeMs = timeWithin(ctx, e, 'before', path, durationMs);
      if (!event) return undefined;
      return { spec: { kind: 'happens', event, beforeMs }, defaultName: `${eventText(event)} before ${formatDuration(beforeMs)}` };
    }
    case 'never': {
      const event = readEventRef(ctx, e.never, p);
      const fromMs = timeWithin(ctx, e, 'from', path, durationMs, 0);
      const untilMs = timeWithin(ctx, e, 'until', path, durationMs);
      if (fromMs > untilMs) ctx.error(at(path, 'from'), `from (${formatDuration(fromMs)}) is after until (${formatDuration(untilMs)})`);
      if (!event) return undefined;
      const window = fromMs === 0 && untilMs === durationMs ? '' : ` from ${formatDuration(fromMs)} to ${formatDuration(untilMs)}`;
      return { spec: { kind: 'never', event, fromMs, untilMs }, defaultName: `never ${eventText(event)}${window}` };
    }
    case 'staysConnected': {
      const type = checkPair(ctx, e.staysConnected, p);
      if (type === 'hole-punch') ctx.error(p, `staysConnected needs ice agents (hole-punch agents have no consent checks)`, { expected: 'two ice agents' });
      if (type !== 'ice') return undefined;
      const agents = e.staysConnected as [string, string];
      return { spec: { kind: 'stays-connected', agents }, defaultName: `${agents[0]} and ${agents[1]} connect and stay connected` };
    }
  }
}

/** `agent: event` or `node: event`, with the data matched: `a: connected (viaRelay true)`. */
function eventText(ev: EventRef): string {
  const data = ev.data === null ? '' : ` (${Object.entries(ev.data).map(([k, v]) => `${k} ${String(v)}`).join(', ')})`;
  return `${ev.agent ?? ev.node}: ${ev.event}${data}`;
}

/** A discovery expectation. */
function readDiscovery(ctx: NormaliseContext, e: Raw, p: ConfigPath): Body | undefined {
  const agent = ctx.str(e, 'discovery');
  const valid = [...ctx.agents].filter(([, a]) => a.type === 'discovery').map(([n]) => n);
  if (!ctx.reference(agent, valid, 'discovery agent', p)) return undefined;
  const keys = ['mapping', 'filtering', 'classic', 'hairpinning'] as const;
  if (!keys.some((k) => k in e)) ctx.error(p, `nothing to check`, { part: 'key', expected: keys.join(', ') });
  const spec = {
    kind: 'discovery',
    agent,
    mapping: (ctx.str(e, 'mapping') ?? null) as MappingBehaviour | null,
    filtering: (ctx.str(e, 'filtering') ?? null) as FilteringBehaviour | null,
    classic: (ctx.str(e, 'classic') ?? null) as ClassicNatType | null,
    hairpinning: typeof e.hairpinning === 'boolean' ? e.hairpinning : null,
  };
  const parts = keys.filter((k) => spec[k] !== null).map((k) => `${k} ${String(spec[k])}`);
  return { spec, defaultName: `${agent} finds ${parts.join(', ')}` };
}

/** A packet count. */
function readCount(ctx: NormaliseContext, e: Raw, path: ConfigPath): Body | undefined {
  const outcome = ctx.str(e, 'count', 'dropped') as PacketOutcome;
  const reason = (ctx.str(e, 'reason') ?? null) as DropReason | null;
  if (reason && outcome !== 'dropped') ctx.error(at(path, 'reason'), `reason only applies to count: dropped`, { part: 'key' });
  const node = ctx.str(e, 'node') ?? null;
  if (node !== null) ctx.reference(node, [...ctx.nodeNames(), ...ctx.networks.keys()], 'node or network', at(path, 'node'));
  const port = typeof e.port === 'number' ? e.port : null;
  const b = bounds(ctx, e, path);
  const filters = [reason ? `(${reason})` : '', node ? `at ${node}` : '', port !== null ? `to port ${port}` : ''].filter(Boolean).join(' ');
  return { spec: { kind: 'count', outcome, reason, node, port, ...b }, defaultName: `${outcome} packets${filters ? ` ${filters}` : ''} ${boundsText(b)}` };
}

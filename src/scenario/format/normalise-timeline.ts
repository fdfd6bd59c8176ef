/**
 * `timeline` into typed entries: a trigger (at a time, or after an event plus a delay) and one action whose
 * references are checked against the topology and agents.
 */
import { DEFAULTS, NatPresetName } from './constants';
import { checkHostAddress, parseIp, parseIpv4 } from './ipv4';
import { at, isRaw, NormaliseContext, Raw } from './normalise-context';
import { resolveEndpoint } from './normalise-endpoint';
import { readEventRef } from './normalise-events';
import { hasLinkKeys, readLinkPatch } from './normalise-link';
import { readNatBehaviour } from './normalise-nat';
import { resolveGateway } from './normalise-topology';
import { LINK_KEYS, NAT_BEHAVIOUR_KEYS } from './schema-topology';
import { TIMELINE_ACTIONS } from './schema-timeline';
import type { ConfigPath } from './source-map';
import type { TimelineAction, TimelineEntry, TriggerSpec } from './spec-types';
import { formatDuration } from './units';
import { checkBurst } from './traffic-limits';

/** Names of agents that some timeline entry starts (so they do not also autostart). */
export function agentsStartedByTimeline(ctx: NormaliseContext, timeline: unknown): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(timeline)) for (const e of timeline) if (isRaw(e)) for (const n of ctx.names(e.start)) out.add(n);
  return out;
}

/** Reads the timeline. */
export function normaliseTimeline(ctx: NormaliseContext, timeline: unknown, durationMs: number): TimelineEntry[] {
  if (!Array.isArray(timeline)) return [];
  const out: TimelineEntry[] = [];
  const moves = moveTargets(timeline);
  timeline.forEach((e, i) => {
    if (!isRaw(e)) return;
    const path = ['timeline', i];
    const trigger = readTrigger(ctx, e, path, durationMs);
    const key = TIMELINE_ACTIONS.find((k) => k in e);
    const action = key ? readAction(ctx, key, e[key], at(path, key), moves) : undefined;
    if (trigger && action) out.push({ trigger, action, description: ctx.str(e, 'description', ''), source: ctx.source(path) });
  });
  return out;
}

/** Networks each host joins through some `move`; key: host name. A later entry may act on them. */
type MoveTargets = ReadonlyMap<string, ReadonlySet<string>>;

/** Collects MoveTargets. */
function moveTargets(timeline: unknown[]): MoveTargets {
  const out = new Map<string, Set<string>>();
  for (const e of timeline) {
    if (!isRaw(e) || !isRaw(e.move) || typeof e.move.host !== 'string' || typeof e.move.network !== 'string') continue;
    const set = out.get(e.move.host) ?? new Set<string>();
    set.add(e.move.network);
    out.set(e.move.host, set);
  }
  return out;
}

/** Networks a node is on now or may join by a move. */
function networksOf(ctx: NormaliseContext, node: string, moves: MoveTargets): string[] {
  return [...new Set([...(ctx.nodes.get(node)?.addresses.keys() ?? []), ...(moves.get(node) ?? [])])];
}

/** `at`, or `after` + `delay`. */
function readTrigger(ctx: NormaliseContext, e: Raw, path: ConfigPath, durationMs: number): TriggerSpec | undefined {
  if ('delay' in e && !('after' in e)) ctx.error(at(path, 'delay'), `delay only works with after`, { part: 'key', expected: 'after: { agent, event } with delay, or at alone' });
  if ('at' in e) {
    const atMs = ctx.duration(e, 'at', path, 0);
    if (atMs > durationMs) ctx.error(at(path, 'at'), `${formatDuration(atMs)} is after the end of the run (duration ${formatDuration(durationMs)})`);
    return { kind: 'at', atMs };
  }
  const event = readEventRef(ctx, e.after, at(path, 'after'));
  return event ? { kind: 'after', event, delayMs: ctx.duration(e, 'delay', path, DEFAULTS.afterDelay) } : undefined;
}

/** Checks names against a registry, keeping the valid ones. */
function refs(ctx: NormaliseContext, v: unknown, valid: string[], what: string, path: ConfigPath): string[] {
  const names = ctx.names(v);
  return names.filter((n, i) => ctx.reference(n, valid, what, typeof v === 'string' ? path : at(path, i)));
}

/** One action. */
function readAction(
  ctx: NormaliseContext,
  key: (typeof TIMELINE_ACTIONS)[number],
  v: unknown,
  path: ConfigPath,
  moves: MoveTargets,
): TimelineAction | undefined {
  if (key === 'start' || key === 'stop') return { kind: key, agents: refs(ctx, v, [...ctx.agents.keys()], 'agent', path) };
  if (key === 'sleep' || key === 'wake') return { kind: key, hosts: refs(ctx, v, ctx.nodeNames('host', 'server'), 'host', path) };
  if (!isRaw(v)) return undefined;
  switch (key) {
    case 'send':
      return readSend(ctx, v, path);
    case 'setLink':
      return readSetLink(ctx, v, path, moves);
    case 'rebootNat':
      return readReboot(ctx, v, path);
    case 'setNat': {
      if (!ctx.reference(ctx.str(v, 'nat'), ctx.nodeNames('nat'), 'NAT', at(path, 'nat'))) return undefined;
      if (!('preset' in v) && !NAT_BEHAVIOUR_KEYS.some((k) => k in v)) {
        ctx.error(path, `setNat changes nothing`, { expected: `preset or any of ${NAT_BEHAVIOUR_KEYS.join(', ')}` });
      }
      const preset = (ctx.str(v, 'preset') ?? null) as NatPresetName | null;
      return { kind: 'set-nat', nat: v.nat as string, preset, behaviour: readNatBehaviour(ctx, v, path) };
    }
    case 'move':
      return readMove(ctx, v, path, moves);
  }
}

/** `send`. */
function readSend(ctx: NormaliseContext, v: Raw, path: ConfigPath): TimelineAction | undefined {
  const host = ctx.str(v, 'host');
  const okHost = ctx.reference(host, ctx.nodeNames('host'), 'host', at(path, 'host'));
  const to = resolveEndpoint(ctx, v.to, at(path, 'to'));
  if (!okHost || !to) return undefined;
  const { count, size, every } = DEFAULTS.send;
  const source = { count: ctx.int(v, 'count', count), sizeBytes: ctx.int(v, 'size', size), everyMs: ctx.duration(v, 'every', path, every) };
  checkBurst(ctx, path, source);
  return { kind: 'send', host, port: ctx.int(v, 'port', DEFAULTS.agentPort), to, ...source };
}

/** `setLink`. */
function readSetLink(ctx: NormaliseContext, v: Raw, path: ConfigPath, moves: MoveTargets): TimelineAction | undefined {
  const network = ctx.str(v, 'network');
  if (!ctx.reference(network, ctx.networks.keys(), 'network', at(path, 'network'))) return undefined;
  const node = ctx.str(v, 'node');
  if (node !== undefined) {
    const members = ctx.nodeNames().filter((n) => networksOf(ctx, n, moves).includes(network));
    if (!ctx.reference(node, members, `member of network '${network}'`, at(path, 'node'))) return undefined;
  }
  if (!hasLinkKeys(v)) ctx.error(path, `setLink changes nothing`, { expected: `any of ${LINK_KEYS.join(', ')}` });
  return { kind: 'set-link', network, node: node ?? null, patch: readLinkPatch(ctx, v, path) };
}

/** `rebootNat`: a new external address must be free on the outside network (or already the NAT's). */
function readReboot(ctx: NormaliseContext, v: Raw, path: ConfigPath): TimelineAction | undefined {
  const nat = ctx.str(v, 'nat');
  if (!ctx.reference(nat, ctx.nodeNames('nat'), 'NAT', at(path, 'nat'))) return undefined;
  const externalIp = ctx.str(v, 'externalIp') ?? null;
  const outside = [...ctx.nodes.get(nat)!.addresses.keys()].find((n) => n !== ctx.nodes.get(nat)!.insideNetwork);
  if (externalIp !== null && outside) checkNewAddress(ctx, nat, outside, externalIp, at(path, 'externalIp'));
  return { kind: 'reboot-nat', nat, externalIp };
}

/** An address a node will take later: usable on the network and not another member's. */
function checkNewAddress(ctx: NormaliseContext, node: string, network: string, ip: string, path: ConfigPath, anyFamily = false): void {
  const parsed = anyFamily ? parseIp(ip) : parseIpv4(ip);
  const net = ctx.networks.get(network);
  if (!parsed.ok || !net?.cidr) return;
  // The prefix of the address's family (a dual-stack network has one per family).
  const family = parsed.value >= 2 ** 32 ? 6 : 4;
  const prefix = net.prefixes.find((c) => c.family === family);
  if (!prefix) {
    if (!net.incomplete) ctx.error(path, `${ip} is an IPv${family} address, but network '${network}' has no IPv${family} prefix (${net.prefixes.map((c) => c.text).join(', ')})`);
    return;
  }
  const bad = checkHostAddress(prefix, parsed.value, ip);
  if (bad) ctx.error(path, bad);
  const owner = net.members.get(parsed.value);
  if (!bad && owner && owner.node !== node) ctx.error(path, `${ip} is already used on network '${network}' by '${owner.node}'`);
}

/** `move`. */
function readMove(ctx: NormaliseContext, v: Raw, path: ConfigPath, moves: MoveTargets): TimelineAction | undefined {
  const host = ctx.str(v, 'host');
  if (!ctx.reference(host, ctx.nodeNames('host'), 'host', at(path, 'host'))) return undefined;
  const network = ctx.str(v, 'network');
  if (!ctx.reference(network, ctx.networks.keys(), 'network', at(path, 'network'))) return undefined;
  const own = networksOf(ctx, host, moves);
  const from = ctx.str(v, 'from') ?? own[0];
  if ('from' in v && !ctx.reference(from, own, `network of host '${host}'`, at(path, 'from'))) return undefined;
  if (from === undefined) return undefined;
  const ip = ctx.str(v, 'ip', '');
  checkNewAddress(ctx, host, network, ip, at(path, 'ip'), true);
  // The new default gateway is of the new address's family (RFC 4861 routers for IPv6, or the written one).
  const parsed = parseIp(ip);
  const family = parsed.ok && parsed.value >= 2 ** 32 ? 6 : 4;
  const gateway = resolveGateway(ctx, host, [network], v.gateway, at(path, 'gateway'), family);
  return { kind: 'move', host, fromNetwork: from, network, ip, gateway };
}

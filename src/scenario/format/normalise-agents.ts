/**
 * `agents` into typed AgentSpecs: host and server references, credentials, peers (mutual, same type), ICE roles
 * and local port clashes.
 */
import { DEFAULTS, HolePunchTransport, IcePolicy } from './constants';
import { at, entriesOf, isRaw, NormaliseContext, Raw } from './normalise-context';
import { resolveEndpoint, resolveStun, serversByName } from './normalise-endpoint';
import type { ConfigPath } from './source-map';
import type { AgentSpec, ServerSpec, TopologySpec, TurnRef } from './spec-types';
import { checkBurst } from './traffic-limits';

/** Registers every agent name first, so references may point forward. */
export function registerAgents(ctx: NormaliseContext, agents: unknown): void {
  for (const [name, obj] of entriesOf(agents)) {
    ctx.agents.set(name, { type: typeof obj.type === 'string' ? obj.type : '', obj, path: ['agents', name] });
  }
}

/** Reads every agent. `startedByTimeline`: agents some timeline entry starts (their autostart defaults to false). */
export function normaliseAgents(ctx: NormaliseContext, topology: TopologySpec, startedByTimeline: ReadonlySet<string>): AgentSpec[] {
  const servers = serversByName(topology);
  const out: AgentSpec[] = [];
  for (const [name, { obj, path }] of ctx.agents) {
    const spec = readAgent(ctx, servers, name, obj, path, startedByTimeline.has(name));
    if (spec) out.push(spec);
  }
  checkPorts(ctx);
  checkPeers(ctx);
  return out.map((a) => (a.type === 'ice' ? { ...a, controlling: iceRole(ctx, a.name) } : a));
}

/**
 * RFC 8445 §6.1.1 role: as written; else the opposite of what the peer says; else the agent whose name sorts
 * first (by code points) is controlling. Both may be set to true on purpose, to show role-conflict repair.
 */
function iceRole(ctx: NormaliseContext, name: string): boolean {
  const own = ctx.agents.get(name)!.obj.controlling;
  if (typeof own === 'boolean') return own;
  const peer = ctx.agents.get(String(ctx.agents.get(name)!.obj.peer));
  if (peer && typeof peer.obj.controlling === 'boolean') return !peer.obj.controlling;
  return peer ? name < String(ctx.agents.get(name)!.obj.peer) : true;
}

/** One agent. */
function readAgent(ctx: NormaliseContext, servers: Map<string, ServerSpec>, name: string, obj: Raw, path: ConfigPath, started: boolean): AgentSpec | undefined {
  const host = ctx.str(obj, 'host');
  const node = host === undefined ? undefined : ctx.nodes.get(host);
  if (host !== undefined && !node) ctx.reference(host, ctx.nodeNames('host'), 'host', at(path, 'host'));
  else if (node && node.kind !== 'host') {
    ctx.error(at(path, 'host'), `'${host}' is ${article(node.kind)}; agents run on hosts`, { expected: ctx.nodeNames('host').join(', ') });
  }
  const base = {
    name,
    host: host ?? '',
    autostart: ctx.bool(obj, 'autostart', !started),
    port: ctx.int(obj, 'port', DEFAULTS.agentPort),
    description: ctx.str(obj, 'description', ''),
    source: ctx.source(path),
  };
  switch (obj.type) {
    case 'discovery': {
      const stun = resolveStun(ctx, servers, obj.stun, at(path, 'stun'));
      const server = stun ? servers.get(stun.server) : undefined;
      if (server && (server.kind !== 'stun-server' || !server.alternate)) {
        ctx.error(at(path, 'stun'), `discovery needs a STUN server with an alternate address (RFC 5780); '${server.name}' has none`, {
          expected: [...servers.values()].filter((s) => s.kind === 'stun-server' && s.alternate).map((s) => s.name).join(', ') || 'a stun server with alternate: { ip }',
        });
      }
      const alternate = server?.kind === 'stun-server' && server.alternate ? server.alternate : { ip: '0.0.0.0', port: 0 };
      return stun ? { ...base, type: 'discovery', stun: { ...stun, alternate } } : undefined;
    }
    case 'hole-punch': {
      const stun = resolveStun(ctx, servers, obj.stun, at(path, 'stun'));
      const keepaliveMs = ctx.duration(obj, 'keepalive', path, DEFAULTS.holePunchKeepalive);
      const transport = ctx.str(obj, 'transport', DEFAULTS.holePunchTransport) as HolePunchTransport;
      return stun ? { ...base, type: 'hole-punch', stun, peer: ctx.str(obj, 'peer', ''), keepaliveMs, transport } : undefined;
    }
    case 'ice':
      return readIce(ctx, servers, obj, path, base);
    case 'echo':
      return { ...base, type: 'echo' };
    case 'traffic': {
      const to = resolveEndpoint(ctx, obj.to, at(path, 'to'));
      const { count, size, every } = DEFAULTS.traffic;
      const spec = { count: ctx.int(obj, 'count', count), sizeBytes: ctx.int(obj, 'size', size), everyMs: ctx.duration(obj, 'every', path, every) };
      checkBurst(ctx, path, spec);
      return to ? { ...base, type: 'traffic', to, ...spec } : undefined;
    }
    default:
      return undefined; // a missing or unknown type is reported by the schema
  }
}

/** An ICE agent: STUN and TURN references, credentials, and a provisional role (settled in checkPeers). */
function readIce(ctx: NormaliseContext, servers: Map<string, ServerSpec>, obj: Raw, path: ConfigPath, base: Omit<AgentSpec, 'type'>): AgentSpec {
  const stunNames = ctx.names(obj.stun);
  const stun = stunNames.map((n, i) => resolveStun(ctx, servers, n, typeof obj.stun === 'string' ? at(path, 'stun') : at(path, 'stun', i)));
  const turn: TurnRef[] = [];
  if (Array.isArray(obj.turn)) {
    obj.turn.forEach((t, i) => {
      const ref = isRaw(t) ? readTurnRef(ctx, servers, t, at(path, 'turn', i)) : undefined;
      if (ref) turn.push(ref);
    });
  }
  return {
    ...base,
    type: 'ice',
    peer: ctx.str(obj, 'peer', ''),
    stun: stun.filter((s): s is NonNullable<typeof s> => s !== undefined),
    turn,
    controlling: ctx.bool(obj, 'controlling', false),
    trickle: ctx.bool(obj, 'trickle', DEFAULTS.ice.trickle),
    policy: ctx.str(obj, 'policy', DEFAULTS.ice.policy) as IcePolicy,
    restartOnFailure: ctx.bool(obj, 'restartOnFailure', DEFAULTS.ice.restartOnFailure),
    restartAfterFailedChecks: ctx.bool(obj, 'restartAfterFailedChecks', DEFAULTS.ice.restartAfterFailedChecks),
    tcpCandidates: ctx.bool(obj, 'tcpCandidates', DEFAULTS.ice.tcpCandidates),
  };
}

/** `{ server, username, password? }`. The password defaults to the server's password for that user. */
function readTurnRef(ctx: NormaliseContext, servers: Map<string, ServerSpec>, t: Raw, path: ConfigPath): TurnRef | undefined {
  const name = ctx.str(t, 'server');
  const turnNames = [...servers.values()].filter((s) => s.kind === 'turn-server').map((s) => s.name);
  if (!ctx.reference(name, turnNames, 'TURN server', at(path, 'server'))) return undefined;
  const server = servers.get(name);
  if (server?.kind !== 'turn-server') return undefined;
  const username = ctx.str(t, 'username', '');
  let password = ctx.str(t, 'password') ?? server.users[username] ?? null;
  if (password === null && server.authSecret === null && 'username' in t) {
    const users = Object.keys(server.users);
    ctx.error(at(path, 'username'), `'${username}' is not a user of TURN server '${name}'; give a password or use a known user`, {
      expected: users.join(', '),
      didYouMean: users.find((u) => u.toLowerCase() === username.toLowerCase()),
    });
    password = '';
  }
  const transport = ctx.str(t, 'transport', 'udp') as NonNullable<TurnRef['transport']>;
  if (!server.transports.includes(transport)) {
    ctx.error(at(path, 'transport'), `TURN server '${name}' does not listen on ${transport}; add ${transport} to its transports`, { expected: server.transports.join(', ') });
  }
  const port = transport === 'tls' ? server.tlsPort : server.port;
  return { server: name, ip: server.ip, port, ...(transport !== 'udp' ? { transport } : {}), username, password };
}

/** Two agents on one host may not bind the same fixed port. */
function checkPorts(ctx: NormaliseContext): void {
  const used = new Map<string, string>(); // key: `${host}:${port}`, value: agent name
  for (const [name, { obj, path }] of ctx.agents) {
    if (typeof obj.port !== 'number' || obj.port === 0 || typeof obj.host !== 'string') continue;
    const key = `${obj.host}:${obj.port}`;
    const other = used.get(key);
    if (other) ctx.error(at(path, 'port'), `port ${obj.port} on host '${obj.host}' is already used by agent '${other}'`);
    else used.set(key, name);
  }
}

/** Peers exist, have the same type, are not self and name each other. */
function checkPeers(ctx: NormaliseContext): void {
  for (const [name, { type, obj, path }] of ctx.agents) {
    if ((type !== 'ice' && type !== 'hole-punch') || typeof obj.peer !== 'string') continue;
    const peer = obj.peer;
    const same = [...ctx.agents].filter(([n, a]) => a.type === type && n !== name).map(([n]) => n);
    if (peer === name) {
      ctx.error(at(path, 'peer'), `an agent cannot be its own peer`, { expected: same.join(', ') });
      continue;
    }
    const other = ctx.agents.get(peer);
    if (!other) {
      ctx.reference(peer, same, `${type} agent`, at(path, 'peer'));
      continue;
    }
    if (other.type !== type) ctx.error(at(path, 'peer'), `'${peer}' is ${article(other.type)} agent; the peer of ${article(type)} agent must be ${article(type)} agent`, { expected: same.join(', ') });
    else if (other.obj.peer !== name) {
      ctx.error(at(path, 'peer'), `'${peer}' names '${String(other.obj.peer)}' as its peer, not '${name}'; peers must name each other`);
    }
  }
}

/** `a hole-punch`, `an ice`. */
function article(word: string): string {
  return `${/^[aeiou]/u.test(word) ? 'an' : 'a'} ${word}`;
}

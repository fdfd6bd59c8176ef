/**
 * Destinations written as `ip:port` (`[v6]:port` for IPv6, RFC 5952 §6), `node:port` or the name of an echo agent,
 * and references to STUN/TURN servers, resolved to addresses.
 */
import { DEFAULTS } from './constants';
import { didYouMean, listValid } from './did-you-mean';
import { formatAddress, parseIp, parseIpv4 } from './ipv4';
import { NormaliseContext } from './normalise-context';
import type { ConfigPath } from './source-map';
import type { EndpointSpec, ServerRef, ServerSpec, TopologySpec } from './spec-types';

/** Resolves a destination; undefined (reported) when it does not resolve. */
export function resolveEndpoint(ctx: NormaliseContext, text: unknown, path: ConfigPath): EndpointSpec | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.startsWith('[')) return resolveBracketed(ctx, text, path);
  const colon = text.lastIndexOf(':');
  if (colon < 0) return resolveEchoAgent(ctx, text, path);
  const host = text.slice(0, colon);
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    ctx.error(path, `port ${text.slice(colon + 1)} is outside 1-65535`);
    return undefined;
  }
  if (/^[\d.]+$/u.test(host)) {
    const ip = parseIpv4(host);
    if (!ip.ok) {
      ctx.error(path, ip.error);
      return undefined;
    }
    return { ip: host, port, node: null, agent: null };
  }
  const names = ctx.nodeNames();
  if (!ctx.reference(host, names, 'node', path)) return undefined;
  const first = [...ctx.nodes.get(host)!.addresses.values()][0]?.[0];
  return first ? { ip: first, port, node: host, agent: null } : undefined;
}

/** `[v6]:port`: an IPv6 address (any RFC 4291 form, kept as RFC 5952 text) and a port 1-65535. */
function resolveBracketed(ctx: NormaliseContext, text: string, path: ConfigPath): EndpointSpec | undefined {
  const m = /^\[([^\]]*)\]:(\d{1,5})$/u.exec(text);
  if (!m) {
    ctx.error(path, `'${text}' is not an IPv6 endpoint`, { expected: '[address]:port, like [2001:db8::10]:7' });
    return undefined;
  }
  const ip = parseIp(m[1]);
  if (!ip.ok || !m[1].includes(':')) {
    ctx.error(path, ip.ok ? `'${m[1]}' is not an IPv6 address; write IPv4 endpoints without brackets` : ip.error);
    return undefined;
  }
  const port = Number(m[2]);
  if (port < 1 || port > 65535) {
    ctx.error(path, `port ${m[2]} is outside 1-65535`);
    return undefined;
  }
  return { ip: formatAddress(ip.value), port, node: null, agent: null };
}

/** A bare name: an echo agent, reached at its host's first address and its port. */
function resolveEchoAgent(ctx: NormaliseContext, name: string, path: ConfigPath): EndpointSpec | undefined {
  const echoes = [...ctx.agents].filter(([, a]) => a.type === 'echo').map(([n]) => n);
  const agent = ctx.agents.get(name);
  if (!agent || agent.type !== 'echo') {
    const all = [...echoes, ...ctx.nodeNames()];
    const dym = didYouMean(name, all);
    const hint = ctx.nodes.has(name) ? `; '${name}' is a node: add a port, like ${name}:7` : '';
    ctx.error(path, `'${name}' is not an echo agent${hint}`, { expected: `ip:port, node:port, or an echo agent (${listValid(echoes)})`, didYouMean: hint ? undefined : dym });
    return undefined;
  }
  const host = typeof agent.obj.host === 'string' ? agent.obj.host : '';
  const ip = [...(ctx.nodes.get(host)?.addresses.values() ?? [])][0]?.[0];
  const port = typeof agent.obj.port === 'number' ? agent.obj.port : 0;
  return ip ? { ip, port, node: null, agent: name } : undefined;
}

/** All servers of a topology by name. */
export function serversByName(topology: TopologySpec): Map<string, ServerSpec> {
  return new Map(topology.servers.map((s) => [s.name, s]));
}

/** Resolves a STUN server name (a TURN server answers STUN too). */
export function resolveStun(ctx: NormaliseContext, servers: Map<string, ServerSpec>, name: unknown, path: ConfigPath): ServerRef | undefined {
  if (typeof name !== 'string' || !ctx.reference(name, servers.keys(), 'server', path)) return undefined;
  const s = servers.get(name)!;
  return { server: name, ip: s.ip, port: s.port ?? DEFAULTS.stunPort };
}

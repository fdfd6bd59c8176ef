/**
 * `topology` into the typed TopologySpec: networks first, then every node in file order (so a duplicate
 * address is reported at its second use), then default gateways and static routes once all addresses are known.
 */
import { Cidr, cidrContains, familyOf, parseCidr, parseIp } from './ipv4';
import { at, entriesOf, INSIDE_FORWARDERS, isRaw, NormaliseContext, Raw } from './normalise-context';
import { readIpv6Firewall, readNat64, readNptv6 } from './normalise-ipv6-boxes';
import { applyLinkPatch, DEFAULT_LINK, readLinkPatch } from './normalise-link';
import { NodeDraft, readFirewall, readHost, readNat, readRouter, readServer } from './normalise-nodes';
import { ConfigPath, formatPath } from './source-map';
import type { NetworkSpec, NodeSpec, TopologySpec } from './spec-types';

/** Node sections under topology and their readers. */
const SECTIONS = {
  hosts: readHost,
  routers: readRouter,
  nats: readNat,
  firewalls: readFirewall,
  ipv6Firewalls: readIpv6Firewall,
  nat64s: readNat64,
  nptv6s: readNptv6,
  servers: readServer,
} as const;

/** Reads `topology.networks`. */
function readNetworks(ctx: NormaliseContext, topo: Raw): Map<string, NetworkSpec> {
  const out = new Map<string, NetworkSpec>();
  for (const [name, obj] of entriesOf(topo.networks)) {
    const path = ['topology', 'networks', name];
    const prefixes = readPrefixes(ctx, obj, path);
    const cidr = prefixes[0];
    const written = 'cidr' in obj ? (Array.isArray(obj.cidr) ? obj.cidr.length : 1) : 0;
    ctx.networks.set(name, { cidr, prefixes, members: new Map(), ...(written > prefixes.length ? { incomplete: true } : {}) });
    out.set(name, {
      name,
      cidr: cidr ? cidr.text : String(Array.isArray(obj.cidr) ? obj.cidr[0] : obj.cidr),
      ...(prefixes.length > 1 ? { prefixes: prefixes.map((p) => p.text) } : {}),
      link: applyLinkPatch(DEFAULT_LINK, readLinkPatch(ctx, obj, path)),
      description: ctx.str(obj, 'description', ''),
      source: ctx.source(path),
    });
  }
  return out;
}

/**
 * `cidr`: one prefix, or one per family for a dual-stack network. Reports bad prefixes and a second prefix of one
 * family; returns those that parsed (primary first).
 */
function readPrefixes(ctx: NormaliseContext, obj: Raw, path: ConfigPath): Cidr[] {
  if (!('cidr' in obj)) return [];
  const list = Array.isArray(obj.cidr) ? obj.cidr : [obj.cidr];
  const out: Cidr[] = [];
  list.forEach((text, i) => {
    const p = Array.isArray(obj.cidr) ? at(path, 'cidr', i) : at(path, 'cidr');
    const cidr = parseCidr(text);
    if (!cidr.ok) {
      ctx.error(p, cidr.error, { expected: cidr.error.includes('host bits') ? undefined : 'an IPv4 prefix like 192.168.1.0/24 or an IPv6 prefix like 2001:db8:1::/64' });
      return;
    }
    const twin = out.find((o) => o.family === cidr.value.family);
    if (twin) {
      ctx.error(p, `a network has at most one IPv${twin.family} prefix; it already has ${twin.text}`, { expected: 'one IPv4 and one IPv6 prefix, like [192.168.1.0/24, 2001:db8:1::/64]' });
      return;
    }
    out.push(cidr.value);
  });
  return out;
}

/**
 * Forwarding addresses on a network: routers' interfaces and the inside of NATs and firewalls; `family` picks each
 * node's first address of that family there.
 */
export function gatewayCandidates(ctx: NormaliseContext, network: string, self: string, family: 4 | 6 = 4): { node: string; ip: string }[] {
  const out: { node: string; ip: string }[] = [];
  for (const [name, n] of ctx.nodes) {
    if (name === self) continue;
    const addrs = n.addresses.get(network);
    if (!addrs) continue;
    const forwards = n.kind === 'router' || (INSIDE_FORWARDERS.includes(n.kind) && n.insideNetwork === network);
    const ip = addrs.find((a) => { const v = parseIp(a); return v.ok && familyOf(v.value) === family; });
    if (forwards && ip !== undefined) out.push({ node: name, ip });
  }
  return out;
}

/** The address families `self` has addresses of on `networks`, IPv4 first. */
function familiesOn(ctx: NormaliseContext, self: string, networks: string[]): (4 | 6)[] {
  const node = ctx.nodes.get(self);
  const fams = new Set<4 | 6>();
  for (const n of networks) {
    for (const a of node?.addresses.get(n) ?? []) {
      const v = parseIp(a);
      if (v.ok) fams.add(familyOf(v.value));
    }
  }
  return ([4, 6] as const).filter((f) => fams.has(f));
}

/**
 * Settles one node's default gateways, one per address family it has: the explicit ones (`gateway`, one address or
 * one per family, each checked) or, per family, the only candidate. Returns them IPv4 first.
 */
export function resolveGateways(ctx: NormaliseContext, self: string, networks: string[], explicit: unknown, path: ConfigPath): string[] {
  if (Array.isArray(explicit)) {
    const out: string[] = [];
    const seen = new Set<number>();
    explicit.forEach((g, i) => {
      const ip = parseIp(g);
      if (ip.ok && seen.has(familyOf(ip.value))) {
        ctx.error(at(path, i), `a second IPv${familyOf(ip.value)} gateway; give at most one per family`);
        return;
      }
      if (ip.ok) seen.add(familyOf(ip.value));
      const gw = resolveGateway(ctx, self, networks, g, at(path, i), ip.ok ? familyOf(ip.value) : 4);
      if (gw !== null) out.push(gw);
    });
    return out.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  }
  if (typeof explicit === 'string') {
    const ip = parseIp(explicit);
    const gw = resolveGateway(ctx, self, networks, explicit, path, ip.ok ? familyOf(ip.value) : 4);
    return gw === null ? [] : [gw];
  }
  const out: string[] = [];
  for (const f of familiesOn(ctx, self, networks)) {
    const gw = resolveGateway(ctx, self, networks, undefined, path, f);
    if (gw !== null) out.push(gw);
  }
  return out;
}

/** Settles one node's gateway of `family`: the explicit one (checked) or the only candidate. */
export function resolveGateway(ctx: NormaliseContext, self: string, networks: string[], explicit: unknown, path: ConfigPath, family: 4 | 6 = 4): string | null {
  const candidates = networks.flatMap((n) => gatewayCandidates(ctx, n, self, family));
  const list = candidates.map((c) => `${c.ip} (${c.node})`).join(', ') || 'none';
  if (typeof explicit === 'string') {
    const ip = parseIp(explicit);
    if (!ip.ok) {
      if (explicit.includes(':')) ctx.error(path, ip.error);
      return null; // an IPv4 mistake is reported by the schema
    }
    const onNet = networks.find((n) => {
      const c = ctx.networks.get(n);
      return c !== undefined && c.prefixes.some((p) => cidrContains(p, ip.value));
    });
    if (!onNet) {
      ctx.error(path, `gateway ${explicit} is not on any of this node's networks (${networks.join(', ')})`, { expected: list });
      return null;
    }
    const owner = ctx.networks.get(onNet)!.members.get(ip.value);
    if (!owner) ctx.error(path, `no node has address ${explicit} on network '${onNet}'`, { expected: list });
    else if (!candidates.some((c) => { const v = parseIp(c.ip); return v.ok && v.value === ip.value; })) {
      ctx.error(path, `${explicit} belongs to '${owner.node}', which does not forward packets from '${onNet}'`, { expected: list });
    }
    return explicit;
  }
  if (candidates.length > 1) {
    const which = family === 6 ? 'IPv6 ' : '';
    ctx.error(path.slice(0, -1), `several possible ${which}default gateways: ${list}; choose one with gateway`, { part: 'key', expected: list });
  }
  return candidates.length === 1 ? candidates[0].ip : null;
}

/** Checks a router's static routes: prefix syntax and a next hop on one of its networks, owned by another node. */
function checkRoutes(ctx: NormaliseContext, name: string, obj: Raw, path: ConfigPath): void {
  if (!Array.isArray(obj.routes)) return;
  const node = ctx.nodes.get(name)!;
  obj.routes.forEach((r, i) => {
    if (!isRaw(r)) return;
    const rp = at(path, 'routes', i);
    const to = typeof r.to === 'string' && r.to !== 'default' ? parseCidr(r.to) : undefined;
    if (to && !to.ok) ctx.error(at(rp, 'to'), to.error);
    const via = parseIp(r.via);
    if (!via.ok) {
      if (typeof r.via === 'string' && r.via.includes(':')) ctx.error(at(rp, 'via'), via.error);
      return;
    }
    if (to?.ok && to.value.family !== familyOf(via.value)) {
      ctx.error(at(rp, 'via'), `next hop ${String(r.via)} is IPv${familyOf(via.value)} but the destination ${to.value.text} is IPv${to.value.family}`, { expected: `an IPv${to.value.family} next hop` });
      return;
    }
    const net = [...node.addresses.keys()].find((n) => {
      const c = ctx.networks.get(n);
      return c !== undefined && c.prefixes.some((p) => cidrContains(p, via.value));
    });
    const mine = [...node.addresses.keys()].join(', ');
    if (!net) ctx.error(at(rp, 'via'), `next hop ${String(r.via)} is not on any of the router's networks (${mine})`);
    else {
      const owner = ctx.networks.get(net)!.members.get(via.value);
      if (!owner) ctx.error(at(rp, 'via'), `no node has address ${String(r.via)} on network '${net}'`);
      else if (owner.node === name) ctx.error(at(rp, 'via'), `next hop ${String(r.via)} is the router's own address`);
    }
  });
}

/** Reads the whole topology. */
export function normaliseTopology(ctx: NormaliseContext, topo: Raw): TopologySpec {
  const networks = readNetworks(ctx, topo);
  const drafts: { draft: NodeDraft; obj: Raw }[] = [];
  for (const section of Object.keys(topo)) {
    if (!(section in SECTIONS)) continue;
    for (const [name, obj] of entriesOf(topo[section])) {
      const path = ['topology', section, name];
      const prev = ctx.nodes.get(name);
      if (prev) {
        ctx.error(path, `node name '${name}' is already used by the ${prev.kind} at ${formatPath(prev.path)}`, {
          part: 'key',
          expected: 'a name unique across hosts, routers, nats, firewalls, ipv6Firewalls, nat64s, nptv6s and servers',
        });
        continue;
      }
      drafts.push({ draft: SECTIONS[section as keyof typeof SECTIONS](ctx, name, obj, path), obj });
    }
  }
  for (const { draft, obj } of drafts) checkSides(ctx, draft, obj);
  const nodes: NodeSpec[] = drafts.map(({ draft, obj }) => {
    if (draft.kind === 'router') checkRoutes(ctx, draft.name, obj, draft.path);
    const gws = draft.gatewayNetworks.length ? resolveGateways(ctx, draft.name, draft.gatewayNetworks, obj.gateway, at(draft.path, 'gateway')) : [];
    const spec = draft.finish(gws[0] ?? null, networks);
    return gws.length > 1 ? { ...spec, gateways: gws } : spec;
  });
  const of = <K extends NodeSpec['kind']>(...kinds: K[]) => nodes.filter((n): n is Extract<NodeSpec, { kind: K }> => (kinds as string[]).includes(n.kind));
  return {
    networks: [...networks.values()],
    hosts: of('host'),
    routers: of('router'),
    nats: of('nat'),
    firewalls: of('firewall'),
    ipv6Firewalls: of('ipv6-firewall'),
    nat64s: of('nat64'),
    nptv6s: of('nptv6'),
    servers: of('stun-server', 'turn-server'),
  };
}

/** A NAT or firewall needs different inside and outside networks. */
function checkSides(ctx: NormaliseContext, draft: NodeDraft, obj: Raw): void {
  if (!INSIDE_FORWARDERS.includes(draft.kind)) return;
  const inside = isRaw(obj.inside) ? obj.inside.network : undefined;
  const outside = isRaw(obj.outside) ? obj.outside.network : undefined;
  if (typeof inside === 'string' && inside === outside) {
    ctx.error(at(draft.path, 'outside', 'network'), `inside and outside are both on network '${inside}'; they must differ`);
  }
}

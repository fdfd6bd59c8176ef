/**
 * `topology` into the typed TopologySpec: networks first, then every node in file order (so a duplicate
 * address is reported at its second use), then default gateways and static routes once all addresses are known.
 */
import { cidrContains, parseCidr, parseIpv4 } from './ipv4';
import { at, entriesOf, isRaw, NormaliseContext, Raw } from './normalise-context';
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
  servers: readServer,
} as const;

/** Reads `topology.networks`. */
function readNetworks(ctx: NormaliseContext, topo: Raw): Map<string, NetworkSpec> {
  const out = new Map<string, NetworkSpec>();
  for (const [name, obj] of entriesOf(topo.networks)) {
    const path = ['topology', 'networks', name];
    const cidr = parseCidr(obj.cidr);
    if (!cidr.ok && 'cidr' in obj) ctx.error(at(path, 'cidr'), cidr.error, { expected: cidr.error.includes('host bits') ? undefined : 'an IPv4 prefix like 192.168.1.0/24' });
    ctx.networks.set(name, { cidr: cidr.ok ? cidr.value : undefined, members: new Map() });
    out.set(name, {
      name,
      cidr: cidr.ok ? cidr.value.text : String(obj.cidr),
      link: applyLinkPatch(DEFAULT_LINK, readLinkPatch(ctx, obj, path)),
      description: ctx.str(obj, 'description', ''),
      source: ctx.source(path),
    });
  }
  return out;
}

/** Forwarding addresses on a network: routers' interfaces and the inside of NATs and firewalls. */
export function gatewayCandidates(ctx: NormaliseContext, network: string, self: string): { node: string; ip: string }[] {
  const out: { node: string; ip: string }[] = [];
  for (const [name, n] of ctx.nodes) {
    if (name === self) continue;
    const addrs = n.addresses.get(network);
    if (!addrs) continue;
    const forwards = n.kind === 'router' || ((n.kind === 'nat' || n.kind === 'firewall') && n.insideNetwork === network);
    if (forwards) out.push({ node: name, ip: addrs[0] });
  }
  return out;
}

/** Settles one node's gateway: the explicit one (checked) or the only candidate. */
export function resolveGateway(ctx: NormaliseContext, self: string, networks: string[], explicit: unknown, path: ConfigPath): string | null {
  const candidates = networks.flatMap((n) => gatewayCandidates(ctx, n, self));
  const list = candidates.map((c) => `${c.ip} (${c.node})`).join(', ') || 'none';
  if (typeof explicit === 'string') {
    const ip = parseIpv4(explicit);
    if (!ip.ok) return null; // reported by the schema
    const onNet = networks.find((n) => {
      const c = ctx.networks.get(n)?.cidr;
      return c !== undefined && cidrContains(c, ip.value);
    });
    if (!onNet) {
      ctx.error(path, `gateway ${explicit} is not on any of this node's networks (${networks.join(', ')})`, { expected: list });
      return null;
    }
    const owner = ctx.networks.get(onNet)!.members.get(ip.value);
    if (!owner) ctx.error(path, `no node has address ${explicit} on network '${onNet}'`, { expected: list });
    else if (!candidates.some((c) => c.ip === explicit)) {
      ctx.error(path, `${explicit} belongs to '${owner.node}', which does not forward packets from '${onNet}'`, { expected: list });
    }
    return explicit;
  }
  if (candidates.length > 1) {
    ctx.error(path.slice(0, -1), `several possible default gateways: ${list}; choose one with gateway`, { part: 'key', expected: list });
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
    if (typeof r.to === 'string' && r.to !== 'default') {
      const c = parseCidr(r.to);
      if (!c.ok) ctx.error(at(rp, 'to'), c.error);
    }
    const via = parseIpv4(r.via);
    if (!via.ok) return;
    const net = [...node.addresses.keys()].find((n) => {
      const c = ctx.networks.get(n)?.cidr;
      return c !== undefined && cidrContains(c, via.value);
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
          expected: 'a name unique across hosts, routers, nats, firewalls and servers',
        });
        continue;
      }
      drafts.push({ draft: SECTIONS[section as keyof typeof SECTIONS](ctx, name, obj, path), obj });
    }
  }
  for (const { draft, obj } of drafts) checkSides(ctx, draft, obj);
  const nodes: NodeSpec[] = drafts.map(({ draft, obj }) => {
    if (draft.kind === 'router') checkRoutes(ctx, draft.name, obj, draft.path);
    const gw = draft.gatewayNetworks.length ? resolveGateway(ctx, draft.name, draft.gatewayNetworks, obj.gateway, at(draft.path, 'gateway')) : null;
    return draft.finish(gw, networks);
  });
  const of = <K extends NodeSpec['kind']>(...kinds: K[]) => nodes.filter((n): n is Extract<NodeSpec, { kind: K }> => (kinds as string[]).includes(n.kind));
  return {
    networks: [...networks.values()],
    hosts: of('host'),
    routers: of('router'),
    nats: of('nat'),
    firewalls: of('firewall'),
    servers: of('stun-server', 'turn-server'),
  };
}

/** A NAT or firewall needs different inside and outside networks. */
function checkSides(ctx: NormaliseContext, draft: NodeDraft, obj: Raw): void {
  if (draft.kind !== 'nat' && draft.kind !== 'firewall') return;
  const inside = isRaw(obj.inside) ? obj.inside.network : undefined;
  const outside = isRaw(obj.outside) ? obj.outside.network : undefined;
  if (typeof inside === 'string' && inside === outside) {
    ctx.error(at(draft.path, 'outside', 'network'), `inside and outside are both on network '${inside}'; they must differ`);
  }
}

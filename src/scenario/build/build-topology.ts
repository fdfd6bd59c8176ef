/**
 * Builds a World's network from a validated TopologySpec: networks with their link defaults, routers with static
 * routes, NATs (presets or RFC 4787 settings, cascades), firewalls, hosts with interfaces and gateways, and STUN /
 * TURN servers. Every step is a library call a TypeScript user can make too (World, addNat-like NatNode attach,
 * addStunServer, addTurnServer); errors the lower layers raise are reported at the node's place in the file.
 */
import type { StunServer } from '../../agents/stun/stun-server';
import type { TurnServer } from '../../agents/turn';
import { FirewallNode } from '../../nat/firewall-node';
import { NatNode } from '../../nat/nat-node';
import { DualStackNatNode } from '../../nat/dual-stack-nat-node';
import { addressesOf, buildIpv6Firewall, buildNat64, buildNptv6 } from './build-ipv6-boxes';
import type { Host } from '../../net/host';
import { tryParseIpNumber } from '../../net/ip-number';
import type { NetNode } from '../../net/net-node';
import type { World } from '../../net/world';
import type { NodeDescription, NodeLike } from '../../report/build-run-record';
import type { FirewallInit } from '../../nat/firewall-config';
import type { AttachmentSpec, FirewallSpec, HostSpec, NatSpec, RouterSpec, ServerSpec, TopologySpec } from '../format/spec-types';
import { atSource } from './errors';
import { initialNetLinkProps } from './link-convert';
import { LinkRegistry } from './link-registry';
import { firewallSettingText } from '../format/nat-setting-formats';
import { natDetail, natInitFromSpec } from './nat-settings';
import { addStunServer, addTurnServer } from './servers';

/** What buildTopology made, by name. */
export interface BuiltTopology {
  readonly links: LinkRegistry;
  /** key: host or server name. */
  readonly hosts: ReadonlyMap<string, Host>;
  /** key: NAT name. */
  readonly nats: ReadonlyMap<string, NatNode>;
  /** key: firewall name. */
  readonly firewalls: ReadonlyMap<string, FirewallNode>;
  /** key: server name. */
  readonly stunServers: ReadonlyMap<string, StunServer>;
  /** key: server name. */
  readonly turnServers: ReadonlyMap<string, TurnServer>;
  /** Tells reports what each node is (servers, NAT details, interface roles). */
  readonly describe: (node: NodeLike) => NodeDescription | undefined;
}

/** Registers every interface of `node` with its effective link properties (interface i <-> spec i). */
function registerIfaces(links: LinkRegistry, node: NetNode, specs: readonly AttachmentSpec[]): void {
  for (const iface of node.ifaces) {
    const spec = specs.find((s) => s.network === iface.segment.name && (sameIp(s.ip, iface.ip) || s.aliases.some((a) => sameIp(a, iface.ip))));
    if (spec) links.addIface(iface, spec.link);
  }
}

/** True when address text `text` (any form) is the address number `n`. */
function sameIp(text: string, n: number): boolean {
  return tryParseIpNumber(text) === n;
}

/**
 * A host's attachments as World interfaces: one per attachment with its addresses (a list under `ip`: one
 * interface with several addresses), and one more per alias (aliases become eth1, eth2, ...).
 */
function hostIfaces(specs: readonly AttachmentSpec[]) {
  const out: { network: string; ip: string | readonly string[]; ifname: string; link: ReturnType<typeof initialNetLinkProps> }[] = [];
  for (const a of specs) {
    out.push({ network: a.network, ip: a.moreIps ? [a.ip, ...a.moreIps] : a.ip, ifname: a.ifname, link: initialNetLinkProps(a.link) });
    for (const ip of a.aliases) out.push({ network: a.network, ip, ifname: `eth${specs.length + out.length - 1}`, link: initialNetLinkProps(a.link) });
  }
  return out;
}

/** Builds the topology into `world` (which must be empty of these names). */
export function buildTopology(world: World, topology: TopologySpec): BuiltTopology {
  const links = new LinkRegistry();
  const hosts = new Map<string, Host>();
  const nats = new Map<string, NatNode>();
  const firewalls = new Map<string, FirewallNode>();
  const stunServers = new Map<string, StunServer>();
  const turnServers = new Map<string, TurnServer>();
  for (const n of topology.networks) {
    atSource(n.source, () => world.network(n.name, n.prefixes ?? n.cidr, initialNetLinkProps(n.link)));
    links.addNetwork(n.name, n.link);
  }
  for (const h of topology.hosts) hosts.set(h.name, atSource(h.source, () => buildHost(world, links, h)));
  for (const r of topology.routers) atSource(r.source, () => buildRouter(world, links, r));
  for (const n of topology.nats) nats.set(n.name, atSource(n.source, () => buildNat(world, links, n)));
  for (const f of topology.firewalls) firewalls.set(f.name, atSource(f.source, () => buildFirewall(world, links, f)));
  for (const f of topology.ipv6Firewalls ?? []) atSource(f.source, () => registerIfaces(links, buildIpv6Firewall(world, f), f.interfaces));
  for (const n of topology.nat64s ?? []) atSource(n.source, () => registerIfaces(links, buildNat64(world, n), n.interfaces));
  for (const n of topology.nptv6s ?? []) atSource(n.source, () => registerIfaces(links, buildNptv6(world, n), n.interfaces));
  for (const s of topology.servers) {
    atSource(s.source, () => {
      const site = buildServer(world, s);
      registerIfaces(links, site.host, s.interfaces);
      hosts.set(s.name, site.host);
      if (s.kind === 'stun-server') stunServers.set(s.name, site.server as StunServer);
      else turnServers.set(s.name, site.server as TurnServer);
    });
  }
  return { links, hosts, nats, firewalls, stunServers, turnServers, describe: describer(topology) };
}

function buildHost(world: World, links: LinkRegistry, h: HostSpec): Host {
  const host = world.host(h.name, {
    ifaces: hostIfaces(h.interfaces), gateway: h.gateways ?? h.gateway ?? undefined, ...(h.nat64Prefix ? { nat64Prefix: h.nat64Prefix } : {}),
  });
  registerIfaces(links, host, h.interfaces);
  return host;
}

function buildRouter(world: World, links: LinkRegistry, r: RouterSpec): void {
  const router = world.router(r.name, hostIfaces(r.interfaces));
  for (const route of r.routes) router.addRoute(route.to, route.via);
  registerIfaces(links, router, r.interfaces);
}

function buildNat(world: World, links: LinkRegistry, n: NatSpec): NatNode {
  const path = `topology.nats.${n.name}`;
  // With IPv6 addresses (or an ipv6Firewall block) the NAT is a dual-stack home router: IPv4 NAT + IPv6 firewall.
  const nat = world.add(n.ipv6Firewall !== undefined
    ? new DualStackNatNode(world.sim, n.name, { nat: natInitFromSpec(n), ipv6Firewall: n.ipv6Firewall }, path)
    : new NatNode(world.sim, n.name, natInitFromSpec(n), path));
  nat.attachOutside(world.getNetwork(n.outside.network), addressesOf(n.outside), {
    ifname: n.outside.ifname, link: initialNetLinkProps(n.outside.link), gateway: n.gateway ?? undefined,
  });
  nat.attachInside(world.getNetwork(n.inside.network), addressesOf(n.inside), { ifname: n.inside.ifname, link: initialNetLinkProps(n.inside.link) });
  for (const gw of (n.gateways ?? []).slice(1)) nat.setDefaultGateway(gw);
  registerIfaces(links, nat, n.interfaces);
  return nat;
}

/** A firewall's settings: its mode and the pinhole settings written. */
function firewallInitFromSpec(f: FirewallSpec): FirewallInit {
  return {
    mode: f.mode,
    ...(f.timeoutMs !== undefined ? { timeout: f.timeoutMs } : {}),
    ...(f.inboundRefresh !== undefined ? { inboundRefresh: f.inboundRefresh } : {}),
    ...(f.preset !== undefined ? { preset: f.preset } : {}),
    ...(f.tcpTimeoutMs !== undefined ? { tcpTimeout: f.tcpTimeoutMs } : {}),
    ...(f.rules !== undefined ? { rules: f.rules } : {}),
    ...(f.defaultOutbound !== undefined ? { defaultOutbound: f.defaultOutbound } : {}),
  };
}

function buildFirewall(world: World, links: LinkRegistry, f: FirewallSpec): FirewallNode {
  const fw = world.add(new FirewallNode(world.sim, f.name, firewallInitFromSpec(f), `topology.firewalls.${f.name}`));
  fw.attachOutside(world.getNetwork(f.outside.network), f.outside.ip, {
    ifname: f.outside.ifname, link: initialNetLinkProps(f.outside.link), gateway: f.gateway ?? undefined,
  });
  fw.attachInside(world.getNetwork(f.inside.network), f.inside.ip, { ifname: f.inside.ifname, link: initialNetLinkProps(f.inside.link) });
  registerIfaces(links, fw, f.interfaces);
  return fw;
}

function buildServer(world: World, s: ServerSpec) {
  const a = s.interfaces[0];
  const common = { network: a.network, ip: s.ip, port: s.port, gateway: s.gateway ?? undefined, link: initialNetLinkProps(a.link) };
  if (s.kind === 'stun-server') {
    return addStunServer(world, s.name, { ...common, ...(s.alternate ? { alternate: s.alternate } : {}) });
  }
  return addTurnServer(world, s.name, {
    ...common,
    realm: s.realm,
    users: s.users,
    ...(s.authSecret !== null ? { authSecret: s.authSecret } : {}),
    relayPorts: s.relayPorts,
    defaultLifetimeMs: s.defaultLifetimeMs,
    maxLifetimeMs: s.maxLifetimeMs,
    transports: s.transports,
    tlsPort: s.tlsPort,
  });
}

/** Report descriptions of the nodes a topology spec declares. */
function describer(topology: TopologySpec): (node: NodeLike) => NodeDescription | undefined {
  const byName = new Map<string, NodeDescription>();
  for (const s of topology.servers) {
    const detail = s.kind === 'stun-server'
      ? (s.alternate ? `STUN ${s.port}, RFC 5780 (${s.alternate.ip}:${s.alternate.port})` : `STUN ${s.port}`)
      : `TURN ${s.port}, realm ${s.realm}`;
    byName.set(s.name, { kind: s.kind, detail });
  }
  for (const n of topology.nats) {
    const detail = n.ipv6Firewall !== undefined ? `${natDetail(n)} + IPv6 firewall (RFC 6092, ${n.ipv6Firewall.preset ?? 'rfc6092'})` : natDetail(n);
    byName.set(n.name, { kind: 'nat', detail, roles: { [n.inside.ifname]: 'inside', [n.outside.ifname]: 'outside' } });
  }
  for (const f of topology.firewalls) byName.set(f.name, { kind: 'firewall', detail: firewallSettingText(firewallInitFromSpec(f), `topology.firewalls.${f.name}`), roles: { [f.inside.ifname]: 'inside', [f.outside.ifname]: 'outside' } });
  const sides = (b: { inside: AttachmentSpec; outside: AttachmentSpec }) => ({ [b.inside.ifname]: 'inside' as const, [b.outside.ifname]: 'outside' as const });
  for (const f of topology.ipv6Firewalls ?? []) byName.set(f.name, { kind: 'firewall', detail: `IPv6 firewall (RFC 6092, ${f.settings.preset ?? 'rfc6092'}${f.settings.filtering ? `, ${f.settings.filtering} filtering` : ''})`, roles: sides(f) });
  for (const n of topology.nat64s ?? []) byName.set(n.name, { kind: 'nat', detail: `NAT64 (RFC 6146, prefix ${n.settings.prefix ?? '64:ff9b::/96'})`, roles: sides(n) });
  for (const n of topology.nptv6s ?? []) byName.set(n.name, { kind: 'nat', detail: `NPTv6 ${n.settings.insidePrefix} <-> ${n.settings.outsidePrefix} (RFC 6296)`, roles: sides(n) });
  return (node) => byName.get(node.name);
}

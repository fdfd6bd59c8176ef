/**
 * Builds the IPv6 middleboxes of a TopologySpec (docs/nat64.md): IPv6 firewalls (RFC 6092), NAT64s (RFC 6146) and
 * NPTv6 translators (RFC 6296), each a library node a TypeScript user can make too. Each box attaches its outside
 * first (a NAT64's pool defaults to its outside IPv4 address), then its inside, then its gateways (one per family).
 */
import { Ipv6FirewallNode } from '../../nat/ipv6-firewall-node';
import { Nat64Node } from '../../nat/nat64-node';
import { Nptv6Node } from '../../nat/nptv6-node';
import type { NetNode } from '../../net/net-node';
import type { Segment } from '../../net/segment';
import type { LinkProps } from '../../net/link-props';
import type { World } from '../../net/world';
import type { AttachmentSpec, Ipv6FirewallSpec, Nat64Spec, Nptv6Spec } from '../format/spec-types';
import { initialNetLinkProps } from './link-convert';

/** What every box has. */
interface Box extends NetNode {
  attachOutside(segment: Segment, ip: string | readonly string[], opts?: { ifname?: string; link?: LinkProps; gateway?: string }): unknown;
  attachInside(segment: Segment, ip: string | readonly string[], opts?: { ifname?: string; link?: LinkProps }): unknown;
}

/** An attachment's addresses (primary first). */
export function addressesOf(a: AttachmentSpec): string | readonly string[] {
  return a.moreIps ? [a.ip, ...a.moreIps] : a.ip;
}

/** Attaches a box's sides and sets its gateways (`gateways` when there is one per family, else `gateway`). */
export function attachBox(world: World, box: Box, spec: { outside: AttachmentSpec; inside: AttachmentSpec; gateway: string | null; gateways?: readonly string[] }): void {
  box.attachOutside(world.getNetwork(spec.outside.network), addressesOf(spec.outside), { ifname: spec.outside.ifname, link: initialNetLinkProps(spec.outside.link) });
  box.attachInside(world.getNetwork(spec.inside.network), addressesOf(spec.inside), { ifname: spec.inside.ifname, link: initialNetLinkProps(spec.inside.link) });
  for (const gw of spec.gateways ?? (spec.gateway ? [spec.gateway] : [])) box.setDefaultGateway(gw);
}

/** An `ipv6Firewalls` entry. */
export function buildIpv6Firewall(world: World, f: Ipv6FirewallSpec): Ipv6FirewallNode {
  const node = world.add(new Ipv6FirewallNode(world.sim, f.name, f.settings, `topology.ipv6Firewalls.${f.name}`));
  attachBox(world, node, f);
  return node;
}

/** A `nat64s` entry. */
export function buildNat64(world: World, n: Nat64Spec): Nat64Node {
  const node = world.add(new Nat64Node(world.sim, n.name, n.settings, `topology.nat64s.${n.name}`));
  attachBox(world, node, n);
  return node;
}

/** An `nptv6s` entry. */
export function buildNptv6(world: World, n: Nptv6Spec): Nptv6Node {
  const node = world.add(new Nptv6Node(world.sim, n.name, n.settings, `topology.nptv6s.${n.name}`));
  attachBox(world, node, n);
  return node;
}

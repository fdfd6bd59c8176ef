/** Builders that put NAT and firewall boxes into a World. */
import type { World } from '../net/world';
import type { LinkProps } from '../net/link-props';
import type { NatInit } from './nat-config';
import { NatNode } from './nat-node';
import type { FirewallInit } from './firewall-config';
import { FirewallNode } from './firewall-node';

/** Where a box's outside attaches. */
export interface OutsideInit {
  network: string;
  ip: string;
  /** Default gateway on the outside network, when the outside is not flat. */
  gateway?: string;
  link?: LinkProps;
}

/** Where a box's inside attaches. */
export interface InsideInit {
  network: string;
  ip: string;
  link?: LinkProps;
}

/** Options for addNat. */
export interface AddNatInit {
  /** RFC 4787 settings or a preset. @default {} (natsim's defaults) */
  settings?: NatInit;
  outside: OutsideInit;
  inside: InsideInit[];
  /** Config path for errors. @default `nats.<name>` */
  path?: string;
}

/** Creates a NAT, attaches it and registers it in the world. */
export function addNat(world: World, name: string, init: AddNatInit): NatNode {
  return placeBox(world, new NatNode(world.sim, name, init.settings ?? {}, init.path), init);
}

/** Options for addFirewall. */
export interface AddFirewallInit {
  settings?: FirewallInit;
  outside: OutsideInit;
  inside: InsideInit[];
  path?: string;
}

/** Creates a firewall, attaches it and registers it in the world. */
export function addFirewall(world: World, name: string, init: AddFirewallInit): FirewallNode {
  return placeBox(world, new FirewallNode(world.sim, name, init.settings ?? {}, init.path), init);
}

/** Registers `box` in the world and attaches its outside (with its gateway) and its insides. */
function placeBox<B extends NatNode | FirewallNode>(world: World, box: B, init: { outside: OutsideInit; inside: readonly InsideInit[] }): B {
  world.add(box);
  box.attachOutside(world.getNetwork(init.outside.network), init.outside.ip, { link: init.outside.link, gateway: init.outside.gateway });
  for (const i of init.inside) box.attachInside(world.getNetwork(i.network), i.ip, { link: i.link });
  return box;
}

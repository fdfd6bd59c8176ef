/**
 * World: one simulated network. Owns the Sim (clock, RNG, trace), the networks and the nodes, and runs virtual
 * time. Builders here cover hosts, routers and networks; layers above add NATs, firewalls and agents with add().
 */
import { RunStop } from '../sim/scheduler';
import { Sim, SimInit } from '../sim/sim';
import { MS } from '../sim/time';
import { AddressBook } from './address-book';
import { parseNetPrefix } from './cidr6';
import { TopologyError } from './errors';
import { Host } from './host';
import type { LinkProps } from './link-props';
import type { NetNode } from './net-node';
import { Router } from './router';
import { Segment } from './segment';

/** Options for a World (seed, trace level, runaway guards). */
export type WorldInit = SimInit;

/** Where a new host or router attaches. */
export interface AttachInit {
  /** Network name. */
  network: string;
  /** Address on that network, or several of either family (the first is primary), e.g. `['10.0.0.2', '2001:db8::2']`. */
  ip: string | readonly string[];
  /** Interface name. @default `eth<n>` */
  ifname?: string;
  /** Link property overrides for this interface's outbound direction. */
  link?: LinkProps;
}

/** Options for World.host(). */
export interface HostInit {
  /** Interfaces to attach, in order. */
  ifaces?: AttachInit[];
  /** Default gateway address (must be on an attached network); one per family for a dual-stack host. */
  gateway?: string | readonly string[];
}

/** A simulated network world. */
export class World {
  readonly sim: Sim;
  /** Address text caches shared by every host of this world (and, later, interned IPv6 addresses). */
  readonly addresses = new AddressBook();
  /** Networks by name. */
  private readonly networks = new Map<string, Segment>();
  /** Nodes by name. */
  private readonly nodes = new Map<string, NetNode>();

  constructor(init: WorldInit = {}) {
    this.sim = new Sim(init);
  }

  /** Virtual time in milliseconds. */
  get nowMs(): number {
    return this.sim.now / MS;
  }

  /**
   * Creates a network (subnet) with default link properties for its members. `cidr` is its prefix of either family
   * (`10.0.0.0/24`, `2001:db8:1::/64`), or one of each for a dual-stack network.
   */
  network(name: string, cidr: string | readonly string[], link: LinkProps = {}): Segment {
    if (this.networks.has(name)) throw new TopologyError(`network '${name}' already exists`);
    const seg = new Segment(this.sim, name, typeof cidr === 'string' ? parseNetPrefix(cidr) : cidr.map(parseNetPrefix), link);
    this.networks.set(name, seg);
    return seg;
  }

  /** The network called `name`; throws TopologyError listing the known names. */
  getNetwork(name: string): Segment {
    const seg = this.networks.get(name);
    if (!seg) throw new TopologyError(`unknown network '${name}' (known: ${[...this.networks.keys()].join(', ') || 'none'})`);
    return seg;
  }

  /** Every network, in creation order. */
  networkList(): Segment[] {
    return [...this.networks.values()];
  }

  /** Registers a node built elsewhere (NAT, firewall, ...). Names are unique. */
  add<T extends NetNode>(node: T): T {
    if (node.sim !== this.sim) throw new TopologyError(`${node.name} belongs to another world`);
    if (this.nodes.has(node.name)) throw new TopologyError(`a node named '${node.name}' already exists`);
    this.nodes.set(node.name, node);
    return node;
  }

  /** Creates a host, attaches its interfaces and sets its gateway. */
  host(name: string, init: HostInit = {}): Host {
    const host = this.add(new Host(this.sim, name, this.addresses));
    this.attachAll(host, init.ifaces ?? []);
    for (const gw of typeof init.gateway === 'string' ? [init.gateway] : init.gateway ?? []) host.setDefaultGateway(gw);
    return host;
  }

  /** Creates a router attached to the given networks. */
  router(name: string, ifaces: AttachInit[] = []): Router {
    const r = this.add(new Router(this.sim, name));
    this.attachAll(r, ifaces);
    return r;
  }

  /** Attaches `node` to each network in `ifaces`. */
  attachAll(node: NetNode, ifaces: AttachInit[]): void {
    for (const a of ifaces) node.attach(this.getNetwork(a.network), a.ip, { ifname: a.ifname, link: a.link });
  }

  /** The node called `name`; throws TopologyError listing the known names. */
  node(name: string): NetNode {
    const n = this.nodes.get(name);
    if (!n) throw new TopologyError(`unknown node '${name}' (known: ${[...this.nodes.keys()].join(', ') || 'none'})`);
    return n;
  }

  /** The host called `name`. */
  getHost(name: string): Host {
    const n = this.node(name);
    if (!(n instanceof Host)) throw new TopologyError(`node '${name}' is not a host`);
    return n;
  }

  /** Every node, in creation order. */
  nodeList(): NetNode[] {
    return [...this.nodes.values()];
  }

  /** Runs until nothing is scheduled. */
  runUntilIdle(): RunStop {
    return this.sim.scheduler.run();
  }

  /** Runs `ms` milliseconds of virtual time. */
  runFor(ms: number): RunStop {
    return this.sim.scheduler.runFor(Math.round(ms * MS));
  }

  /** Runs until `condition()` holds or `maxMs` milliseconds pass; true if the condition held. */
  runUntil(condition: () => boolean, maxMs: number): boolean {
    return this.sim.scheduler.run({ condition, until: this.sim.now + Math.round(maxMs * MS) }) === 'condition';
  }
}

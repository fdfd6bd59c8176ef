/**
 * A ready-made simulated world for NAT discovery (used by `natsim discover` and the tests): an RFC 5780 server
 * with two addresses on the Internet, and a client on a LAN behind one NAT, a NAT behind a carrier NAT, or a
 * firewall. runDiscovery() runs discoverNat() in any world until it reports.
 *
 *   client 192.168.1.10 -- lan -- [box 192.168.1.1 | 198.51.100.10] -- internet -- stun 198.51.100.1 + .2
 *   with a carrier NAT: home 100.64.0.10 -- isp 100.64.0.0/10 -- carrier 100.64.0.1 | 198.51.100.10
 */
import { addFirewall, addNat } from '../../nat/add-nat';
import type { FirewallInit } from '../../nat/firewall-config';
import type { NatInit } from '../../nat/nat-config';
import type { Host } from '../../net/host';
import { World } from '../../net/world';
import type { TraceLevel } from '../../sim/trace';
import { discoverNat } from './discovery';
import type { DiscoveryInit, DiscoveryResult } from './discovery-types';
import { DiscoveryIncompleteError } from './errors';
import { StunServer } from './stun-server';
import type { TransportAddress } from './transport-address';

/** The server's two addresses and ports (RFC 5780 §6: A1, A2 x P1, P2). */
export const LAB_SERVER = Object.freeze({ addresses: ['198.51.100.1', '198.51.100.2'], ports: [3478, 3479] });

/** Options of buildDiscoveryLab. Give `nat` or `firewall`. */
export interface DiscoveryLabInit {
  /** World seed. @default 1 */
  seed?: number;
  /** The client's NAT (use { preset: 'open' } for no translation). */
  nat?: NatInit;
  /** A second NAT between `nat` and the Internet (a carrier-grade NAT, say). @default none */
  carrierNat?: NatInit;
  /** A firewall instead of a NAT. */
  firewall?: FirewallInit;
  /** One-way latency on the Internet, ms (the LANs have 1 ms). @default 10 */
  latencyMs?: number;
  /** Trace level. @default 'full' */
  trace?: TraceLevel;
}

/** A built lab. */
export interface DiscoveryLab {
  readonly world: World;
  readonly client: Host;
  readonly server: StunServer;
  /** A1:P1, where discovery starts. */
  readonly serverAddress: TransportAddress;
}

/** Builds the lab world; the server is started. Throws NatConfigError for bad NAT settings. */
export function buildDiscoveryLab(init: DiscoveryLabInit): DiscoveryLab {
  const world = new World({ seed: init.seed ?? 1, trace: init.trace ?? 'full' });
  world.network('internet', '198.51.100.0/24', { latency: init.latencyMs ?? 10 });
  world.network('lan', '192.168.1.0/24', { latency: 1 });
  const boxOutside = { network: 'internet', ip: '198.51.100.10' };
  const inside = [{ network: 'lan', ip: '192.168.1.1' }];
  if (init.firewall) {
    addFirewall(world, 'firewall', { settings: init.firewall, outside: boxOutside, inside });
  } else if (init.carrierNat) {
    world.network('isp', '100.64.0.0/10', { latency: 2 });
    addNat(world, 'carrier', { settings: init.carrierNat, outside: boxOutside, inside: [{ network: 'isp', ip: '100.64.0.1' }] });
    addNat(world, 'home', { settings: init.nat ?? {}, outside: { network: 'isp', ip: '100.64.0.10', gateway: '100.64.0.1' }, inside });
  } else {
    addNat(world, 'nat', { settings: init.nat ?? {}, outside: boxOutside, inside });
  }
  const [a1, a2] = LAB_SERVER.addresses;
  const stunHost = world.host('stun', { ifaces: [{ network: 'internet', ip: a1 }, { network: 'internet', ip: a2 }] });
  // Without translation (an open NAT, a firewall) replies go to the LAN address itself.
  stunHost.addRoute('192.168.1.0/24', boxOutside.ip);
  const client = world.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.10' }], gateway: '192.168.1.1' });
  const server = new StunServer(stunHost.env('stun-server'), LAB_SERVER).start();
  return { world, client, server, serverAddress: server.primary };
}

/**
 * Runs discovery from `client` against `server` and advances `world` until it reports.
 * @param maxMs virtual-time budget @default 24 h
 * @throws DiscoveryIncompleteError if it has not reported within `maxMs`
 */
export function runDiscovery(world: World, client: Host, server: TransportAddress, init: DiscoveryInit = {}, maxMs = 24 * 3600_000): DiscoveryResult {
  let result: DiscoveryResult | undefined;
  const handle = discoverNat(client.env(init.agent ?? 'stun-discovery'), server, init, (r) => (result = r));
  world.runUntil(() => result !== undefined, maxMs);
  if (!result) {
    handle.cancel();
    throw new DiscoveryIncompleteError(`discovery from ${client.name} did not finish within ${maxMs} ms of virtual time`);
  }
  return result;
}

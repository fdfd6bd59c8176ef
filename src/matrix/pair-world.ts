/**
 * The world of one connectivity-matrix cell (after libwebrtc's P2PTransportChannel matrix): a public internet with
 * a STUN server and a TURN server, and two peers, alice and bob, each behind its own stack of NATs (none = a public
 * host). Addresses:
 *   internet 203.0.113.0/24 (10 ms): stun-server .2, turn-server .3, alice's public side .10, bob's .20
 *   alice: lan-alice 10.0.1.0/24 (1 ms), host .10, innermost NAT .1; cascades add isp networks 100.64.1x.0/24
 *   bob:   lan-bob   10.0.2.0/24 (1 ms), same shape with 2x
 * With an address-family kind on a side (nat-kinds.ts FAMILY_NATS) the internet is dual-stack (2001:db8:ff::/64 too)
 * with an ISP router at 2001:db8:ff::1 routing each side's 2001:db8:<1|2>::/64 to that side's box at
 * 2001:db8:ff::<1|2>0; the side's LAN is 2001:db8:<1|2>::/64 (plus 10.0.x.0/24 for dual-stack), host ::10, box ::1.
 * The STUN server stays IPv4-only; the TURN server is then dual-stack (2001:db8:ff::3 too, RFC 8656 §7.1), so an
 * IPv6-only side can allocate over IPv6 and be relayed on IPv4.
 */
import { World, type WorldInit } from '../net/world';
import type { Host } from '../net/host';
import { addFirewall, addNat } from '../nat/add-nat';
import type { FirewallPresetName } from '../nat/firewall-presets';
import { MatrixUsageError } from './errors';
import { DualStackNatNode } from '../nat/dual-stack-nat-node';
import { Ipv6FirewallNode } from '../nat/ipv6-firewall-node';
import { Nat64Node } from '../nat/nat64-node';
import type { NatInit } from '../nat/nat-config';
import { StunServer } from '../agents/stun/stun-server';
import { TurnServer } from '../agents/turn';

/** One side's NATs, outermost first; [] puts the peer's host directly on the internet. */
export type NatStack = readonly NatInit[];

/** An address-family side (nat-kinds.ts FAMILY_NATS). */
export interface FamilySide {
  readonly family: 'ipv6-firewall' | 'nat64' | 'dual-stack';
}

/** One side of a pair world: IPv4 NATs, or an address-family kind. */
export type SideSpec = NatStack | FamilySide;

function isFamilySide(s: SideSpec): s is FamilySide {
  return !Array.isArray(s);
}

/** Options of a pair world. */
export interface PairWorldInit {
  readonly alice: SideSpec;
  readonly bob: SideSpec;
  /** Start a TURN server. @default true */
  readonly turn?: boolean;
  /** World options (seed, trace level). @default {} */
  readonly world?: WorldInit;
  /**
   * A firewall preset (src/nat/firewall-presets.ts, e.g. `udp-blocked`) at the edge of each IPv4 side, between its
   * outermost NAT (or its host) and the internet, as a corporate network has. The TURN server then also listens
   * on TCP, at port 443 for UDP and TCP both (the fallback a browser makes: TURN over TCP on 443).
   * @default none
   */
  readonly firewall?: FirewallPresetName;
}

/** The TURN port of a pair world: 3478, or 443 behind a firewall (matrix --firewall). */
export function pairTurnServer(firewall: FirewallPresetName | undefined): { address: string; port: number } {
  return firewall ? { address: PAIR_WORLD.turnServer.address, port: 443 } : PAIR_WORLD.turnServer;
}

/** Well-known addresses of a pair world. */
export const PAIR_WORLD = Object.freeze({
  stunServer: { address: '203.0.113.2', port: 3478 },
  turnServer: { address: '203.0.113.3', port: 3478 },
  /** The TURN server's IPv6 address in a world with an address-family kind (it is dual-stack there, RFC 8656 §7.1). */
  turnServer6: { address: '2001:db8:ff::3', port: 3478 },
  realm: 'natsim',
  users: Object.freeze({ alice: 'alice-secret', bob: 'bob-secret' }) as Readonly<Record<'alice' | 'bob', string>>,
});

/** A built pair world. */
export interface PairWorld {
  readonly world: World;
  readonly alice: Host;
  readonly bob: Host;
  /** NAT node names per side, outermost first. */
  readonly nats: { readonly alice: readonly string[]; readonly bob: readonly string[] };
  readonly stun: StunServer;
  readonly turn?: TurnServer;
}

/** Names of a side's NATs, outermost first: [nat-x], [outer-nat-x, nat-x], [outer2-nat-x, outer-nat-x, nat-x]. */
function natNames(side: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => {
    const depth = n - 1 - k; // 0 = innermost
    return depth === 0 ? `nat-${side}` : depth === 1 ? `outer-nat-${side}` : `outer${depth}-nat-${side}`;
  });
}

function buildSide(w: World, side: 'alice' | 'bob', index: number, spec: SideSpec, firewall?: FirewallPresetName): { host: Host; nats: string[] } {
  if (isFamilySide(spec)) {
    if (firewall) throw new MatrixUsageError('firewall', `'${firewall}' applies to the IPv4 NAT kinds only, not to '${spec.family}'`);
    return buildFamilySide(w, side, index, spec);
  }
  const stack = spec;
  const publicIp = `203.0.113.${index * 10}`;
  let outside = { network: 'internet', ip: publicIp } as { network: string; ip: string; gateway?: string };
  const fwName = `fw-${side}`;
  if (firewall) {
    // The edge: firewall-<side> owns the public address; behind it a small routed network to the NATs (RFC 1918
    // space is taken by the LANs, so 198.18.0.0/15, RFC 2544's benchmarking block). No translation at the firewall.
    const edge = `edge-${side}`;
    w.network(edge, `198.18.${index}.0/24`, { latency: 1 });
    addFirewall(w, fwName, { settings: { preset: firewall }, outside: { network: 'internet', ip: publicIp, gateway: '203.0.113.1' }, inside: [{ network: edge, ip: `198.18.${index}.1` }], path: `matrix.firewall` });
    outside = { network: edge, ip: `198.18.${index}.2`, gateway: `198.18.${index}.1` };
  }
  if (stack.length === 0) {
    return { host: w.host(side, { ifaces: [{ network: outside.network, ip: outside.ip }], ...(outside.gateway ? { gateway: outside.gateway } : {}) }), nats: firewall ? [fwName] : [] };
  }
  const names = natNames(side, stack.length);
  stack.forEach((settings, k) => {
    const last = k === stack.length - 1;
    const net = last ? `lan-${side}` : `isp${k}-${side}`;
    const prefix = last ? `10.0.${index}` : `100.64.${index * 10 + k}`;
    w.network(net, `${prefix}.0/24`, { latency: last ? 1 : 2 });
    addNat(w, names[k], { settings, outside, inside: [{ network: net, ip: `${prefix}.1` }], path: `matrix.${side}.nats[${k}]` });
    outside = { network: net, ip: `${prefix}.2`, gateway: `${prefix}.1` };
  });
  const lan = `10.0.${index}`;
  return { host: w.host(side, { ifaces: [{ network: `lan-${side}`, ip: `${lan}.10` }], gateway: `${lan}.1` }), nats: firewall ? [fwName, ...names] : names };
}

/** The box of an address-family side (see the file comment for addresses). */
function buildFamilySide(w: World, side: 'alice' | 'bob', index: number, spec: FamilySide): { host: Host; nats: string[] } {
  const v4 = `203.0.113.${index * 10}`;
  const v6 = `2001:db8:ff::${index}0`;
  const lan = `lan-${side}`;
  const name = `nat-${side}`;
  const path = `matrix.${side}`;
  if (spec.family === 'ipv6-firewall') {
    w.network(lan, `2001:db8:${index}::/64`, { latency: 1 });
    const fw = w.add(new Ipv6FirewallNode(w.sim, name, { preset: 'rfc6092' }, path));
    fw.attachOutside(w.getNetwork('internet'), v6, { gateway: '2001:db8:ff::1' });
    fw.attachInside(w.getNetwork(lan), `2001:db8:${index}::1`);
    return { host: w.host(side, { ifaces: [{ network: lan, ip: `2001:db8:${index}::10` }], gateway: `2001:db8:${index}::1` }), nats: [name] };
  }
  if (spec.family === 'nat64') {
    w.network(lan, `2001:db8:${index}::/64`, { latency: 1 });
    const nat = w.add(new Nat64Node(w.sim, name, {}, path));
    nat.attachOutside(w.getNetwork('internet'), [v4, v6], { gateway: '2001:db8:ff::1' });
    nat.attachInside(w.getNetwork(lan), `2001:db8:${index}::1`);
    const host = w.host(side, { ifaces: [{ network: lan, ip: `2001:db8:${index}::10` }], gateway: `2001:db8:${index}::1`, nat64Prefix: '64:ff9b::/96' });
    return { host, nats: [name] };
  }
  w.network(lan, [`10.0.${index}.0/24`, `2001:db8:${index}::/64`], { latency: 1 });
  const box = w.add(new DualStackNatNode(w.sim, name, { nat: { preset: 'port-restricted-cone' }, ipv6Firewall: { preset: 'rfc6092' } }, path));
  box.attachOutside(w.getNetwork('internet'), [v4, v6]);
  box.setDefaultGateway('2001:db8:ff::1');
  box.attachInside(w.getNetwork(lan), [`10.0.${index}.1`, `2001:db8:${index}::1`]);
  const host = w.host(side, { ifaces: [{ network: lan, ip: [`10.0.${index}.10`, `2001:db8:${index}::10`] }], gateway: [`10.0.${index}.1`, `2001:db8:${index}::1`] });
  return { host, nats: [name] };
}

/** Builds the world and starts the servers (they are listening once the world has run for 1 ms). */
export function buildPairWorld(init: PairWorldInit): PairWorld {
  const w = new World(init.world ?? {});
  const dual = isFamilySide(init.alice) || isFamilySide(init.bob);
  w.network('internet', dual ? ['203.0.113.0/24', '2001:db8:ff::/64'] : '203.0.113.0/24', { latency: 10 });
  if (dual) {
    const isp = w.router('isp', [{ network: 'internet', ip: '2001:db8:ff::1' }]);
    for (const [index, s] of [[1, init.alice], [2, init.bob]] as const) {
      if (isFamilySide(s)) isp.addRoute(`2001:db8:${index}::/64`, `2001:db8:ff::${index}0`);
    }
  }
  const fw = init.firewall;
  // Behind firewalls the NATs' outsides are on edge networks: an ISP router routes them, and every public box uses it.
  const viaIsp = fw ? { gateway: '203.0.113.1' } : {};
  if (fw) {
    const isp = w.router('isp-edge', [{ network: 'internet', ip: '203.0.113.1' }]);
    for (const index of [1, 2]) isp.addRoute(`198.18.${index}.0/24`, `203.0.113.${index * 10}`);
  }
  w.host('stun-server', { ifaces: [{ network: 'internet', ip: PAIR_WORLD.stunServer.address }], ...viaIsp });
  // With an address-family kind the TURN server is dual-stack: an IPv6-only side allocates over IPv6 and is relayed
  // on IPv4 (the default family, RFC 8656 §7.2), which the IPv4-only side can reach.
  const turnIps = dual ? [PAIR_WORLD.turnServer.address, PAIR_WORLD.turnServer6.address] : PAIR_WORLD.turnServer.address;
  w.host('turn-server', { ifaces: [{ network: 'internet', ip: turnIps }], ...(dual ? { gateway: '2001:db8:ff::1' } : viaIsp) });
  const a = buildSide(w, 'alice', 1, init.alice, fw);
  const b = buildSide(w, 'bob', 2, init.bob, fw);
  const stun = new StunServer(w.getHost('stun-server').env('stun-server'), { ports: [PAIR_WORLD.stunServer.port] }).start();
  let turn: TurnServer | undefined;
  if (init.turn ?? true) {
    turn = new TurnServer(w.getHost('turn-server').env('turn-server'), {
      realm: PAIR_WORLD.realm, users: { ...PAIR_WORLD.users }, listenPort: pairTurnServer(fw).port, ...(fw ? { tcp: true } : {}),
      ...(dual ? { additionalListen: [{ address: PAIR_WORLD.turnServer6.address }], relayAddresses: [PAIR_WORLD.turnServer.address, PAIR_WORLD.turnServer6.address] } : {}),
    });
    turn.start();
  }
  return { world: w, alice: a.host, bob: b.host, nats: { alice: a.nats, bob: b.nats }, stun, ...(turn ? { turn } : {}) };
}

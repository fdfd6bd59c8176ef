/** Small builders shared by the network tests. */
import { World, WorldInit } from '../../src/net/world';
import type { LinkProps } from '../../src/net/link-props';
import type { Host } from '../../src/net/host';
import type { SimUdpSocket } from '../../src/net/sim-udp-socket';

/** Two hosts, a (10.0.0.1) and b (10.0.0.2), on one network `lan` whose members send with `link`. */
export function twoHosts(link: LinkProps = {}, init: WorldInit = {}): { world: World; a: Host; b: Host } {
  const world = new World(init);
  world.network('lan', '10.0.0.0/24', link);
  const a = world.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
  const b = world.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  return { world, a, b };
}

/** A received datagram with its arrival time in ms. */
export interface Arrival {
  at: number;
  data: string;
  from: string;
}

/** Binds a socket on `host` and records what arrives. */
export function listen(host: Host, port: number, world: World): { sock: SimUdpSocket; got: Arrival[] } {
  const got: Arrival[] = [];
  const sock = host.createSocket();
  sock.bind(port);
  sock.on('message', (msg, rinfo) => got.push({ at: world.nowMs, data: msg.toString(), from: `${rinfo.address}:${rinfo.port}` }));
  return { sock, got };
}

/**
 * Two routed networks: a (10.0.1.10) -- r1 -- transit 10.9.0.0/30 -- r2 -- b (10.0.2.10), static routes both ways.
 * `latency` applies to every network; `transitMtu` to what r1 sends onto the transit network.
 */
export function routedPair(opts: { latency?: number; transitMtu?: number } = {}): World {
  const w = new World();
  const link = opts.latency !== undefined ? { latency: opts.latency } : {};
  w.network('left', '10.0.1.0/24', link);
  w.network('transit', '10.9.0.0/30', link);
  w.network('right', '10.0.2.0/24', link);
  const r1 = w.router('r1', [
    { network: 'left', ip: '10.0.1.1' },
    { network: 'transit', ip: '10.9.0.1', ...(opts.transitMtu !== undefined ? { link: { mtu: opts.transitMtu } } : {}) },
  ]);
  const r2 = w.router('r2', [{ network: 'transit', ip: '10.9.0.2' }, { network: 'right', ip: '10.0.2.1' }]);
  r1.addRoute('10.0.2.0/24', '10.9.0.2');
  r2.addRoute('10.0.1.0/24', '10.9.0.1');
  w.host('a', { ifaces: [{ network: 'left', ip: '10.0.1.10' }], gateway: '10.0.1.1' });
  w.host('b', { ifaces: [{ network: 'right', ip: '10.0.2.10' }], gateway: '10.0.2.1' });
  return w;
}

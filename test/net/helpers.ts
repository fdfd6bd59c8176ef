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

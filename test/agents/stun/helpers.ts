/** Worlds and small helpers shared by the STUN agent tests. */
import { World, WorldInit } from '../../../src/net/world';
import type { Host } from '../../../src/net/host';
import type { LinkProps } from '../../../src/net/link-props';
import type { SimUdpSocket } from '../../../src/net/sim-udp-socket';
import type { RemoteInfo } from '../../../src/net/udp-socket.types';
import { decode, DecodedStunMessage } from '../../../src/protocols/stun';
import { TraceRecorder } from '../../../src/sim/trace';
import type { AgentEvent } from '../../../src/sim/trace-events';

/** Client host `a` (10.0.0.1) and server host `b` (10.0.0.2) on one network whose members send with `link`. */
export function pair(link: LinkProps = {}, init: WorldInit = {}): { world: World; a: Host; b: Host; rec: TraceRecorder } {
  const world = new World(init);
  world.network('lan', '10.0.0.0/24', link);
  const a = world.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
  const b = world.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  return { world, a, b, rec: new TraceRecorder(world.sim.trace) };
}

/** A raw socket on `host`:port that hands each decoded STUN message (and the socket) to `onMessage`. */
export function responder(host: Host, port: number,
  onMessage: (m: DecodedStunMessage, rinfo: RemoteInfo, sock: SimUdpSocket) => void): SimUdpSocket {
  const sock = host.createSocket();
  sock.bind(port);
  sock.on('message', (bytes, rinfo) => {
    const r = decode(bytes);
    if (r.ok) onMessage(r.message, rinfo, sock);
  });
  return sock;
}

/** Agent events of one agent, optionally one event name, as [time ms, event, data]. */
export function agentEvents(rec: TraceRecorder, agent: string, event?: string): { t: number; event: string; data: Record<string, unknown> }[] {
  return rec.ofKind('agent')
    .filter((e: AgentEvent) => e.agent === agent && (event === undefined || e.event === event))
    .map((e: AgentEvent) => ({ t: e.t / 1000, event: e.event, data: (e.data ?? {}) as Record<string, unknown> }));
}

/**
 * A small world for RFC 5382 tests with hand-built TCP segments:
 *
 *   a 192.168.1.20 ─ lan ─ natA (198.51.100.10) ─┐
 *   a2 192.168.1.21 ┘                             internet 198.51.100.0/24 ─ server 198.51.100.80
 *   b 192.168.2.30 ─ lan2 ─ natB (198.51.100.20) ─┘
 *
 * Every link 1 ms. Segments are put on the wire with `push` (from the host's interface to its gateway) and seen
 * arriving with `arrivals` (link events carrying TCP towards a given address, sent by another node). Every host
 * starts asleep, so its own TCP stack answers nothing (no RST for a SYN-ACK it never asked for): the tests see
 * the NAT alone. Wake a host to use its UDP sockets.
 */
import { World } from '../../src/net/world';
import { Datagram } from '../../src/net/datagram';
import { parseIpv4, formatIpv4 } from '../../src/net/ipv4';
import { IPPROTO_TCP, TCP_FLAG, tcpFlagsText } from '../../src/net/tcp-header';
import { addNat } from '../../src/nat/add-nat';
import type { NatInit } from '../../src/nat/nat-config';
import type { NatNode } from '../../src/nat/nat-node';
import { TraceRecorder } from '../../src/sim/trace';
import type { NetNode } from '../../src/net/net-node';

export const { SYN, ACK, FIN, RST, PSH } = TCP_FLAG;
export const SYNACK = SYN | ACK;

/** The world, its NATs and a recorder. */
export interface TcpWorld {
  w: World;
  natA: NatNode;
  natB: NatNode;
  rec: TraceRecorder;
  /** Sends one TCP segment from host `from` (its first interface) to `dst:dstPort`. */
  push(from: string, srcPort: number, dst: string, dstPort: number, flags: number, seq?: number, ack?: number, data?: string): void;
  /** TCP segments that arrived on the wire towards `ip`, as `src>dst FLAGS` (e.g. `198.51.100.80:443>192.168.1.20:5000 S.`). */
  arrivals(ip: string): string[];
  /** NAT drops as `reason` (TCP only). */
  drops(nat: string): string[];
}

/** Builds the world; natB defaults to the same settings as natA. `awake` keeps the hosts' TCP stacks running. */
export function tcpWorld(settingsA: NatInit, settingsB: NatInit = settingsA, awake = false): TcpWorld {
  const w = new World({ seed: 7 });
  w.network('lan', '192.168.1.0/24', { latency: 1 });
  w.network('lan2', '192.168.2.0/24', { latency: 1 });
  w.network('internet', '198.51.100.0/24', { latency: 1 });
  const natA = addNat(w, 'natA', { settings: settingsA, outside: { network: 'internet', ip: '198.51.100.10' },
    inside: [{ network: 'lan', ip: '192.168.1.1' }] });
  const natB = addNat(w, 'natB', { settings: settingsB, outside: { network: 'internet', ip: '198.51.100.20' },
    inside: [{ network: 'lan2', ip: '192.168.2.1' }] });
  w.host('a', { ifaces: [{ network: 'lan', ip: '192.168.1.20' }], gateway: '192.168.1.1' });
  w.host('a2', { ifaces: [{ network: 'lan', ip: '192.168.1.21' }], gateway: '192.168.1.1' });
  w.host('b', { ifaces: [{ network: 'lan2', ip: '192.168.2.30' }], gateway: '192.168.2.1' });
  w.host('server', { ifaces: [{ network: 'internet', ip: '198.51.100.80' }] });
  if (!awake) for (const h of ['a', 'a2', 'b', 'server']) w.getHost(h).sleep();
  const rec = new TraceRecorder(w.sim.trace);
  const gateways: Record<string, string> = { a: '192.168.1.1', a2: '192.168.1.1', b: '192.168.2.1' };
  return {
    w, natA, natB, rec,
    push(from, srcPort, dst, dstPort, flags, seq = 1000, ack = 0, data = '') {
      const host = w.getHost(from);
      const iface = host.ifaces[0];
      const d = parseIpv4(dst);
      const pkt = new Datagram(w.sim.packetId(), iface.ip, srcPort, d, dstPort, 64, Buffer.from(data), false,
        IPPROTO_TCP, { seq, ack, flags, window: 65535 });
      const hop = gateways[from] !== undefined && !iface.prefix.contains(d) ? parseIpv4(gateways[from]) : d;
      iface.transmit(pkt, hop);
    },
    arrivals(ip) {
      const n = parseIpv4(ip);
      const owner = ownerOf(w, n);
      const nets = new Set(owner.ifaces.map((i) => i.segment.name));
      return rec.ofKind('link').filter((e) => e.pkt.dst === n && e.pkt.tcp && nets.has(e.link) && e.node !== owner.name)
        .map((e) => `${formatIpv4(e.pkt.src)}:${e.pkt.srcPort}>${formatIpv4(e.pkt.dst)}:${e.pkt.dstPort} ${tcpFlagsText(e.pkt.tcp!.flags)}`);
    },
    drops(nat) {
      return rec.ofKind('dropped').filter((e) => e.node === nat && e.pkt.tcp).map((e) => e.reason);
    },
  };
}

function ownerOf(w: World, ip: number): NetNode {
  const node = w.nodeList().find((n) => n.ifaces.some((i) => i.ip === ip));
  if (!node) throw new Error(`no node owns ${formatIpv4(ip)}`);
  return node;
}

/** Seconds and minutes in ms (the unit of World.runFor). */
export const S = 1000;
export const MIN = 60 * S;

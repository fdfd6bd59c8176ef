/** Builders shared by the TCP tests: two hosts with per-direction link settings, and a bulk transfer. */
import { World } from '../../../src/net/world';
import type { LinkProps } from '../../../src/net/link-props';
import type { Host } from '../../../src/net/host';
import type { SimTcpSocket } from '../../../src/net/tcp/sim-tcp-socket';
import type { TraceEvent } from '../../../src/sim/trace-events';
import type { Datagram } from '../../../src/net/datagram';
import { TCP_FLAG, tcpFlagsText } from '../../../src/net/tcp-header';

/** a (10.0.0.1) and b (10.0.0.2) on `lan`; `ab` applies to what a sends, `ba` to what b sends. */
export function tcpPair(ab: LinkProps = {}, ba: LinkProps = {}, seed: number | string = 1): { world: World; a: Host; b: Host; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const world = new World({ seed });
  world.sim.trace.subscribe((e) => events.push(e));
  world.network('lan', '10.0.0.0/24', { latency: 5 });
  const a = world.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1', link: { latency: 5, ...ab } }] });
  const b = world.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2', link: { latency: 5, ...ba } }] });
  return { world, a, b, events };
}

/** Deterministic test bytes. */
export function pattern(n: number, salt = 7): Buffer {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + salt + (i >> 8)) & 255;
  return out;
}

/** What a transfer observed. */
export interface TransferResult {
  received: Buffer;
  serverEnded: boolean;
  clientClosed: boolean;
  serverClosed: boolean;
  clientError: string | undefined;
  serverError: string | undefined;
  client: SimTcpSocket;
}

/** a connects to b:80 and sends `data` then ends; b collects it. Runs until idle or `maxMs`. */
export function transfer(world: World, a: Host, b: Host, data: Buffer, opts: { chunk?: number; maxMs?: number } = {}): TransferResult {
  const got: Buffer[] = [];
  const r = { serverEnded: false, clientClosed: false, serverClosed: false, clientError: undefined as string | undefined, serverError: undefined as string | undefined };
  const server = b.createTcpServer();
  server.on('connection', (s) => {
    s.on('data', (d: Buffer) => got.push(d));
    s.on('end', () => (r.serverEnded = true));
    s.on('error', (e: Error & { code?: string }) => (r.serverError = e.code));
    s.on('close', () => (r.serverClosed = true));
  });
  server.listen(80);
  const client = a.connectTcp({ host: '10.0.0.2', port: 80 });
  client.on('error', (e: Error & { code?: string }) => (r.clientError = e.code));
  client.on('close', () => (r.clientClosed = true));
  client.on('connect', () => {
    const chunk = opts.chunk ?? 8192;
    for (let i = 0; i < data.length; i += chunk) client.write(data.subarray(i, i + chunk));
    client.end();
  });
  client.on('data', () => undefined);
  world.runFor(opts.maxMs ?? 600_000);
  return { ...r, received: Buffer.concat(got), client: client as SimTcpSocket };
}

/** A TCP segment as the trace saw it leave a host. */
export interface SegmentSeen {
  t: number;
  node: string;
  flags: string;
  seq: number;
  ack: number;
  len: number;
  win: number;
  mss: number | undefined;
}

/** Every TCP segment a host sent ('sent' events), in order, with time in ms. */
export function segmentsSent(events: TraceEvent[], node?: string): SegmentSeen[] {
  const out: SegmentSeen[] = [];
  for (const e of events) {
    if (e.kind !== 'sent' || (node !== undefined && e.node !== node)) continue;
    const tcp = e.pkt.tcp;
    if (!tcp) continue;
    out.push({ t: e.t / 1000, node: e.node, flags: tcpFlagsText(tcp.flags), seq: tcp.seq, ack: tcp.ack, len: e.pkt.payload.byteLength, win: tcp.window, mss: tcp.mss });
  }
  return out;
}

/**
 * Makes `host` lose the `nth` (1-based) arriving TCP segment that `match` accepts, as the link would (traced
 * 'dropped' with reason link-loss), so a test can take away one segment of a chosen kind.
 */
export function loseSegment(host: Host, match: (pkt: Datagram) => boolean, nth = 1): { lost: Datagram[] } {
  const lost: Datagram[] = [];
  const receive = host.receive.bind(host);
  let seen = 0;
  host.receive = (pkt, iface) => {
    if (pkt.tcp && match(pkt) && ++seen === nth) {
      lost.push(pkt);
      return host.drop(pkt, 'link-loss', 'test');
    }
    receive(pkt, iface);
  };
  return { lost };
}

/** Matchers for loseSegment. */
export const isSyn = (p: Datagram): boolean => p.tcp!.flags === TCP_FLAG.SYN;
export const isSynAck = (p: Datagram): boolean => p.tcp!.flags === (TCP_FLAG.SYN | TCP_FLAG.ACK);
export const isPureAck = (p: Datagram): boolean => p.tcp!.flags === TCP_FLAG.ACK && p.payload.byteLength === 0;
export const hasData = (p: Datagram): boolean => p.payload.byteLength > 0;
export const isFin = (p: Datagram): boolean => (p.tcp!.flags & TCP_FLAG.FIN) !== 0;

/** Shared fixtures for the NAT core tests: addresses, a table factory, time units. */
import { parseIpv4 } from '../../src/net/ipv4';
import { Rng } from '../../src/sim/rng';
import { NatInit, NatTable } from '../../src/nat';

/** An endpoint as [ip (uint32), port]. */
export type Ep = readonly [number, number];

/** Parses `a.b.c.d:port` into an Ep. */
export function ep(text: string): Ep {
  const [ip, port] = text.split(':');
  return [parseIpv4(ip), Number(port)];
}

/** The NAT's external address in most tests. */
export const EXT = '192.0.2.1';
export const EXT_IP = parseIpv4(EXT);
/** A second external address for pooling tests. */
export const EXT2 = '192.0.2.2';
export const EXT2_IP = parseIpv4(EXT2);

/** Inside hosts. */
export const X = ep('10.0.0.2:5000');
export const Y = ep('10.0.0.3:6000');
/** Outside: a STUN server, the same server's other port, a peer, and a stranger nobody contacted. */
export const S = ep('198.51.100.1:3478');
export const S2 = ep('198.51.100.1:3479');
export const P = ep('203.0.113.9:7000');
export const Q = ep('233.252.0.1:9999');

/** One second and one millisecond in µs. */
export const SEC = 1_000_000;
export const MSEC = 1_000;

/** A table with externalIps [EXT] unless given, drawing from seed `seed`. */
export function table(init: NatInit = {}, seed: number | string = 1): NatTable {
  return new NatTable({ externalIps: [EXT], ...init }, new Rng(seed).fork('nat:test'));
}

/** Sends one outbound packet from `from` to `to` and returns its external port (throws if it failed). */
export function send(t: NatTable, now: number, from: Ep, to: Ep): number {
  const r = t.outbound(now, from[0], from[1], to[0], to[1]);
  if (!r.ok) throw new Error(`outbound failed: ${r.reason}`);
  return r.externalPort;
}

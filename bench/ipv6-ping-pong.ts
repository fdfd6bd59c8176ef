/**
 * The ping-pong workload over IPv6 (issue 11's bench figure `packetHopsPerSecIpv6`): `pairs` IPv6-only clients,
 * each on its own /64 behind one router, bounce 100-byte datagrams off a server on another /64 with udp6 sockets,
 * tracing off; one datagram in flight per client. There is no NAT on IPv6, so a router stands where natPingPong's
 * NATs are: per one-way trip there are 4 hops (client link, router, router's link, server host), as there.
 */
import { World } from '../src/net/world';
import { tryParseIpNumber } from '../src/net/ip-number';
import type { ExtraBenchmark } from './extra';

/** Wall seconds since `t0` (process.hrtime.bigint()). */
function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Runs the IPv6 ping-pong and returns hops and wall seconds. */
export function ipv6PingPong(pairs = 50, trips = 400_000): { hops: number; seconds: number } {
  const w = new World({ trace: 'off' });
  w.network('core', '2001:db8:ffff::/64', { latency: 5 });
  const ifaces = [{ network: 'core', ip: '2001:db8:ffff::1' }];
  for (let i = 0; i < pairs; i++) {
    w.network(`lan${i}`, `2001:db8:${i.toString(16)}::/64`, { latency: 1 });
    ifaces.push({ network: `lan${i}`, ip: `2001:db8:${i.toString(16)}::1` });
  }
  w.router('r', ifaces);
  const server = w.host('server', { ifaces: [{ network: 'core', ip: '2001:db8:ffff::100' }], gateway: '2001:db8:ffff::1' });
  const srv = server.createSocket('udp6').bind(3478);
  srv.on('message', (msg, r) => srv.send(msg, r.port, r.address));
  const serverIp = tryParseIpNumber('2001:db8:ffff::100')!;
  let left = trips;
  for (let i = 0; i < pairs; i++) {
    const h = w.host(`h${i}`, { ifaces: [{ network: `lan${i}`, ip: `2001:db8:${i.toString(16)}::10` }], gateway: `2001:db8:${i.toString(16)}::1` });
    const s = h.createSocket('udp6').bind(5000);
    const payload = new Uint8Array(100);
    s.on('message', () => {
      if (--left > 0) s.sendTo(payload, serverIp, 3478);
    });
    s.sendTo(payload, serverIp, 3478);
  }
  const t0 = process.hrtime.bigint();
  w.runUntil(() => left <= 0, 24 * 3600 * 1000);
  const seconds = since(t0);
  return { hops: (trips - Math.max(0, left)) * 2 * 4, seconds };
}

/** `packetHopsPerSecIpv6`: best of three runs after a warm-up. */
export const packetHopsPerSecIpv6: ExtraBenchmark = () => {
  ipv6PingPong(10, 20_000);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const r = ipv6PingPong();
    best = Math.max(best, r.hops / r.seconds);
  }
  return { metric: 'packetHopsPerSecIpv6', value: best, unit: 'hops/s' };
};

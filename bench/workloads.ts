/**
 * Benchmark workloads. Each returns what it measured; bench/run.ts prints them as JSON lines. Wall-clock timing
 * lives here (and in the CLI), never in the simulator.
 */
import { World } from '../src/net/world';
import { addNat } from '../src/nat/add-nat';
import { parseIpv4 } from '../src/net/ipv4';

/** Wall seconds since `t0` (process.hrtime.bigint()). */
function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** CPU seconds (user + system, every thread of the process) since `cpu0` (process.cpuUsage()). */
export function cpuSince(cpu0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(cpu0);
  return (c.user + c.system) / 1e6;
}

/** `a.b.c.d` for an unsigned 32-bit address. */
function dotted(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/**
 * Ping-pong through NATs with tracing off: `pairs` clients, each behind its own port-restricted NAT, bounce
 * datagrams off one public server; each client has one datagram in flight, so `pairs` is the number of concurrent
 * flows. Per one-way trip there are 4 hops (client link, NAT, NAT's link, server host) and one NAT translation.
 * Up to 65,000 pairs (LAN i is 10.(i >> 8).(i & 255).0/24; NAT i's outside address is 198.51.0.0/16 + 256 + i).
 */
export function natPingPong(pairs = 50, trips = 400_000): { hops: number; translations: number; seconds: number; cpuSeconds: number } {
  const w = new World({ trace: 'off' });
  w.network('internet', '198.51.0.0/16', { latency: 5 });
  const server = w.host('server', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
  const srv = server.createSocket().bind(3478);
  srv.on('message', (msg, r) => srv.send(msg, r.port, r.address));
  const serverIp = parseIpv4('198.51.100.1');
  let left = trips;
  for (let i = 0; i < pairs; i++) {
    const lan = `10.${i >> 8}.${i & 255}`;
    w.network(`lan${i}`, `${lan}.0/24`, { latency: 1 });
    addNat(w, `nat${i}`, { settings: { preset: 'port-restricted-cone' }, outside: { network: 'internet', ip: dotted(0xc6330100 + i) }, inside: [{ network: `lan${i}`, ip: `${lan}.1` }] });
    const h = w.host(`h${i}`, { ifaces: [{ network: `lan${i}`, ip: `${lan}.10` }], gateway: `${lan}.1` });
    const s = h.createSocket().bind(5000);
    const payload = new Uint8Array(100);
    s.on('message', () => {
      if (--left > 0) s.sendTo(payload, serverIp, 3478);
    });
    s.sendTo(payload, serverIp, 3478);
  }
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  w.runUntil(() => left <= 0, 24 * 3600 * 1000);
  const seconds = since(t0);
  const cpuSeconds = cpuSince(cpu0);
  const oneWayTrips = (trips - Math.max(0, left)) * 2;
  return { hops: oneWayTrips * 4, translations: oneWayTrips, seconds, cpuSeconds };
}

/**
 * Builds `nats` × `hostsPerNat` hosts (default 10,000: 100 NATs with 100 hosts per LAN; at most 256 NATs and
 * 65,000 hosts per NAT) and reports build time (wall, and CPU seconds of the process: user + system, GC threads
 * included, which a loaded machine inflates less than wall time) and heap growth per host. The world is returned too, so a caller
 * can keep it alive while measuring.
 */
export function bigWorld(nats = 100, hostsPerNat = 100): { hosts: number; buildSeconds: number; buildCpuSeconds: number; bytesPerHost: number; world: World } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const w = new World({ trace: 'off' });
  w.network('internet', '198.51.0.0/16');
  for (let n = 0; n < nats; n++) {
    w.network(`lan${n}`, `10.${n}.0.0/16`);
    addNat(w, `nat${n}`, { settings: { preset: 'port-restricted-cone' }, outside: { network: 'internet', ip: `198.51.${n}.1` }, inside: [{ network: `lan${n}`, ip: `10.${n}.0.1` }] });
    for (let h = 0; h < hostsPerNat; h++) {
      w.host(`h${n}-${h}`, { ifaces: [{ network: `lan${n}`, ip: `10.${n}.${1 + (h >> 8)}.${h & 255}` }], gateway: `10.${n}.0.1` });
    }
  }
  const buildSeconds = since(t0);
  const buildCpuSeconds = cpuSince(cpu0);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const hosts = nats * hostsPerNat;
  if (w.nodeList().length !== hosts + nats) throw new Error('world not built');
  return { hosts, buildSeconds, buildCpuSeconds, bytesPerHost: Math.round((after - before) / hosts), world: w };
}

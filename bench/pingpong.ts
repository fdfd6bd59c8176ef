/**
 * One workload on its own, for profiling and A/B runs (docs/performance.md, "Method"):
 *   node --cpu-prof bench/launch.js bench/pingpong.ts [flows=50] [rounds=3] [which=both|natsim|bare]
 * prints, round by round, natsim's and the bare loop's hops per second of wall time and of CPU time (user +
 * system; a loaded machine inflates it far less than wall time), and the fraction of the bare loop by each.
 */
import { loadavg } from 'os';
import { bareLoop } from './bare-loop';
import { natPingPong } from './workloads';

const flows = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 3);
const which = process.argv[4] ?? 'both';
natPingPong(10, 20_000);
bareLoop(10, 20_000);
const m = (x: number | undefined): string => (x === undefined ? '-' : (x / 1e6).toFixed(2));
for (let i = 0; i < rounds; i++) {
  const b = which === 'natsim' ? undefined : bareLoop(flows);
  const n = which === 'bare' ? undefined : natPingPong(flows);
  const [bw, bc] = b ? [b.hops / b.seconds, b.hops / b.cpuSeconds] : [];
  const [nw, nc] = n ? [n.hops / n.seconds, n.hops / n.cpuSeconds] : [];
  const f = (x: number | undefined, y: number | undefined): string => (x && y ? (x / y).toFixed(3) : '-');
  process.stdout.write(`flows ${flows} wall: bare ${m(bw)} M natsim ${m(nw)} M fraction ${f(nw, bw)} | cpu: bare ${m(bc)} M natsim ${m(nc)} M fraction ${f(nc, bc)} | load1 ${loadavg()[0].toFixed(2)}\n`);
}

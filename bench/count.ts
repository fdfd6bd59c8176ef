/**
 * A fixed amount of work for instruction counting (valgrind --tool=callgrind), which a loaded machine does not
 * disturb: `node bench/launch.js bench/count.ts <natsim|bare> <flows> <trips>`. A warm-up run of 20,000 trips
 * comes first; run it with two trip counts and subtract, so start-up, warm-up and compilation cancel out
 * (docs/performance.md, "Method").
 */
import { bareLoop } from './bare-loop';
import { natPingPong } from './workloads';

const which = process.argv[2] ?? 'natsim';
const flows = Number(process.argv[3] ?? 50);
const trips = Number(process.argv[4] ?? 20_000);
const run = which === 'bare' ? bareLoop : natPingPong;
run(flows, 20_000);
if (trips > 0) run(flows, trips);

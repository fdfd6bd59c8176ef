/**
 * Start-up benchmarks (docs/performance.md, "Start-up"): median wall seconds of whole processes, as a user starts
 * them: `natsim --version`, `natsim discover --preset symmetric --json` and `npm start` (every lesson), each beside
 * the `node -e 0` yardstick measured in the same run, interleaved with it, and the 1-minute load average. The CLI
 * runs compiled: a stale dist/ is rebuilt first (bin/build-stamp.js), so the figures never time ts-node.
 */
import { execFileSync, spawnSync } from 'child_process';
import { loadavg } from 'os';
import { join } from 'path';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'natsim.js');

/** One metric line of `npm run bench`. */
export interface StartUpMetric {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

/** Wall seconds of one run of a command (stdout and stderr discarded); throws if it fails. */
function wallSeconds(cmd: string, args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return s;
}

/** The commands timed, with how many runs each (after one warm-up run each). */
const COMMANDS: readonly { metric: string; cmd: string; args: readonly string[]; runs: number }[] = [
  { metric: 'startNodeYardstickSec', cmd: process.execPath, args: ['-e', '0'], runs: 9 },
  { metric: 'startVersionSec', cmd: process.execPath, args: [BIN, '--version'], runs: 9 },
  { metric: 'startDiscoverSec', cmd: process.execPath, args: [BIN, 'discover', '--preset', 'symmetric', '--json'], runs: 9 },
  { metric: 'startNpmStartSec', cmd: 'npm', args: ['start', '--silent'], runs: 3 },
];

/** Runs every start-up benchmark; the commands take turns, so a change in machine load hits them all alike. */
export function startUpMetrics(): StartUpMetric[] {
  const stamp = require(join(ROOT, 'bin', 'build-stamp.js')) as { buildState(root: string): { fresh: boolean } };
  if (!stamp.buildState(ROOT).fresh) execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { cwd: ROOT, stdio: 'ignore' });
  const load = loadavg()[0];
  for (const c of COMMANDS) wallSeconds(c.cmd, c.args); // warm-up: the file cache, not the figures
  const times = COMMANDS.map(() => [] as number[]);
  const rounds = Math.max(...COMMANDS.map((c) => c.runs));
  for (let i = 0; i < rounds; i++) {
    COMMANDS.forEach((c, k) => {
      if (i < c.runs) times[k].push(wallSeconds(c.cmd, c.args));
    });
  }
  return [
    ...COMMANDS.map((c, k) => ({ metric: c.metric, value: median(times[k]), unit: 's' })),
    { metric: 'startLoadAverage1m', value: (load + loadavg()[0]) / 2, unit: 'load' },
  ];
}

/**
 * The run-budget flags shared by every command that runs scenarios (`natsim run`, `natsim replay`), with their
 * defaults shown from RUN_GUARD_DEFAULTS, the one source of truth (src/sim/run-guard.ts).
 */
import type { Command } from 'commander';
import { RUN_GUARD_DEFAULTS as d } from '../../sim/run-guard';

/** Bytes in one MB as the --max-*-mb flags count them. */
const MB = 1024 * 1024;

/** Adds --max-events, --max-wall, --max-trace-mb, --max-report-mb and --max-memory-mb to a command. */
export function addRunLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-events <n>', `stop a run after n events (0: no limit; default ${d.maxEvents})`)
    .option('--max-wall <s>', `stop a run after s seconds of real time (0: no limit; default ${d.maxWallMs / 1000})`)
    .option('--max-trace-mb <mb>', `stop a run whose trace passes mb MB of trace.jsonl text, kept in memory or on disk (0: no limit; default ${d.maxTraceBytes / MB})`)
    .option('--max-report-mb <mb>', `stop a run whose report folder would pass mb MB on disk (0: no limit; default ${d.maxDiskBytes / MB})`)
    .option('--max-memory-mb <mb>', `stop a run that grows memory by more than mb MB (0: no limit; default ${d.maxMemoryBytes / MB})`);
}

/**
 * The budget flags shared by every command that runs or reads scenarios (`natsim run`, `replay`, `matrix`,
 * `validate`), with their defaults shown from RUN_GUARD_DEFAULTS and MAX_INPUT_BYTES, the sources of truth
 * (src/sim/run-guard.ts, src/scenario/format/limits.ts). src/cli/run-limits.ts parses them.
 */
import type { Command } from 'commander';
import { MAX_INPUT_BYTES } from '../../scenario/format/limits';
import { RUN_GUARD_DEFAULTS as d } from '../../sim/run-guard';

/** Bytes in one MB as the --max-*-mb flags count them. */
const MB = 1024 * 1024;

/** Each run budget flag and its help text. */
const RUN_LIMIT_OPTIONS = {
  events: ['--max-events <n>', `stop a run after n events (0: no limit; default ${d.maxEvents})`],
  wall: ['--max-wall <s>', `stop a run after s seconds of real time (0: no limit; default ${d.maxWallMs / 1000})`],
  trace: ['--max-trace-mb <mb>', `stop a run whose trace passes mb MB of trace.jsonl text, kept in memory or on disk (0: no limit; default ${d.maxTraceBytes / MB})`],
  report: ['--max-report-mb <mb>', `stop a run whose report folder would pass mb MB on disk (0: no limit; default ${d.maxDiskBytes / MB})`],
  memory: ['--max-memory-mb <mb>', `stop a run that grows memory by more than mb MB (0: no limit; default ${d.maxMemoryBytes / MB})`],
} as const;

/** A run budget flag, by short name. */
export type RunLimitOption = keyof typeof RUN_LIMIT_OPTIONS;

/** Every run budget flag, in --help order. */
export const ALL_RUN_LIMIT_OPTIONS = Object.keys(RUN_LIMIT_OPTIONS) as readonly RunLimitOption[];

/**
 * Adds run budget flags to a command: all of them (--max-events, --max-wall, --max-trace-mb, --max-report-mb and
 * --max-memory-mb) unless `which` names the ones that apply.
 */
export function addRunLimitOptions(cmd: Command, which: readonly RunLimitOption[] = ALL_RUN_LIMIT_OPTIONS): Command {
  for (const k of which) {
    const [flags, help] = RUN_LIMIT_OPTIONS[k];
    cmd.option(flags, help);
  }
  return cmd;
}

/** Adds --max-input-mb, the scenario file size limit. */
export function addInputLimitOption(cmd: Command): Command {
  return cmd.option('--max-input-mb <mb>', `refuse scenario files larger than mb MB (default ${MAX_INPUT_BYTES / MB})`);
}

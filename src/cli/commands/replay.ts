/** `natsim replay <report folder>`: re-runs a recorded run and checks its trace hash is identical. */
import type { Command } from 'commander';
import { processIo } from '../cli-io';
import { replayCommand } from '../replay-command';
import { RunLimitFlags, runLimitsFrom } from '../run-limits';
import { addRunLimitOptions } from './run-limit-options';

/** Registers `natsim replay`. */
export function register(program: Command): void {
  const cmd = program
    .command('replay')
    .description('re-run the scenario and seed recorded in a report folder; exit 0 if the trace is identical, 1 (with the first differing event) if not')
    .argument('<dir>', 'a report folder written by natsim run')
    .option('--scenario <file>', 'replay this scenario file instead of the copy in the folder');
  addRunLimitOptions(cmd)
    .action((dir: string, opts: { scenario?: string } & RunLimitFlags) => {
      process.exitCode = replayCommand(dir, processIo(), opts.scenario, runLimitsFrom(opts));
    });
}

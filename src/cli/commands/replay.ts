/** `natsim replay <report folder>`: re-runs a recorded run and checks its trace hash is identical. */
import type { Command } from 'commander';
import { processIo } from '../cli-io';
import { replayCommand } from '../replay-command';

/** Registers `natsim replay`. */
export function register(program: Command): void {
  program
    .command('replay')
    .description('re-run the scenario and seed recorded in a report folder; exit 0 if the trace is identical, 1 (with the first differing event) if not')
    .argument('<dir>', 'a report folder written by natsim run')
    .option('--scenario <file>', 'replay this scenario file instead of the copy in the folder')
    .action((dir: string, opts: { scenario?: string }) => {
      process.exitCode = replayCommand(dir, processIo(), opts.scenario);
    });
}

/** `natsim run <files or folders...>`: runs scenarios and sweep cells and checks their expectations. */
import type { Command } from 'commander';
import { processIo } from '../cli-io';
import { runCommand, RunOptions } from '../run-command';
import { addInputLimitOption, addRunLimitOptions } from './run-limit-options';

/** Registers `natsim run`. */
export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('run scenario files (folders are searched for .yaml/.yml/.json); exit 0 if every expectation holds, 1 if any fails, 2 on bad input')
    .argument('<paths...>', 'scenario files or folders')
    .option('--seed <n>', 'override every scenario\'s seed')
    .option('--out <dir>', 'report folder', 'reports')
    .option('--no-report', 'write no report folders')
    .option('--json', 'print one JSON line per run (per sweep cell) instead of text')
    .option('--jobs <n>', 'threads running scenarios, this one included (default: up to one per core; worker threads join once the runs left would take over 6 s on one thread, on cores that were idle)')
    .option('--shard <i/n>', 'run only shard i of n (runs are dealt round-robin)')
    .option('--verbose', 'list passing expectations too');
  addRunLimitOptions(addInputLimitOption(cmd))
    .action(async (paths: string[], opts: RunOptions) => {
      process.exitCode = await runCommand(paths, opts, processIo());
    });
}

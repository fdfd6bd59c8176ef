/** `natsim merge <dirs...>`: combines the report folders of `natsim run --shard i/n` runs into one. */
import type { Command } from 'commander';
import { processIo } from '../cli-io';
import { mergeCommand, MergeOptions } from '../merge-command';

/** Registers `natsim merge`. */
export function register(program: Command): void {
  program
    .command('merge')
    .description('combine the --out folders of `natsim run --shard i/n` runs into the reports one unsharded run writes; exit 0 if every run passed, 1 if any failed, 2 on missing, duplicate or mismatched shards')
    .argument('<dirs...>', 'the shards\' --out folders (all n shards of one run)')
    .option('--out <dir>', 'folder for the merged reports', 'reports')
    .option('--json', 'print the runs\' JSON lines (as natsim run --json) instead of text')
    .option('--verbose', 'list passing expectations too')
    .action((dirs: string[], opts: MergeOptions) => {
      process.exitCode = mergeCommand(dirs, opts, processIo());
    });
}

/** `natsim validate <files or folders...>`: checks scenario files without running them (exit 2 on any problem). */
import type { Command } from 'commander';
import { processIo } from '../cli-io';
import { maxInputBytesFrom, type RunLimitFlags } from '../run-limits';
import { validateCommand } from '../validate-command';
import { addInputLimitOption } from './run-limit-options';

/** Registers `natsim validate`. */
export function register(program: Command): void {
  const cmd = program
    .command('validate')
    .description('check scenario files (schema, references, addresses, buildability) without running them; exit 2 on any problem')
    .argument('<paths...>', 'scenario files or folders');
  addInputLimitOption(cmd)
    .action((paths: string[], opts: Pick<RunLimitFlags, 'maxInputMb'>) => {
      process.exitCode = validateCommand(paths, processIo(), { maxInputBytes: maxInputBytesFrom(opts) });
    });
}

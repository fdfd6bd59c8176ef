/** `natsim validate <files or folders...>`: checks scenario files without running them (exit 2 on any problem). */
import type { Command } from 'commander';
import { processIo } from '../cli-io';
import { validateCommand } from '../validate-command';

/** Registers `natsim validate`. */
export function register(program: Command): void {
  program
    .command('validate')
    .description('check scenario files (schema, references, addresses, buildability) without running them; exit 2 on any problem')
    .argument('<paths...>', 'scenario files or folders')
    .action((paths: string[]) => {
      process.exitCode = validateCommand(paths, processIo());
    });
}

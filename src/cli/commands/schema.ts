/** `natsim schema`: prints the scenario JSON Schema (draft-07) for editors (`# yaml-language-server: $schema=`). */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenario/format';

/** The schema text `natsim schema` prints (and scenarios/scenario.schema.json holds). */
export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema, null, 2)}\n`;
}

/** Registers `natsim schema`. */
export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (save it and point editors at it with # yaml-language-server: $schema=...)')
    .action(() => {
      process.stdout.write(schemaText());
    });
}

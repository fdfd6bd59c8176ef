/**
 * Every CLI subcommand, by name, in help order. Each module exports `register(program)`; it is loaded only when
 * needed (see program.ts), so `natsim --version` or `natsim discover` never loads the scenario, matrix or real-network
 * code it does not use.
 */
import type { Command } from 'commander';

/** A command module: `register(program)` adds the command, its options and its action. */
export interface CommandModule {
  register(program: Command): void;
}

/** Loaders of the command modules, keyed by command name, in help order. */
export const COMMANDS: Readonly<Record<string, () => CommandModule>> = {
  run: () => require('./run') as CommandModule,
  merge: () => require('./merge') as CommandModule,
  validate: () => require('./validate') as CommandModule,
  schema: () => require('./schema') as CommandModule,
  replay: () => require('./replay') as CommandModule,
  discover: () => require('./discover') as CommandModule,
  matrix: () => require('./matrix') as CommandModule,
  serve: () => require('./serve') as CommandModule,
  demo: () => require('./demo') as CommandModule,
  presets: () => require('./presets') as CommandModule,
  play: () => require('./play') as CommandModule,
};

/** Every CLI subcommand module; each exports register(program). */
import type { Command } from 'commander';
import * as demo from './demo';
import * as discover from './discover';
import * as matrix from './matrix';
import * as play from './play';
import * as presets from './presets';
import * as replay from './replay';
import * as run from './run';
import * as schema from './schema';
import * as serve from './serve';
import * as validate from './validate';

/** Registration functions, in help order. */
export const COMMANDS: ((program: Command) => void)[] = [
  run.register, validate.register, schema.register, replay.register, discover.register, matrix.register, serve.register, demo.register, presets.register, play.register,
];

/** Every CLI subcommand module; each exports register(program). */
import type { Command } from 'commander';
import * as demo from './demo';
import * as presets from './presets';

/** Registration functions, in help order. */
export const COMMANDS: ((program: Command) => void)[] = [demo.register, presets.register];

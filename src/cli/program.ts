/**
 * Builds the commander program from the command modules. Each module exports `register(program)`. Commander's
 * own usage errors (unknown option, missing argument) exit with code 2, like every other bad-input error.
 */
import { Command, CommanderError } from 'commander';
import { escapeControl } from '../scenario/format/escape-text';
import { CliUsageError, EXIT } from './cli-errors';
import { paint, useColour } from './output';
import { COMMANDS } from './commands';

/** The natsim program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('natsim')
    .description('Deterministic NAT / STUN / TURN / ICE network simulator')
    .version(require('../../package.json').version as string)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Parses argv and runs the command; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  process.exitCode = undefined; // commands set it; a code left by an earlier in-process run must not leak into this one
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof CliUsageError || (err instanceof Error && /Error$/.test(err.name) && 'issues' in err)) {
      // ScenarioError lines are escaped issue by issue; a usage error may quote a flag or a path as typed.
      const message = err instanceof CliUsageError ? escapeControl(err.message) : (err as Error).message;
      process.stderr.write(`${paint('error', 'red', useColour(process.stderr))}: ${message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

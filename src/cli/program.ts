/**
 * Builds the commander program from the command modules. Each module exports `register(program)`. Commander's
 * own usage errors (unknown option, missing argument) exit with code 2, like every other bad-input error.
 * Start-up: only the command being run is loaded (`natsim discover ...` loads discover alone, `natsim --version`
 * none); help, `natsim help` and unknown commands load them all, so help lists every command and commander can
 * suggest the nearest name.
 */
import { Command, CommanderError } from 'commander';
import { CliUsageError, EXIT } from './cli-errors';
import { paint, useColour } from './output';
import { COMMANDS } from './commands';

/**
 * The commands argv needs: the one named by its first word, none for a bare --version, otherwise all of them
 * (help, a misspelled command). Without argv: all.
 */
export function commandsFor(argv?: readonly string[]): string[] {
  const all = Object.keys(COMMANDS);
  if (!argv) return all;
  const args = argv.slice(2);
  const first = args.find((a) => !a.startsWith('-'));
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first];
  if (first === undefined && args.length > 0 && args.every((a) => a === '-V' || a === '--version')) return [];
  return all;
}

/** The natsim program with the subcommands `argv` needs registered (every one without argv). */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command('natsim')
    .description('Deterministic NAT / STUN / TURN / ICE network simulator')
    .version(require('../../package.json').version as string)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const name of commandsFor(argv)) COMMANDS[name]().register(program);
  return program;
}

/** Parses argv and runs the command; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
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
      // Loaded here, not at start-up: start-up loads no scenario module (test/cli/startup*).
      const { escapeControl } = require('../scenario/format/escape-text') as typeof import('../scenario/format/escape-text');
      const message = err instanceof CliUsageError ? escapeControl(err.message) : (err as Error).message;
      process.stderr.write(`${paint('error', 'red', useColour(process.stderr))}: ${message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

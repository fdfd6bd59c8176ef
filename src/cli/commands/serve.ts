/**
 * `natsim serve stun|turn`: natsim's own STUN (RFC 8489 / RFC 5780) and TURN (RFC 8656) servers on real UDP
 * sockets, until SIGINT or SIGTERM. One log line per allocation, error, dropped or rejected packet (src/real
 * ServerLog). Exit 0 after a signal, 1 when the server cannot start (port in use), 2 for bad flags.
 */
import type { Command } from 'commander';
import { StunServerConfigError } from '../../agents/stun/errors';
import { TurnConfigError } from '../../protocols/turn';
import {
  RealOptionError,
  RealService,
  ServerLog,
  ServiceStartError,
  startStunService,
  startTurnService,
} from '../../real';
import { CliUsageError, EXIT } from '../cli-errors';

/** Options of `natsim serve stun`. */
interface StunFlags {
  listen: string;
  alt?: string;
  software?: string;
  verbose?: boolean;
}

/** Options of `natsim serve turn`. */
interface TurnFlags {
  listen: string;
  realm: string;
  user: string[];
  authSecret?: string;
  relayPorts?: string;
  relayIp?: string;
  /** false with --strict-channels: only RFC 8656's 0x4000-0x4FFF. */
  legacyChannels?: boolean;
  verbose?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Starts a service, then waits for SIGINT/SIGTERM and stops it. Bad options become CliUsageError. */
export async function serveUntilSignal(start: () => Promise<RealService>, log: ServerLog): Promise<void> {
  let service: RealService;
  try {
    service = await start();
  } catch (err) {
    if (err instanceof RealOptionError || err instanceof StunServerConfigError || err instanceof TurnConfigError) {
      throw new CliUsageError(err.message);
    }
    if (err instanceof ServiceStartError) {
      process.stderr.write(`natsim serve: ${err.message}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    throw err;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      service.close();
      log.flush();
      log.line('natsim', 'stopped', { signal });
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.exitCode = EXIT.ok;
}

/** Registers `natsim serve stun` and `natsim serve turn`. */
export function register(program: Command): void {
  const serve = program.command('serve').description('run natsim\'s STUN or TURN server on real UDP sockets (until Ctrl-C)');
  serve
    .command('stun')
    .description('STUN Binding server; with --alt an RFC 5780 server on two addresses and two ports')
    .requiredOption('--listen <ip:port>', 'primary address A1:P1, e.g. 127.0.0.1:3478')
    .option('--alt <ip:port>', 'alternate address A2:P2 for RFC 5780 (different IP and port), e.g. 127.0.0.2:3479')
    .option('--software <text>', 'SOFTWARE attribute', 'natsim')
    .option('--verbose', 'log every request (one `request` line each) and every server event, not only errors')
    .action(async (flags: StunFlags) => {
      const log = new ServerLog({ verbose: flags.verbose });
      await serveUntilSignal(() => startStunService({
        listen: flags.listen, alt: flags.alt, software: flags.software, log, logRequests: flags.verbose === true,
      }), log);
    });
  serve
    .command('turn')
    .description('TURN relay server (RFC 8656, UDP) with long-term credentials and/or a TURN REST secret')
    .requiredOption('--listen <ip:port>', 'listen address, e.g. 127.0.0.1:3478')
    .option('--realm <realm>', 'REALM of the long-term credentials', 'natsim')
    .option('--user <name:password>', 'a user (repeatable)', collect, [])
    .option('--auth-secret <secret>', 'TURN REST shared secret (like coturn --static-auth-secret)')
    .option('--relay-ports <a-b>', 'relay port range, e.g. 49152-65535')
    .option('--relay-ip <ip>', 'address of relayed transport addresses (default: the listen address)')
    .option('--no-legacy-channels', 'accept only RFC 8656 channel numbers 0x4000-0x4FFF (default: also RFC 5766\'s 0x5000-0x7FFF, which coturn\'s clients use)')
    .option('--verbose', 'log every server event, not only allocations and errors')
    .action(async (flags: TurnFlags) => {
      const log = new ServerLog({ verbose: flags.verbose });
      await serveUntilSignal(() => startTurnService({
        listen: flags.listen, realm: flags.realm, users: flags.user, authSecret: flags.authSecret,
        relayPorts: flags.relayPorts, relayIp: flags.relayIp, legacyChannelNumbers: flags.legacyChannels !== false, log,
      }), log);
    });
}

/**
 * `natsim serve stun|turn`: natsim's own STUN (RFC 8489 / RFC 5780) and TURN (RFC 8656) servers on real UDP
 * sockets, until SIGINT or SIGTERM. One log line per allocation, error, dropped or rejected packet (src/real
 * ServerLog). Exit 0 after a signal, 1 when the server cannot start (port in use), 2 for bad flags.
 */
import type { Command } from 'commander';
import { StunServerConfigError } from '../../agents/stun/errors';
import { DEFAULT_DENIED_PEER_RANGES, PRIVATE_PEER_RANGES, TurnConfigError } from '../../protocols/turn';
import {
  DEFAULT_SERVER_RECV_BUFFER,
  DEFAULT_STUN_MAX_REQUESTS,
  flagName,
  REAL_TURN_LIMITS,
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
  maxRequests: number;
  recvBuffer: number;
}

/** Options of `natsim serve turn`. */
interface TurnFlags {
  listen: string[];
  realm: string;
  user: string[];
  authSecret?: string;
  relayPorts?: string;
  relayIp?: string;
  relay: string[];
  /** false with --strict-channels: only RFC 8656's 0x4000-0x4FFF. */
  legacyChannels?: boolean;
  verbose?: boolean;
  allowPeer: string[];
  denyPeer: string[];
  privatePeers?: boolean;
  /** false with --no-tcp. */
  tcp?: boolean;
  tlsListen?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** Help of each limit flag (the defaults come from REAL_TURN_LIMITS). */
const LIMIT_HELP: Record<keyof typeof REAL_TURN_LIMITS, string> = {
  nonceLifetime: 'NONCE lifetime, seconds (RFC 8656 §5); must be > 0',
  userQuota: 'live allocations per user; 486 beyond (RFC 8656 §7.2); 0: no limit',
  maxAllocations: 'live allocations in total; 508 beyond; 0: no limit',
  maxPermissions: 'permissions per allocation; 508 beyond (RFC 8656 §10.2); 0: no limit',
  maxChannels: 'channels per allocation; 508 beyond (RFC 8656 §12.2); 0: no limit',
  maxBandwidth: 'relayed bytes/s per allocation and direction; more is dropped; 0: no limit',
  maxRequests: 'requests/s per source IP (burst twice that); more is dropped; 0: no limit',
  unauthBytes: 'bytes/s of answers to unauthenticated requests per source IP (burst 1500), the amplification budget; 0: no limit',
  recvBuffer: 'socket receive buffer to ask for, bytes (capped by net.core.rmem_max); 0: the system default',
  maxConnections: 'open TCP and TLS client connections in total; more are closed at once; 0: no limit',
};

/** A limit flag's value: a number >= 0 (0: no limit). */
function limitValue(flag: string): (text: string) => number {
  return (text) => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || v < 0) throw new CliUsageError(`--${flag}: '${text}' must be a number >= 0 (0: no limit)`);
    return v;
  };
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
    .requiredOption('--listen <ip:port>', 'primary address A1:P1, e.g. 127.0.0.1:3478 or [::1]:3478')
    .option('--alt <ip:port>', 'alternate address A2:P2 for RFC 5780 (different IP and port, same family), e.g. 127.0.0.2:3479')
    .option('--software <text>', 'SOFTWARE attribute', 'natsim')
    .option('--verbose', 'log every request (one `request` line each) and every server event, not only errors')
    .option('--max-requests <n>', 'requests/s per source IP (burst twice that); more is dropped; 0: no limit', limitValue('max-requests'), DEFAULT_STUN_MAX_REQUESTS)
    .option('--recv-buffer <n>', 'socket receive buffer to ask for, bytes (capped by net.core.rmem_max); 0: the system default', limitValue('recv-buffer'), DEFAULT_SERVER_RECV_BUFFER)
    .action(async (flags: StunFlags) => {
      const log = new ServerLog({ verbose: flags.verbose });
      await serveUntilSignal(() => startStunService({
        listen: flags.listen, alt: flags.alt, software: flags.software, log, maxRequests: flags.maxRequests, recvBufferBytes: flags.recvBuffer, logRequests: flags.verbose === true,
      }), log);
    });
  const turn = serve
    .command('turn')
    .description('TURN relay server (RFC 8656; clients over UDP, TCP and optionally TLS) with long-term credentials and/or a TURN REST secret')
    .option('--listen <ip:port>', 'listen address for UDP and TCP, e.g. 127.0.0.1:3478 or [::1]:3478 (required; repeatable: IPv4 and IPv6)', collect, [])
    .option('--no-tcp', 'do not listen on TCP (default: TCP on every --listen address and port too, RFC 8656 §3.1)')
    .option('--tls-listen <ip:port>', 'also serve TURN over TLS here, e.g. 0.0.0.0:5349 (needs --tls-cert and --tls-key)')
    .option('--tls-cert <file>', 'PEM certificate (chain) for --tls-listen')
    .option('--tls-key <file>', 'PEM private key for --tls-listen')
    .option('--realm <realm>', 'REALM of the long-term credentials', 'natsim')
    .option('--user <name:password>', 'a user (repeatable)', collect, [])
    .option('--auth-secret <secret>', 'TURN REST shared secret (like coturn --static-auth-secret)')
    .option('--relay-ports <a-b>', 'relay port range, e.g. 49152-65535')
    .option('--relay <ip>', 'relay address, e.g. 127.0.0.1 or ::1 (repeatable, one per family: both allow IPv6 and dual allocations, RFC 8656 §7.1; default: the first listen address of each family)', collect, [])
    .option('--relay-ip <ip>', 'one relay address (older spelling of a single --relay)')
    .option('--no-legacy-channels', 'accept only RFC 8656 channel numbers 0x4000-0x4FFF (default: also RFC 5766\'s 0x5000-0x7FFF, which coturn\'s clients use)')
    .option('--verbose', 'log every server event, not only allocations and errors')
    .option('--allow-peer <cidr>', 'relay to this address or prefix even if refused by default, e.g. 127.0.0.1 (repeatable)', collect, [])
    .option('--deny-peer <cidr>', 'never relay to this address or prefix, e.g. 198.51.100.0/24 (repeatable)', collect, [])
    .option('--private-peers', `relay to private ranges too (${PRIVATE_PEER_RANGES.map((r) => r.cidr).join(', ')}); refused by default`);
  for (const [key, help] of Object.entries(LIMIT_HELP) as [keyof typeof REAL_TURN_LIMITS, string][]) {
    const flag = flagName(key);
    turn.option(`--${flag} <n>`, help, limitValue(flag), REAL_TURN_LIMITS[key]);
  }
  turn.addHelpText('after', [
    '',
    `Peers refused unless --allow-peer (RFC 8656 §9.1: 403): ${DEFAULT_DENIED_PEER_RANGES.map((r) => r.cidr).join(', ')},`,
    'and the server\'s own addresses outside --relay-ports. The most specific prefix decides; see docs/real-network.md.',
  ].join('\n'));
  turn.action(async (flags: TurnFlags & Record<keyof typeof REAL_TURN_LIMITS, number>) => {
    const log = new ServerLog({ verbose: flags.verbose });
    const limits = Object.fromEntries(Object.keys(LIMIT_HELP).map((k) => [k, flags[k as keyof typeof REAL_TURN_LIMITS]]));
    await serveUntilSignal(() => startTurnService({
      listen: flags.listen, realm: flags.realm, users: flags.user, authSecret: flags.authSecret,
      relayPorts: flags.relayPorts, relayIp: flags.relayIp, relays: flags.relay, legacyChannelNumbers: flags.legacyChannels !== false, log,
      allowPeers: flags.allowPeer, denyPeers: flags.denyPeer, privatePeers: flags.privatePeers === true, limits,
      tcp: flags.tcp !== false, tls: { listen: flags.tlsListen, certFile: flags.tlsCert, keyFile: flags.tlsKey },
    }), log);
  });
}

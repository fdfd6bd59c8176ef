/**
 * natsim's TURN server (src/agents/turn, RFC 8656 over UDP) on real UDP sockets: `natsim serve turn`. Static users
 * (long-term credentials) and/or a TURN REST shared secret (coturn's --use-auth-secret); relay sockets on the
 * listen address (or --relay-ip) within --relay-ports.
 */
import { TurnServer } from '../agents/turn/turn-server';
import { parseHostPort, parsePortRange, parseUserPassword } from './host-port';
import { RealHostEnv } from './real-host-env';
import { RealOptionError, ServiceStartError } from './real-errors';
import type { ServerLog } from './server-log';
import type { RealService } from './stun-service';

/** Options of a real TURN service. */
export interface TurnServiceInit {
  /** Listen address `IP:PORT`. Required. */
  listen: string;
  /** REALM. @default 'natsim' */
  realm?: string;
  /** Static users as `name:password`. @default none */
  users?: readonly string[];
  /** TURN REST shared secret. @default none */
  authSecret?: string;
  /** Relay port range `a-b`. @default 49152-65535 */
  relayPorts?: string;
  /** Address of relayed transport addresses. @default the listen address */
  relayIp?: string;
  /** Log. @default no logging */
  log?: ServerLog;
  /**
   * Accept RFC 5766 channel numbers 0x5000-0x7FFF (see TurnServerInit.legacyChannelNumbers). On by default on a
   * real network, where real RFC 5766 clients connect: coturn's turnutils_uclient 4.6 picks channel numbers at
   * random in 0x4000-0x7FFF, and a strict RFC 8656 answer (400) made three of four of its ChannelBinds fail.
   * @default true
   */
  legacyChannelNumbers?: boolean;
}

/** A running TURN service and its server (stats, allocation table). */
export interface TurnService extends RealService {
  readonly server: TurnServer;
}

/**
 * Starts the TURN server; resolves once it listens.
 * @throws RealOptionError for bad options; rejects with ServiceStartError when the socket cannot bind
 */
export function startTurnService(init: TurnServiceInit): Promise<TurnService> {
  const listen = parseHostPort(init.listen, '--listen', { ipv4Only: true });
  const relayIp = init.relayIp === undefined ? listen.host : parseHostPort(`${init.relayIp}:1`, '--relay-ip', { ipv4Only: true }).host;
  const users: Record<string, string> = {};
  for (const u of init.users ?? []) {
    const { user, password } = parseUserPassword(u, '--user');
    users[user] = password;
  }
  if (Object.keys(users).length === 0 && init.authSecret === undefined) {
    throw new RealOptionError('--user', 'give at least one --user name:password or an --auth-secret');
  }
  const env = new RealHostEnv({ name: 'turn', addresses: [...new Set([listen.host, relayIp])], onEvent: init.log?.sink });
  const server = new TurnServer(env, {
    listenAddress: listen.host,
    listenPort: listen.port,
    relayAddress: relayIp,
    realm: init.realm,
    users,
    authSecret: init.authSecret,
    relayPorts: init.relayPorts ? parsePortRange(init.relayPorts, '--relay-ports') : undefined,
    // TURN REST usernames carry a Unix expiry time: compare with the real clock.
    unixSeconds: () => Date.now() / 1000,
    legacyChannelNumbers: init.legacyChannelNumbers ?? true,
  });
  const service: TurnService = {
    server,
    endpoints: [`${listen.host}:${listen.port}`],
    close: () => {
      server.close();
      env.closeAll();
    },
  };
  return new Promise((resolve, reject) => {
    server.start((err) => {
      if (!err) return resolve(service);
      service.close();
      reject(new ServiceStartError(`TURN server on ${init.listen}`, err));
    });
  });
}

/**
 * natsim's TURN server (src/agents/turn, RFC 8656 over UDP) on real UDP sockets: `natsim serve turn`. Static users
 * (long-term credentials) and/or a TURN REST shared secret (coturn's --use-auth-secret); relay sockets on the
 * listen address (or --relay-ip) within --relay-ports. Safe to expose by default: no relaying to loopback,
 * 0.0.0.0/8, multicast, link-local, broadcast, private ranges or the machine's own addresses (RFC 8656 §9.1), and
 * every limit of REAL_TURN_LIMITS on (docs/real-network.md).
 */
import { TurnServer } from '../agents/turn/turn-server';
import { parsePeerPrefix } from '../protocols/turn';
import { DEFAULT_SERVER_RECV_BUFFER } from './real-host-env';
import { parsePortRange, parseUserPassword } from './host-port';
import { formatEndpoint, parseTurnAddresses, wildcardOwn } from './turn-addresses';
import { RealHostEnv } from './real-host-env';
import { RealOptionError, ServiceStartError } from './real-errors';
import type { ServerLog } from './server-log';
import type { RealService } from './stun-service';
import { listenTurnTls, resolveTurnTls, type TurnTlsInit } from './turn-tls';

/**
 * Default limits of `natsim serve turn` (each a flag; 0 turns a limit off). The simulator's TurnServer has none of
 * them by default; a server on a real network needs all of them.
 */
export const REAL_TURN_LIMITS = {
  /** NONCE lifetime, seconds (RFC 8656 §5; coturn: 600). Must be > 0. */
  nonceLifetime: 600,
  /** Live allocations per username (486 beyond, RFC 8656 §7.2). */
  userQuota: 100,
  /** Live allocations in total (508 beyond). */
  maxAllocations: 1000,
  /** Permissions per allocation (508 beyond, §10.2). */
  maxPermissions: 256,
  /** Channels per allocation (508 beyond, §12.2). */
  maxChannels: 256,
  /** Relayed bytes a second per allocation and direction (10 Mbit/s). */
  maxBandwidth: 1_250_000,
  /** Requests a second per source IP address (burst: twice that). */
  maxRequests: 50,
  /** Bytes a second of answers to unauthenticated requests per source IP (burst 1500), RFC 8489 §16.1.2. */
  unauthBytes: 300,
  /** Receive buffer asked for on every socket, bytes (the kernel caps it at net.core.rmem_max). */
  recvBuffer: DEFAULT_SERVER_RECV_BUFFER,
  /** Open TCP and TLS client connections in total (more are closed at once). */
  maxConnections: 1000,
} as const;

/** Options of a real TURN service. */
export interface TurnServiceInit {
  /**
   * Listen address(es) `IP:PORT` or `[IPv6]:PORT` (`--listen`, repeatable): the first is the primary; a client may
   * come over either family. Required.
   */
  listen: string | readonly string[];
  /** REALM. @default 'natsim' */
  realm?: string;
  /** Static users as `name:password`. @default none */
  users?: readonly string[];
  /** TURN REST shared secret. @default none */
  authSecret?: string;
  /** Relay port range `a-b`. @default 49152-65535 */
  relayPorts?: string;
  /** Address of relayed transport addresses (`--relay-ip`, one family). @default the listen address */
  relayIp?: string;
  /**
   * Relay addresses (`--relay`, repeatable), at most one per family: with an IPv4 and an IPv6 one the server grants
   * either family and dual allocations (RFC 8656 §7.1). Overrides relayIp.
   * @default relayIp, else the first listen address of each family
   */
  relays?: readonly string[];
  /** Log. @default no logging */
  log?: ServerLog;
  /**
   * Accept RFC 5766 channel numbers 0x5000-0x7FFF (see TurnServerInit.legacyChannelNumbers). On by default on a
   * real network, where real RFC 5766 clients connect: coturn's turnutils_uclient 4.6 picks channel numbers at
   * random in 0x4000-0x7FFF, and a strict RFC 8656 answer (400) made three of four of its ChannelBinds fail.
   * @default true
   */
  legacyChannelNumbers?: boolean;
  /** Peer addresses or CIDR prefixes to relay to even if refused by default (e.g. '127.0.0.1'). @default [] */
  allowPeers?: readonly string[];
  /** Peer addresses or CIDR prefixes never to relay to. @default [] */
  denyPeers?: readonly string[];
  /** Relay to private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). @default false */
  privatePeers?: boolean;
  /** Also serve TURN over TCP on the listen address and port (RFC 8656 §3.1). @default true */
  tcp?: boolean;
  /** TURN over TLS (--tls-listen, --tls-cert, --tls-key; src/real/turn-tls.ts). @default none */
  tls?: TurnTlsInit;
  /** Limits; 0 turns one off. @default REAL_TURN_LIMITS */
  limits?: Partial<Record<keyof typeof REAL_TURN_LIMITS, number>>;
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
  const { listen, more, relays } = parseTurnAddresses(init);
  const users: Record<string, string> = {};
  for (const u of init.users ?? []) {
    const { user, password } = parseUserPassword(u, '--user');
    users[user] = password;
  }
  if (Object.keys(users).length === 0 && init.authSecret === undefined) {
    throw new RealOptionError('--user', 'give at least one --user name:password or an --auth-secret');
  }
  const limits = { ...REAL_TURN_LIMITS, ...init.limits };
  for (const [name, v] of Object.entries(limits)) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RealOptionError(`--${flagName(name)}`, `${v} must be a number >= 0 (0: no limit)`);
  }
  if (limits.nonceLifetime === 0) throw new RealOptionError('--nonce-lifetime', 'must be > 0 seconds');
  for (const [flag, list] of [['--allow-peer', init.allowPeers], ['--deny-peer', init.denyPeers]] as const) {
    const bad = (list ?? []).find((p) => parsePeerPrefix(p) === undefined);
    if (bad !== undefined) throw new RealOptionError(flag, `'${bad}' is not an IP address or CIDR prefix (e.g. 127.0.0.1, 10.0.0.0/8)`);
  }
  const tlsConfig = resolveTurnTls(init.tls ?? {});
  const off = (v: number): number | undefined => (v === 0 ? undefined : v);
  const env = new RealHostEnv({
    name: 'turn',
    addresses: [...new Set([listen.host, ...more.map((m) => m.address), ...relays, ...(tlsConfig ? [tlsConfig.listen.host] : [])])],
    onEvent: init.log?.sink,
    recvBufferBytes: off(limits.recvBuffer),
  });
  const server = new TurnServer(env, {
    listenAddress: listen.host,
    listenPort: listen.port,
    additionalListen: more,
    relayAddresses: relays,
    realm: init.realm,
    users,
    authSecret: init.authSecret,
    relayPorts: init.relayPorts ? parsePortRange(init.relayPorts, '--relay-ports') : undefined,
    // TURN REST usernames carry a Unix expiry time: compare with the real clock.
    unixSeconds: () => Date.now() / 1000,
    legacyChannelNumbers: init.legacyChannelNumbers ?? true,
    tcp: init.tcp ?? true,
    maxStreamConnections: off(limits.maxConnections),
    // coturn 4.6's clients send ADDITIONAL-ADDRESS-FAMILY at its draft code point 0x8032 (uclient -Z).
    legacyAddressFamilyAttributes: true,
    nonceLifetimeMs: limits.nonceLifetime * 1000,
    userQuota: off(limits.userQuota),
    maxAllocations: off(limits.maxAllocations),
    maxPermissionsPerAllocation: off(limits.maxPermissions),
    maxChannelsPerAllocation: off(limits.maxChannels),
    maxBandwidthBytesPerSecond: off(limits.maxBandwidth),
    peers: { allow: init.allowPeers, deny: init.denyPeers, privatePeers: init.privatePeers ?? false, ownAddresses: wildcardOwn([listen.host, ...more.map((m) => m.address)]) },
    sourceLimits: {
      requestsPerSecond: off(limits.maxRequests),
      unauthenticatedBytesPerSecond: off(limits.unauthBytes),
    },
  });
  const service: TurnService = {
    server,
    endpoints: [
      ...[listen, ...more.map((m) => ({ host: m.address, port: m.port }))].map((l) => formatEndpoint(l.host, l.port)),
      ...(tlsConfig ? [`tls ${tlsConfig.listen.host}:${tlsConfig.listen.port}`] : []),
    ],
    close: () => {
      server.close();
      env.closeAll();
    },
  };
  return new Promise((resolve, reject) => {
    server.start((err) => {
      if (err) {
        service.close();
        return reject(new ServiceStartError(`TURN server on ${service.endpoints.join(', ')}`, err));
      }
      if (!tlsConfig) return resolve(service);
      const handshakeFailed = (e: Error): void => init.log?.sink('turn-server', 'tls-handshake-failed', { message: e.message });
      listenTurnTls(server, tlsConfig, handshakeFailed).then(
        () => {
          init.log?.sink('turn-server', 'listening', { address: `${tlsConfig.listen.host}:${tlsConfig.listen.port}`, transport: 'tls' });
          resolve(service);
        },
        (e: Error) => {
          service.close();
          reject(e);
        },
      );
    });
  });
}

/** 'maxBandwidth' -> 'max-bandwidth': the flag of a REAL_TURN_LIMITS key. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

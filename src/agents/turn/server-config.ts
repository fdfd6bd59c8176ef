/**
 * Options of the TURN server agent (RFC 8656 over UDP) and their resolution into a checked, readonly config.
 * Passwords given here are turned into long-term keys at once and never kept (RFC 8656 §6).
 */
import type { HostEnv } from '../../net/host-env';
import {
  CredentialStore,
  DEFAULT_RELAY_PORT_MAX,
  DEFAULT_RELAY_PORT_MIN,
  lifetimePolicy,
  PeerPolicy,
  RestCredentialSource,
  SourceLimits,
  TurnConfigError,
  type CredentialSource,
  type LifetimePolicy,
  type LifetimePolicyInit,
  type PeerPolicyInit,
  type RelayAddressSet,
  type RelayPortStrategy,
  type SourceLimitsInit,
  type TransportAddress,
  type TurnServerPolicy,
} from '../../protocols/turn';
import { CombinedCredentialSource } from './server-credentials';
import { resolveListenAddresses, resolveRelayAddresses } from './server-families';

/** The standard STUN/TURN port (RFC 8489 §18.4, RFC 8656 §4). */
export const TURN_DEFAULT_PORT = 3478;

/**
 * Unix time (seconds) at virtual time 0, used for TURN REST expiry when no `unixSeconds` clock is given:
 * 2023-11-14T22:13:20Z. A fixed value keeps runs reproducible.
 */
export const DEFAULT_UNIX_EPOCH_S = 1_700_000_000;

/** Default SOFTWARE attribute of the server (RFC 8489 §14.14). */
export const TURN_SERVER_SOFTWARE = 'natsim-turn';

/** Options for a TurnServer. Every field is optional. */
export interface TurnServerInit {
  /** IP address to listen on. @default the host's first address (env.localAddresses()[0]) */
  listenAddress?: string;
  /** UDP port to listen on. @default 3478 */
  listenPort?: number;
  /**
   * More UDP listen addresses beside listenAddress, e.g. an IPv6 one on a dual-stack server (RFC 8656 §3.1); `port`
   * defaults to listenPort. @default none
   */
  additionalListen?: readonly { readonly address: string; readonly port?: number }[];
  /** IP address of relayed transport addresses (XOR-RELAYED-ADDRESS). @default the listen address */
  relayAddress?: string;
  /**
   * Relay addresses, at most one per family (RFC 8656 §7.1, §7.2): with an IPv4 and an IPv6 one the server grants
   * REQUESTED-ADDRESS-FAMILY of either and dual allocations (ADDITIONAL-ADDRESS-FAMILY), and relays between a client
   * of one family and peers of the other. Overrides relayAddress.
   * @default [relayAddress], or else the first listen address of each family (wildcards: the host's first address
   *   of that family)
   */
  relayAddresses?: readonly string[];
  /** REALM of the long-term credential mechanism (RFC 8489 §9.2). @default 'natsim' */
  realm?: string;
  /** Static users, name -> password. Only MD5(name:realm:password) is stored (RFC 8656 §6). @default {} */
  users?: Readonly<Record<string, string>>;
  /**
   * TURN REST shared secret(s), like coturn's `--use-auth-secret --static-auth-secret`: usernames
   * `<unix-expiry>[:user]` with password base64(HMAC-SHA1(secret, username)). Static users are tried first.
   * @default none
   */
  authSecret?: string | readonly string[];
  /** Relay port range (RFC 8656 §7.2). @default 49152-65535, random order */
  relayPorts?: { min?: number; max?: number; strategy?: RelayPortStrategy };
  /** Allocation lifetimes, seconds (RFC 8656 §6, §7.2). @default { defaultS: 600, maxS: 3600 } */
  lifetime?: LifetimePolicyInit;
  /** Most live allocations per username; beyond it Allocate gets 486 (RFC 8656 §7.2). @default no limit */
  userQuota?: number;
  /** Most live allocations in total; beyond it Allocate gets 508 (RFC 8656 §7.2). @default no limit */
  maxAllocations?: number;
  /** Most peer permissions per allocation; beyond it CreatePermission / ChannelBind get 508 (§10.2). @default no limit */
  maxPermissionsPerAllocation?: number;
  /** Most channel bindings per allocation; beyond it ChannelBind gets 508 (§12.2). @default 4096 */
  maxChannelsPerAllocation?: number;
  /**
   * Relayed bytes a second per allocation, each direction (burst: one second's worth); datagrams over it are dropped
   * and counted as 'bandwidth'. @default no limit
   */
  maxBandwidthBytesPerSecond?: number;
  /**
   * Which peers to relay to (RFC 8656 §9.1; 403 for the others). Always refused unless `allow`ed: 0.0.0.0/8,
   * loopback, link-local, multicast, 240.0.0.0/4 with broadcast, their IPv6 kin, and the server's own addresses.
   * @default { privatePeers: true } (simulated worlds use private ranges everywhere)
   */
  peers?: PeerPolicyInit;
  /**
   * Per-source-IP request rate and amplification budget for answers to unauthenticated requests
   * (RFC 8489 §16.1.2). @default no limits in the simulator (natsim serve turn sets them)
   */
  sourceLimits?: SourceLimitsInit;
  /** SOFTWARE attribute in responses (RFC 8489 §14.14); '' leaves it out. @default 'natsim-turn' */
  software?: string;
  /** Add FINGERPRINT to responses and indications (RFC 8489 §14.7). @default true */
  fingerprint?: boolean;
  /** How long a NONCE stays valid, ms (RFC 8656 §5; coturn 600 s). @default 600000 */
  nonceLifetimeMs?: number;
  /**
   * The current Unix time in seconds, for TURN REST expiry. In src/real pass the wall clock.
   * @default DEFAULT_UNIX_EPOCH_S + env.timers.now() / 1000
   */
  unixSeconds?: () => number;
  /** Local policy on peer addresses; false gives 403 (RFC 8656 §10.2, §12.2). @default every peer allowed */
  allowPeer?: (peer: TransportAddress) => boolean;
  /**
   * Accept RFC 5766 channel numbers 0x5000-0x7FFF too (RFC 5766 §11), in ChannelBind and in ChannelData both
   * ways, like coturn. RFC 5766 clients, coturn's turnutils_uclient among them, pick numbers up to 0x7FFF; a strict
   * RFC 8656 server answers their ChannelBind with 400. src/real turns this on. @default false (RFC 8656 §12.2)
   */
  legacyChannelNumbers?: boolean;
  /**
   * Read coturn's draft code point 0x8032 as ADDITIONAL-ADDRESS-FAMILY (and answer with ADDRESS-ERROR-CODE at 0x8033),
   * as coturn up to 4.7 sends them (turnutils_uclient -Z; RFC 8656 registered 0x8000/0x8001). src/real turns this on.
   * @default false
   */
  legacyAddressFamilyAttributes?: boolean;
  /**
   * Also listen on TCP, on every UDP listen address and port (RFC 8656 §3.1: clients over TCP, relaying to UDP peers).
   * Needs a host with TCP (HostEnv.createTcpServer). @default false
   */
  tcp?: boolean;
  /**
   * Also listen for TURN over TLS (RFC 8656 §3.1) on the listen address, in the SIMULATOR, with natsim's TLS model
   * (docs/turn-tcp-tls.md: real record framing and handshake sizes, no cryptography). On a real network give a
   * node:tls listener to TurnServer.acceptStreams instead (src/real does, for --tls-listen).
   * `port` @default 5349
   */
  tls?: { port?: number };
  /** Most open TCP/TLS client connections; more are closed at once ('stream-limit'). @default no limit */
  maxStreamConnections?: number;
}

/** A TurnServerInit with defaults applied and checked. */
export interface TurnServerConfig {
  readonly listenAddress: string;
  readonly listenPort: number;
  /** Every listen transport address, the primary (listenAddress:listenPort) first. */
  readonly listen: readonly TransportAddress[];
  /** The first relay address. */
  readonly relayAddress: string;
  /** Relay address per family. */
  readonly relayAddresses: RelayAddressSet;
  readonly realm: string;
  readonly credentials: CredentialSource;
  readonly relayPorts: { readonly min?: number; readonly max?: number; readonly strategy?: RelayPortStrategy };
  readonly lifetime: LifetimePolicy;
  readonly userQuota?: number;
  readonly maxAllocations?: number;
  readonly maxPermissionsPerAllocation?: number;
  readonly maxChannelsPerAllocation?: number;
  readonly maxBandwidthBytesPerSecond?: number;
  /** The resolved peer policy (own addresses included). */
  readonly peerPolicy: PeerPolicy;
  readonly sourceLimits: SourceLimits;
  readonly software: string;
  readonly fingerprint: boolean;
  readonly nonceLifetimeMs?: number;
  readonly unixSeconds: () => number;
  readonly allowPeer?: (peer: TransportAddress) => boolean;
  /** allowPeer and peerPolicy as the TURN core's policy (RFC 8656 §9.1: 403). */
  readonly policy: TurnServerPolicy;
  readonly legacyChannelNumbers: boolean;
  readonly tcp: boolean;
  /** Port of the modelled-TLS listener, when TurnServerInit.tls is given. */
  readonly tlsPort?: number;
  readonly maxStreamConnections?: number;
  readonly legacyAddressFamilyAttributes: boolean;
}

/** Applies defaults to `init` and checks it; throws TurnConfigError naming the setting (`turnServer.<field>`). */
export function resolveServerConfig(env: HostEnv, init: TurnServerInit, path = 'turnServer'): TurnServerConfig {
  const listenAddress = init.listenAddress ?? env.localAddresses()[0];
  if (listenAddress === undefined) throw new TurnConfigError(`${path}.listenAddress`, `host ${env.name} has no address`);
  const listenPort = init.listenPort ?? TURN_DEFAULT_PORT;
  if (!Number.isInteger(listenPort) || listenPort < 1 || listenPort > 65535) {
    throw new TurnConfigError(`${path}.listenPort`, `${listenPort} must be a port 1-65535`);
  }
  const listen = resolveListenAddresses({ address: listenAddress, port: listenPort }, init.additionalListen ?? [], path);
  const { list: relayList, set: relayAddresses } = resolveRelayAddresses(env, init, listen, path);
  const relayAddress = relayList[0];
  const realm = init.realm ?? 'natsim';
  const peerPolicy = new PeerPolicy(
    {
      ...init.peers,
      ownAddresses: ownAddresses(env, [...listen.map((l) => l.address), ...relayList], init.peers?.ownAddresses),
      ownRelayPorts: { min: init.relayPorts?.min ?? DEFAULT_RELAY_PORT_MIN, max: init.relayPorts?.max ?? DEFAULT_RELAY_PORT_MAX },
    },
    `${path}.peers`,
  );
  return {
    listenAddress,
    listenPort,
    listen,
    relayAddress,
    relayAddresses,
    realm,
    credentials: credentialSource(realm, init, path),
    relayPorts: init.relayPorts ?? {},
    lifetime: lifetimePolicy(init.lifetime, `${path}.lifetime`),
    userQuota: init.userQuota,
    maxAllocations: init.maxAllocations,
    maxPermissionsPerAllocation: init.maxPermissionsPerAllocation,
    maxChannelsPerAllocation: init.maxChannelsPerAllocation,
    maxBandwidthBytesPerSecond: positive(init.maxBandwidthBytesPerSecond, `${path}.maxBandwidthBytesPerSecond`),
    peerPolicy,
    sourceLimits: new SourceLimits(init.sourceLimits, `${path}.sourceLimits`),
    software: init.software ?? TURN_SERVER_SOFTWARE,
    fingerprint: init.fingerprint ?? true,
    nonceLifetimeMs: init.nonceLifetimeMs,
    unixSeconds: init.unixSeconds ?? (() => DEFAULT_UNIX_EPOCH_S + env.timers.now() / 1000),
    allowPeer: init.allowPeer,
    policy: init.allowPeer ? { allowPeer: init.allowPeer, peers: peerPolicy } : { peers: peerPolicy },
    legacyChannelNumbers: init.legacyChannelNumbers ?? false,
    tcp: init.tcp ?? false,
    tlsPort: tlsPort(init.tls, `${path}.tls.port`),
    maxStreamConnections: wholeAtLeastOne(init.maxStreamConnections, `${path}.maxStreamConnections`),
    legacyAddressFamilyAttributes: init.legacyAddressFamilyAttributes ?? false,
  };
}

/** The addresses a peer may not have: the host's, the listen and relay addresses (0.0.0.0 and :: are refused anyway). */
function ownAddresses(env: HostEnv, mine: readonly string[], extra: readonly string[] = []): string[] {
  return [...new Set([...env.localAddresses(), ...mine, ...extra])].filter((a) => a !== '0.0.0.0' && a !== '::');
}

function tlsPort(tls: { port?: number } | undefined, path: string): number | undefined {
  if (tls === undefined) return undefined;
  const port = tls.port ?? 5349;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TurnConfigError(path, `${port} must be a port 1-65535`);
  return port;
}

function wholeAtLeastOne(v: number | undefined, path: string): number | undefined {
  if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new TurnConfigError(path, `${v} must be a whole number >= 1 (leave it out for no limit)`);
  return v;
}

function positive(v: number | undefined, path: string): number | undefined {
  if (v !== undefined && !(v > 0)) throw new TurnConfigError(path, `${v} must be > 0 (leave it out for no limit)`);
  return v;
}

function credentialSource(realm: string, init: TurnServerInit, path: string): CredentialSource {
  const store = new CredentialStore({ realm });
  for (const [name, password] of Object.entries(init.users ?? {})) store.addUser(name, password);
  if (init.authSecret === undefined) {
    if (store.size === 0) {
      throw new TurnConfigError(`${path}.users`, 'give at least one user or an authSecret (the server always authenticates)');
    }
    return store;
  }
  const rest = new RestCredentialSource({ realm, secrets: init.authSecret });
  return store.size === 0 ? rest : new CombinedCredentialSource(store, rest);
}

/** Options of the TURN client agent (RFC 8656 §7-§12) and their checked, defaulted form. */
import type { UdpSocketLike } from '../../net/udp-socket.types';
import { parseTurnUri, TURNS_URI_DEFAULT_PORT, TurnConfigError, type TransportAddress, type TurnClientTransport } from '../../protocols/turn';
import type { StunTransactionInit } from '../stun';
import { TurnClientUsageError } from './client-errors';
import { TURN_DEFAULT_PORT } from './server-config';

/** Default SOFTWARE attribute of the client's requests (RFC 8489 §14.14). */
export const TURN_CLIENT_SOFTWARE = 'natsim-turn-client';

/**
 * Transaction timing over TCP/TLS (RFC 8489 §6.2.2): no retransmissions (the stream is reliable), fail after
 * Ti = 39.5 s: one send, then Rm × RTO = 79 × 500 ms.
 */
export const STREAM_TRANSACTION_TIMING = Object.freeze({ rto: 500, rc: 1, rm: 79 });

/** Options for a TurnClient. `server` (or `url`), `username` and `password` are required. */
export interface TurnClientInit {
  /**
   * The TURN server. Required unless `url` is given. `port` @default 3478 (5349 for transport 'tls')
   */
  server?: { address: string; port?: number };
  /**
   * The server as an RTCIceServer URL (RFC 7065): `turn:host[:port][?transport=udp|tcp]` or `turns:host[:port]`
   * (TLS). Sets `server` and `transport`; give one or the other. The host must be an IP address (no DNS here).
   */
  url?: string;
  /**
   * Client-to-server transport (RFC 8656 §3.1): 'udp', 'tcp', or 'tls' (TLS over TCP: real TLS on src/real,
   * modelled TLS in the simulator, docs/turn-tcp-tls.md). The relayed transport is UDP in every case.
   * @default 'udp'
   */
  transport?: TurnClientTransport;
  /** TLS client settings for transport 'tls' on a real network (ignored by the modelled TLS). @default verify against the system's CAs */
  tls?: { servername?: string; rejectUnauthorized?: boolean; ca?: string };
  /** Long-term credential username (RFC 8489 §9.2), e.g. a TURN REST `<expiry>:<user>`. Required. */
  username: string;
  /** Long-term credential password. Required. */
  password: string;
  /**
   * A UDP socket to use instead of creating one (e.g. the ICE agent's host candidate socket). The client never
   * closes a socket it was given, and cannot move it to a new port after 437. @default a socket the client creates
   */
  socket?: UdpSocketLike;
  /** Local port for the socket the client creates. @default ephemeral */
  localPort?: number;
  /** Local address for the socket the client creates. @default all interfaces */
  localAddress?: string;
  /**
   * 'own': the client listens on the socket and emits everything that is not TURN traffic from the server as
   * 'message' (msg, rinfo). 'external': the client does not listen; the socket's owner calls handleDatagram() for
   * each datagram and handles it itself when that returns false. @default 'own'
   */
  demux?: 'own' | 'external';
  /** LIFETIME to ask for in Allocate and Refresh, seconds (RFC 8656 §7.1, §8.1). @default none (server default) */
  lifetimeS?: number;
  /**
   * The relayed address family to ask for: REQUESTED-ADDRESS-FAMILY (RFC 8656 §7.1, §18.10), e.g. 6 for an IPv6
   * relay while reaching the server over IPv4; a server without it answers 440. @default none (the server gives IPv4)
   */
  addressFamily?: 4 | 6;
  /**
   * Ask for a dual allocation, an IPv4 and an IPv6 relayed address (ADDITIONAL-ADDRESS-FAMILY IPv6, RFC 8656 §7.1):
   * peers of either family can then be reached. A server with one family grants it with ADDRESS-ERROR-CODE.
   * Not with `addressFamily`. @default false
   */
  dualAllocation?: boolean;
  /** Refresh this many seconds before each expiry (RFC 8656 §8: about a minute). @default 60 */
  refreshMarginS?: number;
  /** What the client refreshes by itself. @default { allocation: true, permissions: true, channels: true } */
  autoRefresh?: { allocation?: boolean; permissions?: boolean; channels?: boolean };
  /** After 486 or 508, how many times to wait the advised time and Allocate again (RFC 8656 §7.4). @default 3 */
  maxCapacityWaits?: number;
  /** SOFTWARE in requests; '' leaves it out. @default 'natsim-turn-client' */
  software?: string;
  /** STUN retransmission parameters (RFC 8489 §6.2.1). @default RTO 500 ms, Rc 7, Rm 16 */
  transaction?: StunTransactionInit;
  /** Called for every datagram relayed from a peer; the same as on('data'). @default none */
  onData?: (peer: TransportAddress, data: Uint8Array) => void;
  /** Agent name in trace events. @default 'turn-client' */
  agent?: string;
}

/** A TurnClientInit with defaults applied. */
export interface TurnClientConfig {
  readonly server: TransportAddress;
  readonly transport: TurnClientTransport;
  readonly tls?: { readonly servername?: string; readonly rejectUnauthorized?: boolean; readonly ca?: string };
  readonly username: string;
  readonly password: string;
  readonly socket?: UdpSocketLike;
  readonly localPort?: number;
  readonly localAddress?: string;
  readonly demux: 'own' | 'external';
  readonly lifetimeS?: number;
  readonly addressFamily?: 4 | 6;
  readonly dualAllocation: boolean;
  readonly refreshMarginS: number;
  readonly autoRefresh: { readonly allocation: boolean; readonly permissions: boolean; readonly channels: boolean };
  readonly maxCapacityWaits: number;
  readonly software: string;
  readonly transaction?: StunTransactionInit;
  readonly agent: string;
}

/** Applies defaults and checks `init`; throws TurnClientUsageError naming the option (`TurnClientInit.<field>`). */
export function resolveClientConfig(init: TurnClientInit): TurnClientConfig {
  const where = (f: string): string => `TurnClientInit.${f}`;
  if (!init) throw new TurnClientUsageError(where('server'), 'is required: { address, port? }');
  const { server: target, transport } = serverAndTransport(init);
  const port = target.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TurnClientUsageError(where('server.port'), `${port} must be 1-65535`);
  if (typeof init.username !== 'string' || init.username === '') throw new TurnClientUsageError(where('username'), 'is required');
  if (typeof init.password !== 'string') throw new TurnClientUsageError(where('password'), 'is required');
  if (init.socket && transport !== 'udp') {
    throw new TurnClientUsageError(where('socket'), `a shared UDP socket cannot carry transport '${transport}'; leave socket out (the client opens the connection)`);
  }
  if (init.socket && (init.localPort !== undefined || init.localAddress !== undefined)) {
    throw new TurnClientUsageError(where('localPort'), 'only applies to a socket the client creates; leave it out with `socket`');
  }
  const margin = init.refreshMarginS ?? 60;
  if (!(margin >= 0)) throw new TurnClientUsageError(where('refreshMarginS'), `${margin} must be >= 0`);
  const waits = init.maxCapacityWaits ?? 3;
  if (!Number.isInteger(waits) || waits < 0) throw new TurnClientUsageError(where('maxCapacityWaits'), `${waits} must be a whole number >= 0`);
  const lifetimeS = init.lifetimeS;
  if (lifetimeS !== undefined && (!Number.isInteger(lifetimeS) || lifetimeS < 1)) {
    throw new TurnClientUsageError(where('lifetimeS'), `${lifetimeS} must be a whole number of seconds >= 1`);
  }
  if (init.addressFamily !== undefined && init.addressFamily !== 4 && init.addressFamily !== 6) {
    throw new TurnClientUsageError(where('addressFamily'), `${String(init.addressFamily)} is not 4 or 6`);
  }
  if (init.addressFamily !== undefined && init.dualAllocation) {
    throw new TurnClientUsageError(where('dualAllocation'), 'cannot be combined with addressFamily (RFC 8656 §7.2 answers both with 400)');
  }
  const demux = init.demux ?? 'own';
  if (demux !== 'own' && demux !== 'external') throw new TurnClientUsageError(where('demux'), `'own' or 'external', got ${String(demux)}`);
  return {
    server: { address: target.address, port },
    transport,
    tls: init.tls,
    username: init.username,
    password: init.password,
    socket: init.socket,
    localPort: init.localPort,
    localAddress: init.localAddress,
    demux,
    lifetimeS,
    addressFamily: init.addressFamily,
    dualAllocation: init.dualAllocation === true,
    refreshMarginS: margin,
    autoRefresh: { allocation: true, permissions: true, channels: true, ...init.autoRefresh },
    maxCapacityWaits: waits,
    software: init.software ?? TURN_CLIENT_SOFTWARE,
    // RFC 8489 §6.2.2: over a stream, no retransmissions and Ti = 39.5 s.
    transaction: init.transaction ?? (transport === 'udp' ? undefined : STREAM_TRANSACTION_TIMING),
    agent: init.agent ?? 'turn-client',
  };
}

/** The server and transport from `server`/`transport` or from `url` (not both). */
function serverAndTransport(init: TurnClientInit): { server: { address: string; port: number }; transport: TurnClientTransport } {
  if (init.url !== undefined) {
    if (init.server !== undefined || init.transport !== undefined) {
      throw new TurnClientUsageError('TurnClientInit.url', 'give either url, or server (and transport), not both');
    }
    try {
      const u = parseTurnUri(init.url, 'TurnClientInit.url');
      return { server: { address: u.host, port: u.port }, transport: u.transport };
    } catch (e) {
      if (e instanceof TurnConfigError) throw new TurnClientUsageError(e.path, e.message.slice(e.path.length + 2));
      throw e;
    }
  }
  if (typeof init.server?.address !== 'string') throw new TurnClientUsageError('TurnClientInit.server', 'is required: { address, port? } (or give url)');
  const transport = init.transport ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
    throw new TurnClientUsageError('TurnClientInit.transport', `'udp', 'tcp' or 'tls', got ${String(transport)}`);
  }
  const port = init.server.port ?? (transport === 'tls' ? TURNS_URI_DEFAULT_PORT : TURN_DEFAULT_PORT);
  return { server: { address: init.server.address, port }, transport };
}

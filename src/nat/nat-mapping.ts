/**
 * One NAT mapping (RFC 4787 §4.1): an internal endpoint bound to an external endpoint, and, under address(-and-
 * port)-dependent mapping, to the remote it was created for. Also its snapshot form and its trace event.
 */
import type { MappingEvent } from '../sim/trace-events';
import { formatEndpoint } from '../net/endpoint';
import { formatIpv4 } from '../net/ipv4';
import type { TcpConnectionSnapshot, TcpSessions } from './tcp-sessions';

/** A mapping as the NAT table hands it out. Addresses are unsigned 32-bit integers, times µs. */
export interface NatMapping {
  /** Creation order within its table (1, 2, ...); stable sort key. */
  readonly id: number;
  readonly internalIp: number;
  readonly internalPort: number;
  readonly externalIp: number;
  readonly externalPort: number;
  /** Remote address this mapping is bound to: -1 under endpoint-independent mapping. */
  readonly remoteIp: number;
  /** Remote port this mapping is bound to: -1 unless address-and-port-dependent mapping. */
  readonly remotePort: number;
  /** When it was created (µs). */
  readonly createdAt: number;
  /** Last refresh (µs): the last outbound packet, or admitted inbound one when inbound refresh is on. */
  readonly lastRefresh: number;
  /** When it expires (µs) unless refreshed: lastRefresh + the timeout that applies. */
  readonly expiresAt: number;
  /** True once it has admitted an inbound packet (then establishedTimeout applies). */
  readonly established: boolean;
  /** Remote endpoints sent to through this mapping; key: endpointKey(ip, port) = ip * 65536 + port (APDF). */
  readonly sentTo: ReadonlySet<number>;
  /** Remote addresses sent to through this mapping; key: IPv4 as uint32 (ADF). */
  readonly sentToIps: ReadonlySet<number>;
  /** Set on a TCP mapping (RFC 5382): its connections and their states. Undefined for UDP. */
  readonly tcp?: TcpSessions;
}

/** The table's mutable mapping record. Only NatTable writes it. */
export class MappingRecord implements NatMapping {
  lastRefresh: number;
  expiresAt = 0;
  established = false;
  readonly sentTo = new Set<number>();
  readonly sentToIps = new Set<number>();
  /** False once expired or flushed; the expiry queue then drops it lazily. */
  live = true;
  /** Earliest time this record is queued at in the expiry queue (Infinity when not queued). */
  queuedAt = Infinity;
  /** endpointKey of the last remote recorded in sentTo (-1: none), so a flow's packets skip two Set inserts. */
  lastSentKey = -1;
  /** A TCP mapping's connections (set at creation by a TCP table); undefined for UDP. */
  tcp: TcpSessions | undefined = undefined;

  constructor(
    readonly id: number,
    readonly internalIp: number,
    readonly internalPort: number,
    readonly externalIp: number,
    readonly externalPort: number,
    readonly remoteIp: number,
    readonly remotePort: number,
    readonly createdAt: number,
  ) {
    this.lastRefresh = createdAt;
  }
}

/** A mapping as `snapshot(now)` shows it: strings for people, times in µs. */
export interface MappingSnapshot {
  readonly id: number;
  /** `ip:port` inside. */
  readonly internal: string;
  /** `ip:port` outside. */
  readonly external: string;
  /** The bound remote: `ip:port` (APDM), `ip` (ADM), absent (EIM). */
  readonly remote?: string;
  readonly createdAt: number;
  readonly lastRefresh: number;
  readonly expiresAt: number;
  /** µs until expiry (0 when already due). */
  readonly timeLeft: number;
  readonly established: boolean;
  /** Remote endpoints sent to through it, `ip:port`, sorted numerically. */
  readonly sentTo: readonly string[];
  /** 'tcp' for a TCP mapping (absent for UDP). */
  readonly proto?: 'tcp';
  /** A TCP mapping's connections as the NAT tracks them from flags (RFC 5382 §5), by remote. */
  readonly connections?: readonly TcpConnectionSnapshot[];
}

/** The bound remote of a mapping as text, or undefined under endpoint-independent mapping. */
export function mappingRemote(m: NatMapping): string | undefined {
  if (m.remoteIp < 0) return undefined;
  return m.remotePort < 0 ? formatIpv4(m.remoteIp) : formatEndpoint(m.remoteIp, m.remotePort);
}

/** A snapshot of one mapping at time `now` (µs). */
export function snapshotMapping(m: NatMapping, now: number): MappingSnapshot {
  const remote = mappingRemote(m);
  return {
    id: m.id,
    internal: formatEndpoint(m.internalIp, m.internalPort),
    external: formatEndpoint(m.externalIp, m.externalPort),
    ...(remote !== undefined ? { remote } : {}),
    createdAt: m.createdAt,
    lastRefresh: m.lastRefresh,
    expiresAt: m.expiresAt,
    timeLeft: Math.max(0, m.expiresAt - now),
    established: m.established,
    sentTo: [...m.sentTo].sort((a, b) => a - b).map(keyText),
    ...(m.tcp !== undefined ? { proto: 'tcp' as const, connections: m.tcp.snapshot(keyText) } : {}),
  };
}

function keyText(k: number): string {
  return formatEndpoint(Math.floor(k / 65536), k % 65536);
}

/**
 * The trace event for a mapping's life (trace-events.ts MappingEvent). `expiresAt` is included for created and
 * refreshed events; `proto: 'tcp'` names a TCP mapping (UDP events stay as they were).
 */
export function mappingEvent(kind: MappingEvent['kind'], t: number, node: string, m: NatMapping): MappingEvent {
  const remote = mappingRemote(m);
  const withExpiry = kind === 'mapping-created' || kind === 'mapping-refreshed';
  return {
    kind, t, node,
    ...(m.tcp !== undefined ? { proto: 'tcp' as const } : {}),
    internal: formatEndpoint(m.internalIp, m.internalPort),
    external: formatEndpoint(m.externalIp, m.externalPort),
    ...(remote !== undefined ? { remote } : {}),
    ...(withExpiry ? { expiresAt: m.expiresAt } : {}),
  };
}

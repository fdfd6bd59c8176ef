/**
 * Counters of a TurnServer: what it received, answered, relayed and dropped. Every drop is also traced as
 * env.emit('turn-server', 'dropped', { reason, ... }); the counters let tests and reports count without a trace.
 */
import type { RelayDropReason } from '../../protocols/turn';

/**
 * Why the server discarded a datagram: the data-path reasons of the TURN core (RFC 8656 §11-§12: no-allocation,
 * no-permission, unbound-channel, malformed, unsupported-attribute, forbidden-peer) plus:
 * - 'malformed': also bytes that are neither a decodable STUN message nor ChannelData (RFC 8489 §6.3);
 * - 'unexpected-message': a response, a Data indication or another message a server never takes from a client;
 * - 'unknown-attribute': an indication with an unknown comprehension-required attribute (RFC 8489 §6.3.2);
 * - 'relay-closed': the relayed socket could not send;
 * - 'relay-failed': the relayed socket reported a send error (e.g. EACCES for broadcast): not counted as relayed;
 * - 'rate-limited': a request over its source IP's request rate (TurnServerInit.sourceLimits);
 * - 'amplification-budget': an answer to an unauthenticated request not sent, over its source's budget;
 * - 'bandwidth': a relayed datagram over its allocation's bandwidth (TurnServerInit.maxBandwidthBytesPerSecond);
 * - 'stream-framing': a TCP/TLS client's bytes that are neither STUN nor ChannelData (RFC 8656 §12.5); the
 *   connection is closed, since no later message boundary can be found;
 * - 'stream-congested': relayed data to a TCP/TLS client whose connection is not draining (dropped, not buffered);
 * - 'stream-limit': a TCP/TLS connection over TurnServerInit.maxStreamConnections, closed at once;
 * - 'internal-error': a bug caught by the safety net (tests assert it stays 0).
 */
export type TurnServerDropReason =
  | RelayDropReason
  | 'unexpected-message'
  | 'unknown-attribute'
  | 'relay-closed'
  | 'relay-failed'
  | 'rate-limited'
  | 'amplification-budget'
  | 'bandwidth'
  | 'stream-framing'
  | 'stream-congested'
  | 'stream-limit'
  | 'internal-error';

/** Live counters (mutated by the server; read them, do not write). */
export interface TurnServerStats {
  /** Datagrams received on the listening socket (from clients, or anyone). */
  datagramsIn: number;
  /** Requests received (every method, authenticated or not). */
  requests: number;
  /** Binding requests answered (RFC 8489 §3, as coturn does). */
  bindingRequests: number;
  /** Success responses sent. */
  successResponses: number;
  /** Error responses sent, key: error code (401, 438, ...). */
  errorResponses: Record<number, number>;
  /** Allocations created, expired (§6) and deleted by Refresh LIFETIME=0 (§8.2). */
  allocationsCreated: number;
  allocationsExpired: number;
  allocationsDeleted: number;
  /** CreatePermission and ChannelBind successes (§10, §12). */
  permissionRequests: number;
  channelBinds: number;
  /** Send indications and ChannelData messages received from clients (§11.2, §12.6). */
  sendIndicationsIn: number;
  channelDataIn: number;
  /** Datagrams received from peers on relayed ports (§11.3). */
  peerDatagramsIn: number;
  /** Datagrams sent to peers from relayed addresses (a send that later failed is taken back: 'relay-failed'). */
  relayedToPeers: number;
  /** Bytes received on the listening socket, and bytes of answers sent to requests that did not authenticate. */
  bytesIn: number;
  unauthenticatedBytesOut: number;
  /** Relay ports found busy on the host while allocating (another port was tried, RFC 8656 §7.2). */
  relayPortsBusy: number;
  /** Data indications and ChannelData messages sent to clients (§11.3, §12.5). */
  dataIndicationsOut: number;
  channelDataOut: number;
  /** Discarded datagrams by reason. */
  dropped: Partial<Record<TurnServerDropReason, number>>;
}

/** Fresh zeroed counters. */
export function newServerStats(): TurnServerStats {
  return {
    datagramsIn: 0,
    requests: 0,
    bindingRequests: 0,
    successResponses: 0,
    errorResponses: {},
    allocationsCreated: 0,
    allocationsExpired: 0,
    allocationsDeleted: 0,
    permissionRequests: 0,
    channelBinds: 0,
    sendIndicationsIn: 0,
    channelDataIn: 0,
    peerDatagramsIn: 0,
    relayedToPeers: 0,
    bytesIn: 0,
    unauthenticatedBytesOut: 0,
    relayPortsBusy: 0,
    dataIndicationsOut: 0,
    channelDataOut: 0,
    dropped: {},
  };
}

/** Total of every drop counter. */
export function totalDropped(stats: TurnServerStats): number {
  return Object.values(stats.dropped).reduce((n, v) => n + (v ?? 0), 0);
}

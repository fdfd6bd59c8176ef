/**
 * TURN agents (RFC 8656 over UDP) on HostEnv + UdpSocketLike: TurnServer (relay server with long-term and TURN
 * REST credentials) and TurnClient (allocation, permissions, channels, refreshes, relayed data). See docs/turn.md.
 */
export { TurnServer, TURN_SERVER_AGENT } from './turn-server';
export { TURN_SERVER_EVENTS } from './server-events';
export type { TurnServerEventName } from './server-events';
export { resolveServerConfig, TURN_DEFAULT_PORT, DEFAULT_UNIX_EPOCH_S, TURN_SERVER_SOFTWARE } from './server-config';
export type { TurnServerInit, TurnServerConfig } from './server-config';
export { newServerStats, totalDropped } from './server-stats';
export type { TurnServerStats, TurnServerDropReason } from './server-stats';
export { CombinedCredentialSource } from './server-credentials';
export { TurnClient } from './turn-client';
export type { TurnClientState } from './turn-client';
export { resolveClientConfig, TURN_CLIENT_SOFTWARE } from './client-config';
export type { TurnClientInit, TurnClientConfig } from './client-config';
export type { TurnAllocation } from './client-allocate';
export type { TurnClientEvents, RelayedVia } from './client-events';
export { TurnClientError, TurnClientUsageError } from './client-errors';
export type { TurnClientFailure } from './client-errors';
export { newClientStats } from './client-stats';
export type { TurnClientStats } from './client-stats';
export { classifyFromServer } from './client-inbound';
export type { InboundFromServer } from './client-inbound';
export type { TransportAddress } from '../../protocols/turn';

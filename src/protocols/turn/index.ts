/**
 * Pure TURN core (RFC 8656): ChannelData codec, allocation/permission/channel state with exact expiry, relay port
 * pool, long-term and TURN REST credentials, nonces, request validation, data-path routing and client-side refresh
 * and backoff rules. No sockets, no timers, no STUN encoding: callers pass `now` (ms) and decoded fields.
 */
export * from './types';
export * from './errors';
export * from './error-codes';
export * from './channel-numbers';
export * from './channel-data';
export * from './lifetimes';
export * from './relay-port-pool';
export * from './reservations';
export * from './permissions';
export * from './channels';
export * from './relay-families';
export * from './allocation';
export * from './allocation-requests';
export * from './expiry-events';
export * from './allocation-table';
export * from './relay-routes';
export * from './server-requests';
export * from './credential-source';
export * from './credential-store';
export * from './rest-credentials';
export * from './nonces';
export * from './long-term-auth';
export * from './client-schedule';
export * from './client-channel-numbers';
export * from './client-backoff';
export * from './peer-policy';
export * from './token-bucket';
export * from './source-limits';
export * from './stream-framing';
export * from './turn-url';

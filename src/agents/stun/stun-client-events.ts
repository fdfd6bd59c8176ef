/**
 * Events a STUN client (RFC 8489 §6.2 transactions) records in the trace under the agent name it was given.
 * Its trace calls take a StunClientEventName, so the list is complete by construction; agents that run a STUN
 * client under their own name (discovery, hole punching) include it in their own event lists.
 */
export const STUN_CLIENT_EVENTS = [
  'queued', 'request-sent', 'retransmit', 'retransmission-stopped', 'response', 'timeout', 'failed', 'cancelled',
  'ignored',
] as const;
/** One of STUN_CLIENT_EVENTS. */
export type StunClientEventName = (typeof STUN_CLIENT_EVENTS)[number];

/**
 * Events of the RFC 5780 discovery client (discovery.ts and its tests) under its agent name, besides those of
 * its STUN clients. `socket-error` is a probe socket's error.
 */
export const DISCOVERY_EVENTS = [
  'started', 'mapping-test', 'filtering-test', 'hairpin-test', 'hairpin-probe', 'lifetime-probe', 'result',
  'socket-error', ...STUN_CLIENT_EVENTS,
] as const;
/** One of DISCOVERY_EVENTS. */
export type DiscoveryEventName = (typeof DISCOVERY_EVENTS)[number];

/**
 * Events a TURN server (RFC 8656) records in the trace under its agent name, 'turn-server'. The server's trace
 * calls take a TurnServerEventName, so the list is complete by construction; scenario files check `after:`,
 * `happens:` and `never:` references to a TURN server against it.
 */
export const TURN_SERVER_EVENTS = [
  'listening', 'socket-error', 'dropped', 'error-response',
  // RFC 8656 §7 Allocate (a relay port another program holds is skipped: relay-port-busy), §8 Refresh, §6 expiry
  'allocated', 'relay-port-busy', 'refreshed', 'allocation-deleted', 'allocation-expired', 'reservation-expired',
  // §9 CreatePermission, §12 ChannelBind
  'permission-installed', 'permission-expired', 'channel-bound', 'channel-expired', 'channel-hold-released',
  // RFC 8656 §3.1: clients over TCP or TLS (one connection per 5-tuple)
  'stream-connected', 'stream-closed',
] as const;
/** One of TURN_SERVER_EVENTS. */
export type TurnServerEventName = (typeof TURN_SERVER_EVENTS)[number];

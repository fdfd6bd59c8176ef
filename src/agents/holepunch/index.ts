/** The teaching UDP hole-punch agent (RFC 5128 §3.3): STUN, swap addresses, punch, report. */
export { HolePunchAgent } from './hole-punch-agent';
export type { HolePunchInit, HolePunchState, HolePunchConnected, HolePunchFailed, HolePunchFailure } from './hole-punch-agent';
export { HolePunchConfigError } from './hole-punch-errors';
export { encodePunch, decodePunch, isPunchBetween } from './punch-message';
export type { PunchMessage, PunchKind } from './punch-message';
export { TcpHolePunchAgent, TCP_HOLE_PUNCH_EVENTS } from './tcp-hole-punch-agent';
export type { TcpPunchDirection, TcpHolePunchEventName } from './tcp-hole-punch-agent';

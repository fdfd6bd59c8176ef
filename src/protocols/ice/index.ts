/**
 * Pure ICE core (RFC 8445, RFC 8839 candidate syntax, RFC 7675 consent timing): candidates, priorities,
 * foundations, pairs, checklists and the decisions an ICE agent executes. No sockets, timers or STUN encoding.
 */
export * from './errors';
export * from './candidate';
export * from './candidate-priority';
export * from './foundation';
export * from './redundant-candidates';
export * from './candidate-sdp';
export * from './pair-priority';
export { comparePairs, pairFoundation, pairId, type CandidatePair, type PairState } from './pair';
export * from './role-conflict';
export * from './effects';
export { Checklist } from './checklist';
export { IceSession } from './session';
export type { IceSessionInit, StreamInit } from './session-init';
export * from './timing';
export * from './consent';
export * from './pairing-rules';
export * from './local-preference';
export * from './nat64-candidates';
export { Nat64Prefix, WELL_KNOWN_NAT64_PREFIX } from '../../net/nat64-prefix';

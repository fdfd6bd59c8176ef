/**
 * The ICE agent (RFC 8445 full agent, RFC 8838 trickle, RFC 8839 candidate lines, RFC 7675 consent) on HostEnv
 * sockets and timers, driving the pure core in src/protocols/ice. See docs/ice.md.
 */
export { IceAgent } from './ice-agent';
export { resolveIceConfig, DEFAULT_NOMINATION_WAITS } from './ice-agent-init';
export type { IceAgentInit, IceAgentConfig, IceStunServer, IceTurnServer, NominationWaits } from './ice-agent-init';
export type {
  IceAgentState,
  IceAgentCallbacks,
  IceAgentStats,
  SelectedPairInfo,
  IceConnectedEvent,
  IceConsentEvent,
  IceChecksFailedEvent,
  IceRestartEvent,
  IceDataInfo,
} from './ice-events';
export type { IceCredentials } from './ice-generation';
export { IceAgentUsageError } from './errors';
export type { RelayAllocator, RelayEndpoint, RelayResult } from './relay-endpoint';
export { turnRelayAllocator } from './turn-relay';

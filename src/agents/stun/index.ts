/**
 * STUN agents: the client transaction layer (RFC 8489 §6.2.1), the Binding server (RFC 8489, RFC 5780 §6) and the
 * NAT behaviour discovery client (RFC 5780 §4). Everything runs on a HostEnv and UdpSocketLike sockets, so it runs
 * in the simulator and on real sockets alike. Callback-driven: no Promises on the packet path.
 */
export { StunClientUsageError, StunServerConfigError, DiscoveryConfigError, DiscoveryIncompleteError } from './errors';
export type { TransportAddress } from './transport-address';
export { formatTransportAddress, sameTransportAddress } from './transport-address';

// Client transactions
export { StunClient, MAX_OUTSTANDING_PER_SERVER, DEFAULT_UNAUTHENTICATED_ERRORS } from './stun-client';
export type { StunClientInit, StunRequestOptions, StunInboundPacket } from './stun-client';
export { StunTransaction } from './stun-transaction';
export type { StunTransactionHandlers, StunTransactionFailure, StunTransactionState } from './stun-transaction';
export {
  DEFAULT_TRANSACTION_TIMING, resolveTransactionTiming, sendOffsets, failureOffset, waitAfterSend,
} from './stun-transaction-timing';
export type { StunTransactionInit, StunTransactionTiming } from './stun-transaction-timing';
export { checkResponse } from './stun-response-check';
export type { ResponseVerification, ResponseVerdict, IgnoredResponseReason } from './stun-response-check';

// Binding server
export { StunServer, STUN_SERVER_EVENTS } from './stun-server';
export type { StunServerEventName } from './stun-server';
export type { StunServerInit, StunServerConfig, ShortTermCredentials } from './stun-server-config';
export { resolveStunServerConfig, STUN_SERVER_AGENT } from './stun-server-config';
export { decideBinding, STUN_SERVER_REJECT_REASONS } from './stun-server-handler';
export type { StunServerRejectReason, ServerDecision, ServerContext } from './stun-server-handler';
export type { StunServerStats } from './stun-server-stats';

// NAT behaviour discovery
export { discoverNat } from './discovery';
export { discoveryJson } from './discovery-json';
export type { DiscoveryJson } from './discovery-json';
export type { DiscoveryHandle } from './discovery';
export { CLASSIC_NAT_TYPES } from './discovery-types';
export type { DiscoveryInit, DiscoveryResult, ClassicNatType, NatBehavior, LifetimeBounds } from './discovery-types';
export { classicNatType } from './discovery-classic';
export type { ClassicInputs } from './discovery-classic';
export { LifetimeSearch, resolveLifetimeSearch } from './lifetime-search';
export type { LifetimeSearchInit, LifetimeSearchConfig } from './lifetime-search';
export { ProbeSocket } from './probe-socket';
export type { BindingProbe, BindingOutcome } from './probe-socket';
export { buildDiscoveryLab, runDiscovery, LAB_SERVER } from './discovery-lab';
export type { DiscoveryLabInit, DiscoveryLab } from './discovery-lab';

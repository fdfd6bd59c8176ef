/**
 * Closed sets of names the scenario format accepts, and every default value, in one place. The JSON Schema
 * (`default` and `enum`), the normaliser and the documentation all read them from here, so a default is written
 * once.
 */
import { DROP_REASONS } from '../../sim/trace-events';

/** RFC 4787 §4.1 mapping behaviours, §5 filtering behaviours, §4.2.1 port assignment, §4.1 pooling. */
export {
  FILTERING_BEHAVIORS as FILTERING_BEHAVIOURS, MAPPING_BEHAVIORS as MAPPING_BEHAVIOURS, PORT_ASSIGNMENTS, POOLINGS,
} from '../../nat/nat-config';
export type {
  FilteringBehavior as FilteringBehaviour, MappingBehavior as MappingBehaviour, PortAssignment, Pooling,
} from '../../nat/nat-config';
/** NAT presets: plain data over the RFC 4787 settings, defined by the NAT layer (src/nat). */
export { NAT_PRESET_NAMES, type NatPresetName } from '../../nat/nat-presets';
/** Firewall modes: filter without translating. */
export { FIREWALL_MODES, type FirewallMode } from '../../nat/firewall-config';

/** Trace levels of src/sim/trace.ts. */
export const TRACE_LEVELS = ['off', 'summary', 'full'] as const;

/** Agent types that run on hosts. */
export const AGENT_TYPES = ['discovery', 'hole-punch', 'ice', 'echo', 'traffic'] as const;
/** One of AGENT_TYPES. */
export type AgentType = (typeof AGENT_TYPES)[number];

/** Public server types. */
export const SERVER_TYPES = ['stun', 'turn'] as const;
/** One of SERVER_TYPES. */
export type ServerType = (typeof SERVER_TYPES)[number];

/** TURN client-to-server transports (RFC 8656 §3.1; tls is modelled in the simulator, docs/turn-tcp-tls.md). */
export const TURN_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
/** One of TURN_TRANSPORTS. */
export type TurnTransportName = (typeof TURN_TRANSPORTS)[number];

/** ICE candidate types, RFC 8445 §5.1.1. */
export const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const;
/** One of CANDIDATE_TYPES. */
export type CandidateType = (typeof CANDIDATE_TYPES)[number];

/** How a connected pair talks: straight between the peers, through a TURN relay, or either. */
export const PATH_KINDS = ['direct', 'relay', 'any'] as const;
/** One of PATH_KINDS. */
export type PathKind = (typeof PATH_KINDS)[number];

/** ICE transport policy (W3C RTCIceTransportPolicy): every candidate, or relayed candidates only. */
export const ICE_POLICIES = ['all', 'relay'] as const;
/** One of ICE_POLICIES. */
export type IcePolicy = (typeof ICE_POLICIES)[number];
/** Transports of the hole-punch agent: UDP punches (RFC 5128 §3.3) or TCP simultaneous open (RFC 5128 §3.4). */
export const HOLE_PUNCH_TRANSPORTS = ['udp', 'tcp'] as const;
/** One of HOLE_PUNCH_TRANSPORTS. */
export type HolePunchTransport = (typeof HOLE_PUNCH_TRANSPORTS)[number];

/** RFC 3489 §5 / §10.1 classic NAT type names a discovery agent reports. */
export const CLASSIC_NAT_TYPES = [
  'open-internet',
  'full-cone',
  'restricted-cone',
  'port-restricted-cone',
  'symmetric',
  'symmetric-udp-firewall',
  'udp-blocked',
] as const;
/** One of CLASSIC_NAT_TYPES. */
export type ClassicNatType = (typeof CLASSIC_NAT_TYPES)[number];

/** Packet outcomes a count expectation can count. */
export const PACKET_OUTCOMES = ['delivered', 'dropped'] as const;
/** One of PACKET_OUTCOMES. */
export type PacketOutcome = (typeof PACKET_OUTCOMES)[number];

/** Trace event kinds a node (not an agent) produces, usable in `after:` and `happens:` event references. */
export const NODE_EVENT_KINDS = [
  'sent',
  'link',
  'forwarded',
  'translated',
  'delivered',
  'dropped',
  'mapping-created',
  'mapping-refreshed',
  'mapping-expired',
  'mapping-flushed',
] as const;
/** One of NODE_EVENT_KINDS. */
export type NodeEventKind = (typeof NODE_EVENT_KINDS)[number];

/** The closed set of drop reasons, re-exported from the trace so the format and the trace never disagree. */
export const DROP_REASON_NAMES: readonly string[] = DROP_REASONS;

/**
 * Every default the format applies, as a user would write it. The schema shows these in `default`, the
 * normaliser parses them with the same code as user input.
 */
export const DEFAULTS = {
  seed: 1,
  duration: '60s',
  trace: 'full',
  signallingDelay: '0ms',
  link: {
    latency: '0ms',
    jitter: '0ms',
    loss: 0,
    duplicate: 0,
    bandwidth: 'unlimited',
    queue: 100,
    mtu: 1500,
    up: true,
  },
  burstLoss: { lossInBad: 1 },
  reorderDelay: '10ms',
  stunPort: 3478,
  turnPort: 3478,
  turnRealm: 'natsim',
  relayPorts: '49152-65535',
  turnDefaultLifetime: '10m',
  turnMaxLifetime: '1h',
  agentPort: 0,
  ice: { trickle: true, policy: 'all', restartOnFailure: false, restartAfterFailedChecks: true, tcpCandidates: false },
  holePunchKeepalive: '0s',
  holePunchTransport: 'udp' as HolePunchTransport,
  traffic: { count: 1, size: 100, every: '1s' },
  send: { count: 1, size: 100, every: '0s' },
  afterDelay: '0ms',
  via: 'any',
} as const;

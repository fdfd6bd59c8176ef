/**
 * natsim's public API: build a simulated network in TypeScript (World, NATs, servers, agents), run it on virtual
 * time, check what happened, or load and run scenario files. See docs/library.md.
 */

// Layer 0: virtual time, randomness, the trace.
export { Sim, Trace, TraceRecorder, Rng, DROP_REASONS, MS, SECOND, ms, seconds, toMs, formatTime, eventJson, eventLine } from './sim';
export type {
  SimInit, TraceLevel, TraceListener, TraceEvent, TraceKind, DropReason, AgentEvent, DroppedEvent, DeliveredEvent, MappingEvent,
  TranslatedEvent, LinkEvent, SentEvent, ForwardedEvent, TracePacket, RandomSource, Timers, TimerHandle, Micros,
} from './sim';

// Layer 1: the network.
export { World, Host, Router, Segment, Cidr, SimUdpSocket, SimTcpSocket, SimTcpServer, parseIpv4, formatIpv4, TopologyError, AddressError, LinkConfigError } from './net';
export type { WorldInit, HostInit, AttachInit, LinkProps, BurstLoss, HostEnv, UdpSocketLike, RemoteInfo, Iface, TcpSocketLike, TcpServerLike, TcpConnectOptions } from './net';

// Layer 2: NATs and firewalls (RFC 4787).
export {
  addNat, addFirewall, NatNode, FirewallNode, NatTable, NAT_PRESETS, NAT_PRESET_NAMES, natPreset, listNatPresets, resolveNatConfig,
  NatConfigError,
} from './nat';
export type { NatInit, NatConfig, FirewallInit, AddNatInit, AddFirewallInit, MappingSnapshot, NatPresetName } from './nat';

// Layer 2: IPv6 middleboxes (docs/nat64.md): NAT64 (RFC 6146), NPTv6 (RFC 6296), IPv6 firewall (RFC 6092), dual-stack NAT.
export {
  Nat64Node, Nat64Table, Nptv6Node, Nptv6Translator, Ipv6FirewallNode, Ipv6Firewall, DualStackNatNode, Nat64Prefix,
  WELL_KNOWN_NAT64_PREFIX, IPV6_FIREWALL_PRESETS,
} from './nat';
export type { Nat64Init, Nptv6Init, Ipv6FirewallInit, DualStackInit } from './nat';

// Layer 4: agents.
export { StunServer } from './agents/stun/stun-server';
export type { StunServerInit } from './agents/stun/stun-server-config';
export { StunClient } from './agents/stun/stun-client';
export { discoverNat } from './agents/stun/discovery';
export { discoveryJson } from './agents/stun/discovery-json';
export type { DiscoveryJson } from './agents/stun/discovery-json';
export type { DiscoveryInit, DiscoveryResult } from './agents/stun/discovery-types';
export { TurnServer, TurnClient } from './agents/turn';
export type { TurnServerInit, TurnClientInit } from './agents/turn';
export { IceAgent } from './agents/ice';
export type { IceAgentInit, IceAgentCallbacks, IceConnectedEvent, SelectedPairInfo } from './agents/ice';
export { HolePunchAgent, HolePunchConfigError } from './agents/holepunch';
export type { HolePunchInit, HolePunchConnected, HolePunchFailed, HolePunchFailure } from './agents/holepunch';
export { SignalingChannel } from './agents/signaling';
export type { SignalingEndpoint, SignalingMessage } from './agents/signaling';

// Layer 5: reports.
export {
  writeReport, summaryLine, summaryJson, reportMarkdown, reportHtml, traceJsonl, pcapngFromEvents, JsonlTraceWriter, PcapngWriter,
  runRecordFromSim, topologyFromWorld, REPORT_FILES,
} from './report';
export type { RunRecord, ExpectationResult, RunStats, TopologyInfo } from './report';

// Layer 6: scenarios (format, builder, agents, timeline, expectations, runner).
export {
  loadScenarioFile, parseScenarioText, parseScenarioSpec, validateFiles, ScenarioError, formatIssue, scenarioJsonSchema,
  strictScenarioSchema, parseDuration, buildScenarioWorld, buildTopology, addStunServer, addTurnServer, ScenarioBuildError,
  ScenarioRuntimeError, BaseAgent, EchoAgent, TrafficAgent, DiscoveryAgent, IceScenarioAgent, createScenarioAgent, Timeline,
  configureLink, moveHost, rebootNat, setNatBehaviour, applyAction, createEvaluator, runScenario, scenarioFromObject,
  scenarioFileFromObject, sweepTableText,
} from './scenario';
export type {
  ScenarioSpec, ScenarioFile, SweepCell, ScenarioIssue, ScenarioWorld, ScenarioWorldInit, ScenarioAgent, EchoAgentInit,
  TrafficAgentInit, DiscoveryAgentInit, IceScenarioAgentInit, StunServerSiteInit, TurnServerSiteInit, ServerSite, EventSelector,
  MoveInit, Evaluator, ExpectationOutcome, RunScenarioInit, ScenarioRunResult, ExpectationSpec, AgentSpec, TimelineEntry,
} from './scenario';

/**
 * Layer 6, scenarios: the file format, building a World from a scenario (the builder functions are also the
 * TypeScript API), agents for scenarios, the timeline, expectations and the runner.
 */
export * from './format';
export { buildTopology } from './build/build-topology';
export type { BuiltTopology } from './build/build-topology';
export { buildScenarioWorld } from './build/scenario-world';
export type { ScenarioWorld, ScenarioWorldInit } from './build/scenario-world';
export { addStunServer, addTurnServer } from './build/servers';
export type { StunServerSiteInit, TurnServerSiteInit, ServerSite } from './build/servers';
export { ScenarioBuildError, ScenarioRuntimeError } from './build/errors';
export { LinkRegistry } from './build/link-registry';
export { netLinkProps } from './build/link-convert';
export { natInitFromSpec, setNatPatch } from './build/nat-settings';
export { BaseAgent } from './agents/scenario-agent';
export type { ScenarioAgent } from './agents/scenario-agent';
export { EchoAgent } from './agents/echo-agent';
export type { EchoAgentInit } from './agents/echo-agent';
export { TrafficAgent, trafficPayload } from './agents/traffic-agent';
export type { TrafficAgentInit } from './agents/traffic-agent';
export { DiscoveryAgent } from './agents/discovery-agent';
export type { DiscoveryAgentInit } from './agents/discovery-agent';
export { IceScenarioAgent } from './agents/ice-scenario-agent';
export type { IceScenarioAgentInit } from './agents/ice-scenario-agent';
export { HolePunchScenarioAgent, createHolePunchAgent } from './agents/hole-punch-scenario-agent';
export type { HolePunchScenarioAgentInit } from './agents/hole-punch-scenario-agent';
export { createScenarioAgent, turnCredentials } from './agents/create-agent';
export type { AgentContext } from './agents/create-agent';
export { Timeline, configureLink } from './timeline/timeline-api';
export type { EventSelector } from './timeline/timeline-api';
export { applyAction, describeAction, moveHost, rebootNat, setNatBehaviour, setLink } from './timeline/actions';
export type { ActionContext, MoveInit } from './timeline/actions';
export { scheduleTimeline } from './timeline/timeline';
export { matchesEventRef } from './timeline/event-match';
export * from './expect';
export { runScenario } from './run/run-scenario';
export type { RunScenarioInit, ScenarioRunResult } from './run/run-scenario';
export { REPLAY_FILE, writeReplayFiles } from './run/replay-files';
export type { ReplayInfo } from './run/replay-files';
export { sweepTableText, sweepTableMarkdown, cellObserved } from './run/sweep-summary';
export type { SweepCellSummary } from './run/sweep-summary';
export { scenarioFromObject, scenarioFileFromObject } from './scenario-object';

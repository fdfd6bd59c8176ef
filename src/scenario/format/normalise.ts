/**
 * Semantic pass over one concrete scenario document: checks what a schema cannot (references, addresses,
 * peers, times) and builds the typed ScenarioSpec with every default applied. It runs even when the schema
 * found problems, reading defensively, so all problems are reported together.
 */
import { basename, extname } from 'path';
import type { TraceLevel } from '../../sim/trace';
import { DEFAULTS } from './constants';
import { checkFirewallRoutes } from './firewall-routes';
import { isRaw, NormaliseContext } from './normalise-context';
import { normaliseAgents, registerAgents } from './normalise-agents';
import { normaliseExpectations } from './normalise-expectations';
import { agentsStartedByTimeline, normaliseTimeline } from './normalise-timeline';
import { normaliseTopology } from './normalise-topology';
import type { RawIssue } from './schema-errors';
import type { PositionIndex } from './source-map';
import type { ScenarioSpec, SweepValue } from './spec-types';

/** The typed scenario (when the document is well-formed enough to build one) and the problems found. */
export interface NormaliseResult {
  readonly spec: ScenarioSpec | undefined;
  readonly issues: readonly RawIssue[];
}

/** Name of a scenario without `name:`: the file name without its extension. */
export function defaultScenarioName(file: string): string {
  return basename(file, extname(file)) || 'scenario';
}

/** Builds the typed scenario for one sweep cell (params {} without a sweep). */
export function normaliseScenario(data: unknown, file: string, positions: PositionIndex, params: Readonly<Record<string, SweepValue>>): NormaliseResult {
  const ctx = new NormaliseContext(file, positions);
  if (!isRaw(data)) return { spec: undefined, issues: ctx.issues };
  const durationMs = ctx.duration(data, 'duration', [], DEFAULTS.duration);
  if (durationMs <= 0 && 'duration' in data) ctx.error(['duration'], `the run needs a duration above 0`);
  const topology = normaliseTopology(ctx, isRaw(data.topology) ? data.topology : {});
  checkFirewallRoutes(ctx, topology);
  registerAgents(ctx, data.agents);
  const agents = normaliseAgents(ctx, topology, agentsStartedByTimeline(ctx, data.timeline));
  const timeline = normaliseTimeline(ctx, data.timeline, durationMs);
  const expectations = normaliseExpectations(ctx, data.expectations, durationMs, params);
  const signalling = isRaw(data.signalling) ? data.signalling : {};
  const spec: ScenarioSpec = {
    name: ctx.str(data, 'name') ?? defaultScenarioName(file),
    description: ctx.str(data, 'description', ''),
    file,
    params,
    seed: ctx.int(data, 'seed', DEFAULTS.seed),
    durationMs,
    trace: ctx.str(data, 'trace', DEFAULTS.trace) as TraceLevel,
    signalling: { delayMs: ctx.duration(signalling, 'delay', ['signalling'], DEFAULTS.signallingDelay) },
    topology,
    agents,
    timeline,
    expectations,
  };
  return { spec, issues: ctx.issues };
}

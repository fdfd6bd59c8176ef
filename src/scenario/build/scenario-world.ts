/**
 * A scenario made runnable: the World built from the spec (topology, servers, agents, signalling), with its
 * timeline scheduled and its expectations watching the trace. `buildScenarioWorld` does everything that can fail
 * on bad input before any virtual time passes, so a runner can build every scenario first and run none if one is
 * broken.
 */
import { SignalingChannel } from '../../agents/signaling';
import { resolveNatConfig } from '../../nat/nat-validate';
import { mergeNatInit } from '../../nat/nat-validate';
import { World } from '../../net/world';
import type { RunStop } from '../../sim/scheduler';
import type { TraceListener } from '../../sim/trace';
import { ms } from '../../sim/time';
import { createScenarioAgent } from '../agents/create-agent';
import type { ScenarioAgent } from '../agents/scenario-agent';
import { createEvaluator, Evaluator, ExpectationOutcome } from '../expect';
import type { ScenarioSpec, TimelineEntry } from '../format/spec-types';
import { scheduleTimeline } from '../timeline/timeline';
import { TraceBus } from '../timeline/trace-bus';
import { BuiltTopology, buildTopology } from './build-topology';
import { atSource, ScenarioBuildError } from './errors';
import { natInitFromSpec, setNatPatch } from './nat-settings';

/** Options of buildScenarioWorld. */
export interface ScenarioWorldInit {
  /** Seed of every random stream. @default spec.seed */
  seed?: number;
  /** Trace listeners subscribed before anything is built (so they see every event, e.g. a JSONL writer). */
  listeners?: readonly TraceListener[];
  /** Most events the run may process before RunawayError. @default 50_000_000 (SchedulerInit.maxEvents) */
  maxEvents?: number;
}

/** A built scenario, ready to run. */
export interface ScenarioWorld {
  readonly spec: ScenarioSpec;
  /** The seed in use. */
  readonly seed: number;
  readonly world: World;
  readonly topology: BuiltTopology;
  /** key: agent name. */
  readonly agents: ReadonlyMap<string, ScenarioAgent>;
  readonly signaling: SignalingChannel;
  readonly evaluators: readonly Evaluator[];
  /** Starts autostart agents at time 0 and schedules the timeline. Call once, before run(). */
  schedule(): void;
  /** Runs virtual time to the scenario's duration; a RunGuard's condition may stop it early (RunawayError). */
  run(guard?: { readonly condition: () => boolean }): RunStop;
  /** Every expectation's verdict, in spec order. */
  results(): ExpectationOutcome[];
}

/** Refuses what the format accepts but a run cannot honour (checked before anything runs). */
function checkRunnable(spec: ScenarioSpec): void {
  if (spec.trace !== 'full') {
    const needsTrace = spec.expectations[0] ?? spec.timeline.find((e) => e.trigger.kind === 'after');
    if (needsTrace) throw new ScenarioBuildError(needsTrace.source, `expectations and after: triggers need the full trace, but the scenario says trace: ${spec.trace}`);
  }
  for (const entry of spec.timeline) checkSetNat(spec, entry);
}

/** A `setNat` must leave a translating NAT with valid settings. */
function checkSetNat(spec: ScenarioSpec, entry: TimelineEntry): void {
  const a = entry.action;
  if (a.kind !== 'set-nat') return;
  const nat = spec.topology.nats.find((n) => n.name === a.nat);
  if (!nat) return;
  atSource(entry.source, () => {
    const merged = mergeNatInit(natInitFromSpec(nat), setNatPatch(a.preset, a.behaviour));
    const cfg = resolveNatConfig(merged, { path: `${entry.source.path}.setNat`, externalIps: [nat.outside.ip] });
    if (!cfg.translate) throw new Error(`a running NAT cannot be turned into an open one (no NAT); use another preset`);
    if (!resolveNatConfig(natInitFromSpec(nat), { externalIps: [nat.outside.ip] }).translate) {
      throw new Error(`'${nat.name}' is an open NAT (no NAT); it has no behaviour to change`);
    }
  });
}

/** Builds the world of a scenario (nothing runs yet; servers bind at time 0 once run() starts). */
export function buildScenarioWorld(spec: ScenarioSpec, init: ScenarioWorldInit = {}): ScenarioWorld {
  checkRunnable(spec);
  const seed = init.seed ?? spec.seed;
  const world = new World({ seed, trace: spec.trace, ...(init.maxEvents !== undefined ? { maxEvents: init.maxEvents } : {}) });
  for (const l of init.listeners ?? []) world.sim.trace.subscribe(l);
  const bus = new TraceBus(world.sim.trace);
  const evaluators = spec.expectations.map(createEvaluator);
  bus.on((ev) => {
    for (const e of evaluators) e.observe(ev);
  });
  const topology = buildTopology(world, spec.topology);
  const signaling = SignalingChannel.forWorld(world, { delayMs: spec.signalling.delayMs });
  // Every peer agent has a mailbox on the signalling server from the start (like a rendezvous server that holds
  // messages for a peer that has not connected yet), so an agent started later still gets what was sent earlier.
  for (const a of spec.agents) if (a.type === 'ice' || a.type === 'hole-punch') signaling.endpoint(a.name);
  const agents = new Map<string, ScenarioAgent>();
  for (const a of spec.agents) {
    agents.set(a.name, atSource(a.source, () => createScenarioAgent(a, { hosts: topology.hosts, signaling, servers: spec.topology.servers })));
  }
  let scheduled = false;
  return {
    spec, seed, world, topology, agents, signaling, evaluators,
    schedule: () => {
      if (scheduled) return;
      scheduled = true;
      for (const a of spec.agents) {
        const agent = agents.get(a.name)!;
        if (a.autostart) world.sim.scheduler.schedule(0, () => agent.start());
      }
      scheduleTimeline(world.sim, bus, { world, links: topology.links, nats: topology.nats, hosts: topology.hosts, agents }, spec.timeline);
    },
    run: (guard) => world.sim.scheduler.run({ until: ms(spec.durationMs), ...(guard ? { condition: guard.condition } : {}) }),
    results: () => evaluators.map((e) => e.finish(world.sim.now)),
  };
}

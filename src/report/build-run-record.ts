/**
 * Helpers for the scenario runner: build a RunRecord from a finished world (its Sim, its networks and nodes) or
 * from a plain list of events.
 */
import { addressNumberText } from '../sim/address-numbers';
import { Router } from '../net/router';
import type { Sim } from '../sim/sim';
import { Trace } from '../sim/trace';
import type { TraceEvent } from '../sim/trace-events';
import {
  ExpectationResult, IfaceInfo, NODE_KINDS, NodeInfo, NodeKind, RunRecord, RunStats, ScenarioInfo, TopologyInfo,
  sortKeys,
} from './run-record';

/** Stats read from a Sim after its run: virtual time, event count, trace hash and counters. */
export function statsFromSim(sim: Sim): RunStats {
  return {
    virtualTimeMs: sim.now / 1000,
    events: sim.trace.count,
    traceHash: sim.trace.digest(),
    counters: sortKeys(sim.trace.snapshotCounters()),
  };
}

/**
 * Stats recomputed from a list of events, exactly as a 'full' Trace would have counted and hashed them.
 * @param endUs virtual time at the end of the run (µs). @default the time of the last event, or 0
 */
export function statsFromEvents(events: readonly TraceEvent[], endUs?: number): RunStats {
  const trace = new Trace('full');
  for (const ev of events) trace.record(ev);
  const end = endUs ?? (events.length > 0 ? events[events.length - 1].t : 0);
  return {
    virtualTimeMs: end / 1000,
    events: trace.count,
    traceHash: trace.digest(),
    counters: sortKeys(trace.snapshotCounters()),
  };
}

/** The parts of a world that topologyFromWorld reads (structural, so any layer's World fits). */
export interface WorldLike {
  networkList(): readonly { readonly name: string; readonly cidr: { toString(): string }; readonly prefixes?: readonly { toString(): string }[] }[];
  nodeList(): readonly NodeLike[];
}

/** The interface fields topologyFromWorld reads. */
export interface IfaceLike {
  readonly name: string;
  readonly ip: number;
  /** Further addresses (either family), when the interface has them. */
  readonly others?: readonly number[];
  readonly segment: { readonly name: string };
}

/** The parts of a node that topologyFromWorld reads. */
export interface NodeLike {
  readonly name: string;
  readonly ifaces: readonly IfaceLike[];
  /** A node class may say what it is; used when no describe() callback answers. */
  readonly kind?: unknown;
}

/** What a describe() callback says about a node. */
export interface NodeDescription {
  readonly kind: NodeKind;
  readonly detail?: string;
  /** key: interface name; value: which side it faces (NATs and firewalls). */
  readonly roles?: Readonly<Record<string, 'inside' | 'outside'>>;
}


/** The node's outside interface when it exposes one (NatNode's `outside`). */
function outsideOf(node: NodeLike): IfaceLike | undefined {
  const o = (node as { outside?: unknown }).outside;
  return node.ifaces.find((i) => i === o);
}

/** Without a describe() answer: the node's `kind` property, else NAT (has `nat` and `outside`), router, or host. */
function defaultKind(node: NodeLike): NodeKind {
  const k = node.kind;
  if (typeof k === 'string' && (NODE_KINDS as readonly string[]).includes(k)) return k as NodeKind;
  if ('nat' in node && outsideOf(node)) return 'nat';
  return node instanceof Router ? 'router' : 'host';
}

/**
 * The topology of a world. `describe` tells what each node is (the runner knows which hosts run servers); without
 * an answer the node's own `kind` property is used, else 'nat' for a node with `nat` and `outside` (NatNode),
 * 'router' for other routers, 'host' for the rest. Interface roles default from a node's `outside` interface.
 */
export function topologyFromWorld(world: WorldLike, describe?: (node: NodeLike) => NodeDescription | undefined): TopologyInfo {
  const networks = world.networkList().map((n) => ({
    name: n.name, cidr: n.cidr.toString(), ...(n.prefixes && n.prefixes.length > 1 ? { prefixes: n.prefixes.map(String) } : {}),
  }));
  const nodes = world.nodeList().map((node): NodeInfo => {
    const d = describe?.(node);
    const outside = outsideOf(node);
    const ifaces = node.ifaces.map((i): IfaceInfo => {
      const role = d?.roles?.[i.name] ?? (outside ? (i === outside ? 'outside' : 'inside') : undefined);
      const more = i.others?.length ? { moreIps: i.others.map(addressNumberText) } : {};
      return { name: i.name, ip: addressNumberText(i.ip), ...more, network: i.segment.name, ...(role ? { role } : {}) };
    });
    return { name: node.name, kind: d?.kind ?? defaultKind(node), ...(d?.detail ? { detail: d.detail } : {}), ifaces };
  });
  return { networks, nodes };
}

/** The parts of a run the runner supplies to runRecordFromSim. */
export interface RunParts {
  readonly scenario: ScenarioInfo;
  readonly topology: TopologyInfo;
  /** Every event, e.g. a TraceRecorder's `events`. */
  readonly events: readonly TraceEvent[];
  readonly expectations: readonly ExpectationResult[];
}

/** A RunRecord whose stats come from the world's Sim (so traceHash is the one the run printed). */
export function runRecordFromSim(sim: Sim, parts: RunParts): RunRecord {
  return { ...parts, stats: statsFromSim(sim) };
}

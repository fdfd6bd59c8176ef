/**
 * The input of every report: one finished run of one scenario (or one sweep cell). The scenario runner builds it;
 * every report file is a pure function of it. Everything except `events` is plain JSON, so a record can be stored
 * and replayed.
 */
import type { TraceEvent } from '../sim/trace-events';

/** Which scenario ran, with what seed and which sweep parameters. */
export interface ScenarioInfo {
  /** Scenario name, e.g. `nat-mapping-basics`. */
  readonly name: string;
  /** The description written for students (plain text; blank lines separate paragraphs). */
  readonly description: string;
  /** Path of the scenario file, when it came from one. */
  readonly file?: string;
  /** The seed of every random stream in the run. */
  readonly seed: number | string;
  /** Sweep cell values, e.g. `{ natA: 'symmetric', natB: 'full-cone' }`. Keys are sorted in every output. */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

/** A network (subnet). */
export interface NetworkInfo {
  /** Network name; `link` trace events carry it. */
  readonly name: string;
  /** Prefix, e.g. `192.168.1.0/24` or `2001:db8:1::/64`; the first of a dual-stack network's. */
  readonly cidr: string;
  /** A dual-stack network's prefixes (IPv4 and IPv6) in order; absent with one prefix. */
  readonly prefixes?: readonly string[];
}

/** What a node is; decides its colour, shape and place in the drawings. */
export type NodeKind = 'host' | 'router' | 'nat' | 'firewall' | 'stun-server' | 'turn-server';

/** Every NodeKind, in drawing-legend order. */
export const NODE_KINDS: readonly NodeKind[] = ['host', 'nat', 'firewall', 'router', 'stun-server', 'turn-server'];

/** One interface of a node. */
export interface IfaceInfo {
  /** Interface name on its node, e.g. `eth0`; `link` events name it `node/eth0`. */
  readonly name: string;
  /** Primary address: IPv4 dotted quad, or RFC 5952 IPv6 text. */
  readonly ip: string;
  /** Further addresses of the interface (either family, RFC 5952 for IPv6); absent with one address. */
  readonly moreIps?: readonly string[];
  /** Name of the network it is attached to. */
  readonly network: string;
  /**
   * For NATs and firewalls: which side this interface faces (RFC 4787 §3 "internal"/"external" realms).
   * @default inferred: the interface on the least private network (public, then 100.64.0.0/10, then RFC 1918);
   *   on a tie the last interface is the outside one.
   */
  readonly role?: 'inside' | 'outside';
}

/** A node of the topology. */
export interface NodeInfo {
  readonly name: string;
  readonly kind: NodeKind;
  /** One short line for people, e.g. the NAT preset or `EIM / APDF, 30 s`. */
  readonly detail?: string;
  readonly ifaces: readonly IfaceInfo[];
}

/** The network as built. Order is kept: it decides left-to-right order where the layout has a free choice. */
export interface TopologyInfo {
  readonly networks: readonly NetworkInfo[];
  readonly nodes: readonly NodeInfo[];
}

/** The outcome of one expectation. */
export interface ExpectationResult {
  /** What was expected, in words, e.g. `alice and bob connect directly within 5s`. */
  readonly name: string;
  readonly passed: boolean;
  /** Why it passed or failed, e.g. `connected at 1.234s via host/srflx`. */
  readonly detail: string;
  /** The trace events that decided it (a handful, not the whole trace). */
  readonly evidence: readonly TraceEvent[];
}

/** Totals of the run. */
export interface RunStats {
  /** Virtual time at the end of the run, in milliseconds. */
  readonly virtualTimeMs: number;
  /** Number of trace events recorded. */
  readonly events: number;
  /** Trace hash (Trace.digest()): hex SHA-256 over the canonical event lines. */
  readonly traceHash: string;
  /** Trace counters: key is an event kind, `dropped:<reason>` or `agent:<agent>:<event>` (see TraceCounters). */
  readonly counters: Readonly<Record<string, number>>;
}

/** Everything a report needs about one run. */
export interface RunRecord {
  readonly scenario: ScenarioInfo;
  readonly topology: TopologyInfo;
  /** The full trace in recording order (may be empty when the run traced at level 'summary'). */
  readonly events: readonly TraceEvent[];
  readonly expectations: readonly ExpectationResult[];
  readonly stats: RunStats;
}

/** True when every expectation passed (and so when there are none). */
export function recordPassed(record: RunRecord): boolean {
  return record.expectations.every((e) => e.passed);
}

/** A map or object as a plain object with keys sorted by code unit (stable JSON key order on any machine). */
export function sortKeys<T>(obj: ReadonlyMap<string, T> | Readonly<Record<string, T>>): Record<string, T> {
  const entries: [string, T][] = obj instanceof Map ? [...obj] : Object.entries(obj as Record<string, T>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * Shared state of one normalisation pass: the issues found so far, name registries for reference checks, and
 * defensive readers that never throw on data the schema has already rejected (the pass runs anyway, so every
 * problem is reported at once).
 */
import { didYouMean, listValid } from './did-you-mean';
import type { Cidr } from './ipv4';
import type { RawIssue } from './schema-errors';
import type { ConfigPath, PathSegment, PositionIndex } from './source-map';
import { formatPath } from './source-map';
import type { SourceRef } from './spec-types';
import { parseBandwidth, parseDuration, parseProbability, UnitResult } from './units';

/** A plain object from the document. */
export type Raw = Readonly<Record<string, unknown>>;

/** Node kinds as they appear under topology. */
export type NodeKind = 'host' | 'router' | 'nat' | 'firewall' | 'ipv6-firewall' | 'nat64' | 'nptv6' | 'server';

/** Kinds that forward packets from their inside network (they can be a gateway there). */
export const INSIDE_FORWARDERS: readonly NodeKind[] = ['nat', 'firewall', 'ipv6-firewall', 'nat64', 'nptv6'];

/** What the pass knows about a node while checking references. */
export interface NodeInfo {
  readonly kind: NodeKind;
  /** For servers: 'stun' | 'turn'. */
  readonly serverType?: string;
  /** Networks the node has an interface on, with its addresses there (primary first). key: network name */
  readonly addresses: Map<string, string[]>;
  /** For NATs, firewalls and the IPv6 boxes (INSIDE_FORWARDERS): the inside network, where the node is a gateway. */
  insideNetwork?: string;
  readonly path: ConfigPath;
}

/** What the pass knows about a network. */
export interface NetworkInfo {
  /** The primary (first written) prefix. */
  readonly cidr: Cidr | undefined;
  /** Every prefix that parsed, at most one per family. */
  readonly prefixes: readonly Cidr[];
  /** True when a written prefix did not parse (reported): addresses are then not checked against a missing family. */
  readonly incomplete?: boolean;
  /** key: address number (src/net/ip-number.ts, either family); value: owning node and where it was given. */
  readonly members: Map<number, { readonly node: string; readonly path: ConfigPath }>;
}

/** True for a plain object. */
export function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Entries of a map-valued key, skipping non-object values (the schema reports those). */
export function entriesOf(v: unknown): [string, Raw][] {
  if (!isRaw(v)) return [];
  return Object.entries(v).filter((e): e is [string, Raw] => isRaw(e[1]));
}

/** State of one pass. */
export class NormaliseContext {
  readonly issues: RawIssue[] = [];
  /** key: network name */
  readonly networks = new Map<string, NetworkInfo>();
  /** key: node name (unique across kinds) */
  readonly nodes = new Map<string, NodeInfo>();
  /** key: agent name; value: its raw definition (registered before agents are read, for forward references) */
  readonly agents = new Map<string, { readonly type: string; readonly obj: Raw; readonly path: ConfigPath }>();

  constructor(
    readonly file: string,
    private readonly positions: PositionIndex,
  ) {}

  /** Records a problem. */
  error(path: ConfigPath, message: string, extra: Partial<Omit<RawIssue, 'path' | 'message'>> = {}): void {
    this.issues.push({ path, part: extra.part ?? 'value', message, expected: extra.expected, didYouMean: extra.didYouMean });
  }

  /** Where a path is, for the typed model. */
  source(path: ConfigPath): SourceRef {
    const p = this.positions.locate(path, 'key');
    return { file: this.file, line: p.line, column: p.column, path: formatPath(path) };
  }

  /** Reads a unit value with a parser; reports a failure and returns the fallback. */
  unit<T>(obj: Raw, key: string, path: ConfigPath, parse: (v: unknown) => UnitResult<T>, fallback: T): T {
    if (!(key in obj) || obj[key] === undefined) return fallback;
    const r = parse(obj[key]);
    if (r.ok) return r.value;
    this.error([...path, key], r.error);
    return fallback;
  }

  /** A duration in ms, or the default: a duration string (`'60s'`) or a number of ms used as is. */
  duration(obj: Raw, key: string, path: ConfigPath, def: string | number): number {
    const d = typeof def === 'number' ? { ok: true as const, value: def } : parseDuration(def);
    return this.unit(obj, key, path, parseDuration, d.ok ? d.value : 0);
  }

  /** A probability 0..1. */
  probability(obj: Raw, key: string, path: ConfigPath, def: number): number {
    return this.unit(obj, key, path, parseProbability, def);
  }

  /** A bandwidth in bits/s (0 = unlimited). */
  bandwidth(obj: Raw, key: string, path: ConfigPath, def: string): number {
    const d = parseBandwidth(def);
    return this.unit(obj, key, path, parseBandwidth, d.ok ? d.value : 0);
  }

  /** A string field, or the default when missing or of the wrong type. */
  str<T extends string = string>(obj: Raw, key: string, def: T): T;
  str<T extends string = string>(obj: Raw, key: string): T | undefined;
  str(obj: Raw, key: string, def?: string): string | undefined {
    const v = obj[key];
    return typeof v === 'string' ? v : def;
  }

  /** An integer field, or the default. */
  int(obj: Raw, key: string, def: number): number {
    const v = obj[key];
    return typeof v === 'number' && Number.isInteger(v) ? v : def;
  }

  /** A boolean field, or the default. */
  bool(obj: Raw, key: string, def: boolean): boolean {
    const v = obj[key];
    return typeof v === 'boolean' ? v : def;
  }

  /** A name or list of names, as a list (strings only). */
  names(v: unknown): string[] {
    if (typeof v === 'string') return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /**
   * Checks that `name` is one of `valid`; reports "unknown <what>" with the valid names and a did-you-mean.
   * Returns whether it is valid.
   */
  reference(name: string | undefined, valid: Iterable<string>, what: string, path: ConfigPath): name is string {
    if (name === undefined) return false;
    const list = [...valid];
    if (list.includes(name)) return true;
    this.error(path, `unknown ${what} '${name}'`, { expected: listValid(list), didYouMean: didYouMean(name, list) });
    return false;
  }

  /** Names of nodes of some kinds, in definition order. */
  nodeNames(...kinds: NodeKind[]): string[] {
    return [...this.nodes].filter(([, n]) => kinds.length === 0 || kinds.includes(n.kind)).map(([k]) => k);
  }
}

/** Appends segments to a path. */
export function at(path: ConfigPath, ...segs: PathSegment[]): ConfigPath {
  return [...path, ...segs];
}

/**
 * Building blocks for the scenario JSON Schema (draft-07, the draft ajv and yaml-language-server support best).
 * Every property gets a description (editors show it as help) and objects forbid unknown keys. The same builder
 * makes two variants: the strict schema the loader validates each concrete scenario against, and the published
 * editor schema, in which any leaf may also be a `${param}` sweep placeholder.
 */
import { CIDR_HINT, CIDR_PATTERN, IP_HINT, IP_PATTERN, IPV4_HINT, IPV4_PATTERN, PREFIX_HINT, PREFIX_PATTERN } from './ipv4';
import {
  BANDWIDTH_HINT,
  BANDWIDTH_PATTERN,
  DURATION_HINT,
  DURATION_PATTERN,
  PERCENT_PATTERN,
  PORT_RANGE_HINT,
  PORT_RANGE_PATTERN,
} from './units';

/** A JSON Schema object. */
export type JsonSchema = { [keyword: string]: unknown };

/** Regular expression source for names of networks, nodes and agents. */
export const NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';
/** Regular expression source for a route destination: a prefix of either family or `default`. */
export const ROUTE_TO_PATTERN = `^(?:default|${PREFIX_PATTERN.slice(1, -1)})$`;
/** Regular expression source for a sweep parameter name. */
export const PARAM_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
/** Regular expression source for a `host:port` or `ip:port` endpoint, or a bare echo agent name. */
export const ENDPOINT_PATTERN = '^(?:[A-Za-z0-9][A-Za-z0-9_.-]*:\\d{1,5}|\\[[0-9A-Fa-f:.]+\\]:\\d{1,5}|[A-Za-z][A-Za-z0-9_-]*)$';
/** Longest scenario name: it becomes a report folder name, and file systems refuse names over 255 bytes. */
export const MAX_SCENARIO_NAME_LENGTH = 100;
/** Regular expression source for a scenario name (used as a report folder name, so at most 100 characters). */
export const SCENARIO_NAME_PATTERN = `^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_SCENARIO_NAME_LENGTH - 1}}$`;
/** Regular expression source for an agent event name. */
export const EVENT_PATTERN = '^[a-z][a-z0-9-]*$';
/** Placeholder accepted by the editor schema in any leaf. */
const PLACEHOLDER_PATTERN = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}';

/** What a patterned string is, for documentation and error messages; key: the pattern source. */
export const PATTERN_TYPES: ReadonlyMap<string, { readonly type: string; readonly hint: string }> = new Map([
  [DURATION_PATTERN, { type: 'duration', hint: DURATION_HINT }],
  [PERCENT_PATTERN, { type: 'probability', hint: 'a probability from 0 to 1 (0.01) or a percentage (1%)' }],
  [BANDWIDTH_PATTERN, { type: 'bandwidth', hint: BANDWIDTH_HINT }],
  [PORT_RANGE_PATTERN, { type: 'port range', hint: PORT_RANGE_HINT }],
  [IPV4_PATTERN, { type: 'IPv4 address', hint: IPV4_HINT }],
  [CIDR_PATTERN, { type: 'IPv4 prefix', hint: CIDR_HINT }],
  [IP_PATTERN, { type: 'IP address', hint: IP_HINT }],
  [PREFIX_PATTERN, { type: 'IP prefix', hint: PREFIX_HINT }],
  [ROUTE_TO_PATTERN, { type: 'IP prefix', hint: `${PREFIX_HINT}, or default (0.0.0.0/0 or ::/0, by the next hop's family)` }],
  [NAME_PATTERN, { type: 'name', hint: 'a name of letters, digits, - and _, starting with a letter' }],
  [PARAM_PATTERN, { type: 'parameter name', hint: 'letters, digits and _, not starting with a digit' }],
  [ENDPOINT_PATTERN, { type: 'endpoint', hint: 'ip:port ([v6]:port for IPv6), node:port, or the name of an echo agent' }],
  [SCENARIO_NAME_PATTERN, { type: 'scenario name', hint: `letters, digits, ., - and _, at most ${MAX_SCENARIO_NAME_LENGTH} characters` }],
  [EVENT_PATTERN, { type: 'event name', hint: 'lower-case words joined by -, like connected' }],
]);

/** Options for building a schema variant. */
export interface SchemaOptions {
  /** Accept `${param}` placeholders in every leaf (the editor schema). @default false */
  readonly placeholders: boolean;
}

/** Builds schema fragments for one variant. */
export class SchemaBuilder {
  constructor(private readonly opts: SchemaOptions) {}

  /** A string matching a pattern from PATTERN_TYPES (or, for probabilities and durations, also a number). */
  patterned(pattern: string, description: string, extra: JsonSchema = {}): JsonSchema {
    const p = this.opts.placeholders ? `(?:${pattern})|${PLACEHOLDER_PATTERN}` : pattern;
    return { type: 'string', ...extra, pattern: p, description };
  }

  /** A duration (`150ms`, `2s`); the number 0 is also accepted, other bare numbers are rejected later with a hint. */
  duration(description: string, def?: string): JsonSchema {
    return { ...this.patterned(DURATION_PATTERN, description), type: ['string', 'number'], ...dflt(def) };
  }

  /** A probability: number 0..1 or percentage string. */
  probability(description: string, def?: number): JsonSchema {
    return { ...this.patterned(PERCENT_PATTERN, description), type: ['number', 'string'], minimum: 0, maximum: 1, ...dflt(def) };
  }

  /** A bandwidth string. */
  bandwidth(description: string, def?: string): JsonSchema {
    return { ...this.patterned(BANDWIDTH_PATTERN, description), ...dflt(def) };
  }

  /** A dotted-quad address (IPv4 only: NATs, firewalls, servers and timeline moves). */
  ip(description: string): JsonSchema {
    return this.patterned(IPV4_PATTERN, description);
  }

  /** An address of either family: a dotted quad or any RFC 4291 §2.2 IPv6 text. */
  anyIp(description: string): JsonSchema {
    return this.patterned(IP_PATTERN, description);
  }

  /** One address of either family, or a list of them (an interface's addresses; one gateway per family). */
  addresses(description: string): JsonSchema {
    return { ...this.anyIp(description), type: ['string', 'array'], items: this.anyIp(description), minItems: 1 };
  }

  /** One prefix of either family, or a list (a dual-stack network: one IPv4 and one IPv6 prefix). */
  prefixes(description: string): JsonSchema {
    const one = this.patterned(PREFIX_PATTERN, description);
    return { ...one, type: ['string', 'array'], items: this.patterned(PREFIX_PATTERN, description), minItems: 1, maxItems: 2 };
  }

  /** A reference to a named thing (network, node, agent). */
  name(description: string): JsonSchema {
    return this.patterned(NAME_PATTERN, description);
  }

  /** One name, or a list of names. */
  names(description: string): JsonSchema {
    // Keywords apply by type (pattern to strings, items to arrays), so no anyOf is needed and errors stay precise.
    const one = this.name(description);
    return { ...one, type: ['string', 'array'], items: this.name(description), minItems: 1 };
  }

  /** One of a closed set of strings. */
  enumOf(values: readonly string[], description: string, def?: string): JsonSchema {
    const e = { enum: [...values] };
    if (!this.opts.placeholders) return { type: 'string', ...e, description, ...dflt(def) };
    return { anyOf: [e, { type: 'string', pattern: PLACEHOLDER_PATTERN }], description, ...dflt(def) };
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number, description: string, def?: number): JsonSchema {
    const base = { minimum: min, maximum: max, description, ...dflt(def) };
    if (!this.opts.placeholders) return { type: 'integer', ...base };
    return { type: ['integer', 'string'], pattern: PLACEHOLDER_PATTERN, ...base };
  }

  /** A UDP port; `allowZero` for "any free port". */
  port(description: string, def?: number, allowZero = false): JsonSchema {
    return this.integer(allowZero ? 0 : 1, 65535, description, def);
  }

  /** A boolean. */
  boolean(description: string, def?: boolean): JsonSchema {
    if (!this.opts.placeholders) return { type: 'boolean', description, ...dflt(def) };
    return { type: ['boolean', 'string'], pattern: PLACEHOLDER_PATTERN, description, ...dflt(def) };
  }

  /** Free text. */
  text(description: string, def?: string): JsonSchema {
    return { type: 'string', description, ...dflt(def) };
  }

  /** An object with a fixed set of keys; unknown keys are errors. */
  object(title: string, description: string, properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
    return { type: 'object', title, description, properties, ...(required.length ? { required } : {}), additionalProperties: false };
  }

  /** A map from names to values of one schema (networks, hosts, agents...). */
  map(description: string, value: JsonSchema, keyPattern = NAME_PATTERN): JsonSchema {
    return { type: 'object', description, propertyNames: { pattern: keyPattern }, additionalProperties: value };
  }

  /** A list. */
  list(description: string, items: JsonSchema, minItems = 0): JsonSchema {
    return { type: 'array', description, items, ...(minItems ? { minItems } : {}) };
  }

  /**
   * "Exactly one of these keys" (an action or expectation kind) as `oneOf` over `required`, which editors
   * understand; the loader rewrites ajv's errors for it into one message.
   */
  exactlyOne(keys: readonly string[]): JsonSchema[] {
    return keys.map((k) => ({ required: [k] }));
  }
}

/** `{ default }` when a default exists. */
function dflt(def: unknown): JsonSchema {
  return def === undefined ? {} : { default: def };
}

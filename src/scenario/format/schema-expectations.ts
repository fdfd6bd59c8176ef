/**
 * JSON Schema for `expectations`: what must be true of a run. Each expectation has exactly one kind key
 * (EXPECTATION_KINDS); the other keys allowed depend on it.
 */
import {
  CANDIDATE_TYPES,
  CLASSIC_NAT_TYPES,
  DEFAULTS,
  DROP_REASON_NAMES,
  FILTERING_BEHAVIOURS,
  MAPPING_BEHAVIOURS,
  PACKET_OUTCOMES,
  PATH_KINDS,
  TURN_TRANSPORTS,
} from './constants';
import { JsonSchema, PARAM_PATTERN, SchemaBuilder } from './schema-helpers';
import { eventRefSchema } from './schema-timeline';

/** The kind keys of an expectation, in documentation order. */
export const EXPECTATION_KINDS = ['connected', 'notConnected', 'staysConnected', 'discovery', 'count', 'mappings', 'happens', 'never'] as const;
/** One of EXPECTATION_KINDS. */
export type ExpectationKindKey = (typeof EXPECTATION_KINDS)[number];

/** A pair of agent names. */
function pair(s: SchemaBuilder, description: string): JsonSchema {
  return { type: 'array', description, items: s.name('An ice or hole-punch agent.'), minItems: 2, maxItems: 2 };
}

/** eq / min / max bounds on a count. */
function bounds(s: SchemaBuilder, what: string): Record<string, JsonSchema> {
  return {
    eq: s.integer(0, Number.MAX_SAFE_INTEGER, `Exactly this many ${what}.`),
    min: s.integer(0, Number.MAX_SAFE_INTEGER, `At least this many ${what}.`),
    max: s.integer(0, Number.MAX_SAFE_INTEGER, `At most this many ${what}.`),
  };
}

/** Keys per kind (besides the common ones). */
function kindProperties(s: SchemaBuilder): Record<ExpectationKindKey, Record<string, JsonSchema>> {
  const within = s.duration('Time limit from the start of the run. Default: the scenario duration.');
  return {
    connected: {
      connected: pair(s, 'Two peer agents (ice or hole-punch) that must connect.'),
      via: s.enumOf(PATH_KINDS, 'direct: straight between the peers; relay: through TURN; any: either.', DEFAULTS.via),
      local: s.enumOf(CANDIDATE_TYPES, 'ICE: type of the first agent\'s candidate in the selected pair.'),
      remote: s.enumOf(CANDIDATE_TYPES, 'ICE: type of the second agent\'s candidate in the selected pair.'),
      relayProtocol: s.enumOf(TURN_TRANSPORTS, 'ICE: how the first agent reaches the TURN server of its relayed candidate in the selected pair (udp, tcp or tls, as WebRTC\'s relayProtocol). Implies a relayed local candidate.'),
      within,
    },
    notConnected: {
      notConnected: pair(s, 'Two peer agents that must not connect.'),
      within: s.duration('Must stay unconnected until this time. Default: the scenario duration.'),
    },
    discovery: {
      discovery: s.name('A discovery agent whose result is checked.'),
      mapping: s.enumOf(MAPPING_BEHAVIOURS, 'Expected mapping behaviour.'),
      filtering: s.enumOf(FILTERING_BEHAVIOURS, 'Expected filtering behaviour.'),
      classic: s.enumOf(CLASSIC_NAT_TYPES, 'Expected RFC 3489 classic type.'),
      hairpinning: s.boolean('Expected hairpinning support.'),
    },
    count: {
      count: s.enumOf(PACKET_OUTCOMES, 'Count packets delivered to sockets, or dropped.'),
      reason: s.enumOf(DROP_REASON_NAMES, 'With dropped: only drops for this reason.'),
      node: s.name('Only at this node (host, router, NAT, firewall, server) or network.'),
      port: s.port('Only packets to this destination port.'),
      ...bounds(s, 'packets'),
    },
    mappings: {
      mappings: s.name('A NAT whose mapping table is counted.'),
      at: s.duration('When to count.'),
      ...bounds(s, 'mappings'),
    },
    happens: {
      happens: eventRefSchema(s, 'Event', 'The event that must happen.'),
      before: s.duration('Deadline. Default: the scenario duration.'),
    },
    never: {
      never: eventRefSchema(s, 'Event', 'The event that must not happen.'),
      from: s.duration('Start of the window in which the event must not happen. Default: 0s.'),
      until: s.duration('End of the window. Default: the scenario duration.'),
    },
    staysConnected: {
      staysConnected: pair(s, 'Two peer ice agents that must connect and then never lose consent (RFC 7675).'),
    },
  };
}

/** Required keys per kind, besides the kind key. */
const REQUIRED: Readonly<Record<ExpectationKindKey, readonly string[]>> = {
  connected: [],
  notConnected: [],
  discovery: [],
  count: [],
  mappings: ['at'],
  happens: [],
  never: [],
  staysConnected: [],
};

/** Keys every expectation may have. */
function common(s: SchemaBuilder): Record<string, JsonSchema> {
  return {
    name: s.text('Short name shown in reports. Default: generated from the expectation.'),
    description: s.text('Notes for people.'),
    when: {
      type: 'object',
      description: 'Sweeps only: check this expectation only in cells where each named parameter has the given value (or one of the listed values).',
      propertyNames: { pattern: PARAM_PATTERN },
      additionalProperties: { type: ['string', 'number', 'boolean', 'array'], items: { type: ['string', 'number', 'boolean'] }, minItems: 1 },
    },
  };
}

/** `expectations[i]`. */
export function expectationSchema(s: SchemaBuilder): JsonSchema {
  const base = common(s);
  const byKind = kindProperties(s);
  const union: Record<string, JsonSchema> = { ...base };
  for (const props of Object.values(byKind)) Object.assign(union, props);
  return {
    type: 'object',
    title: 'Expectation',
    description: `Something that must hold after the run: exactly one of ${EXPECTATION_KINDS.join(', ')}.`,
    properties: union,
    oneOf: s.exactlyOne(EXPECTATION_KINDS),
    allOf: EXPECTATION_KINDS.map((k) => ({
      if: { required: [k] },
      then: s.object(`Expectation: ${k}`, KIND_DESCRIPTIONS[k], { ...base, ...byKind[k] }, [k, ...REQUIRED[k]]),
    })),
  };
}

/** What each kind checks. */
const KIND_DESCRIPTIONS: Readonly<Record<ExpectationKindKey, string>> = {
  connected: 'The two agents connect (a pair is selected / the punch succeeds) within the time, over the given path.',
  notConnected: 'The two agents do not connect within the time.',
  discovery: 'The discovery agent reports these results (only the keys given are checked).',
  count: 'The number of packets delivered or dropped (filtered by reason, node, port) is within the bounds (eq, or min and/or max).',
  mappings: 'The number of mappings in a NAT\'s table at a time is within the bounds.',
  happens: 'The event happens at least once before the deadline.',
  never: 'The event does not happen at all, or not in the window from..until.',
  staysConnected: 'The two ice agents connect, and after connecting neither reports consent-lost until the end of the run.',
};

/** `expectations`. */
export function expectationsSchema(s: SchemaBuilder): JsonSchema {
  return s.list('What must hold after the run. Each reports pass or fail with the trace events that decided it.', expectationSchema(s));
}

/**
 * The scenario JSON Schema (draft-07). `scenarioJsonSchema` is the published one (`natsim schema`): it accepts a
 * `${param}` sweep placeholder in any leaf so editors do not flag sweep files. The loader validates every
 * concrete scenario (after sweep substitution) against `strictScenarioSchema`.
 *
 * Point an editor at it with a first line `# yaml-language-server: $schema=<path or URL of the schema file>`.
 */
import { DEFAULTS, TRACE_LEVELS } from './constants';
import { agentsSchema } from './schema-agents';
import { expectationsSchema } from './schema-expectations';
import { JsonSchema, PARAM_PATTERN, SCENARIO_NAME_PATTERN, SchemaBuilder, SchemaOptions } from './schema-helpers';
import { timelineSchema } from './schema-timeline';
import { topologySchema } from './schema-topology';

/** Builds the schema variant for the options. */
export function buildScenarioSchema(opts: SchemaOptions): JsonSchema {
  const s = new SchemaBuilder(opts);
  const root = s.object(
    'Scenario',
    'A natsim scenario: a network, agents on its hosts, a timeline of changes, and expectations about the run.',
    {
      name: s.patterned(SCENARIO_NAME_PATTERN, 'Scenario name, used for the report folder. Default: the file name without extension.'),
      description: s.text('What the scenario shows, written for a student.'),
      seed: s.integer(0, 0xffffffff, 'Seed of every random choice (ports, jitter, loss, transaction ids). Same seed, same run.', DEFAULTS.seed),
      duration: s.duration('Run limit in virtual time.', DEFAULTS.duration),
      trace: s.enumOf(TRACE_LEVELS, 'How much the trace records: off, summary (counters) or full (every event; needed for evidence and reports).', DEFAULTS.trace),
      signalling: s.object(
        'Signalling',
        'The out-of-band channel over which ice and hole-punch peers exchange candidates.',
        { delay: s.duration('One-way delay of a signalling message.', DEFAULTS.signallingDelay) },
      ),
      sweep: {
        type: 'object',
        description: 'Parameters with value lists. The scenario runs once per combination (cartesian product, last parameter varying fastest); ${param} anywhere in a value is replaced.',
        propertyNames: { pattern: PARAM_PATTERN },
        additionalProperties: {
          type: 'array',
          description: 'The values of one parameter.',
          items: { type: ['string', 'number', 'boolean'] },
          minItems: 1,
          uniqueItems: true,
        },
      },
      topology: topologySchema(s),
      agents: agentsSchema(s),
      timeline: timelineSchema(s),
      expectations: expectationsSchema(s),
    },
    ['topology'],
  );
  // `x-...` keys are ignored, like docker compose's extension fields: a place for YAML anchors to reuse.
  const extensions = { '^x-': { description: 'Extension field, ignored: a place to define YAML anchors (&name) to reuse with aliases (*name).' } };
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root, patternProperties: extensions };
}

/** The published schema: editors and `natsim schema`. Placeholders allowed in every leaf. */
export const scenarioJsonSchema: JsonSchema = buildScenarioSchema({ placeholders: true });

/** The schema the loader checks each concrete (substituted) scenario against. */
export const strictScenarioSchema: JsonSchema = buildScenarioSchema({ placeholders: false });

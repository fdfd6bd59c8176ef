/**
 * Scenario file format (layer 5): the typed model, the JSON Schema, loading YAML/JSON with positions,
 * validation with precise errors, units and sweeps. See docs/scenario-format.md.
 */
export * from './constants';
export type * from './spec-types';
export { ScenarioError, formatIssue, sortIssues } from './issues';
export type { ScenarioIssue } from './issues';
export { scenarioJsonSchema, strictScenarioSchema, buildScenarioSchema } from './schema';
export type { JsonSchema, SchemaOptions } from './schema-helpers';
export { loadScenarioFile, parseScenarioText, parseScenarioSource, parseScenarioSpec, expandSweeps } from './loader';
export { MAX_INPUT_BYTES } from './limits';
export type { LoadInit, ScenarioFile, ScenarioSource, SweepCell } from './loader';
export type { SweepParameter } from './sweeps';
export { MAX_SWEEP_CELLS } from './sweeps';
export { parseDuration, parseProbability, parseBandwidth, parsePortRange, formatDuration, MAX_DURATION_MS } from './units';
export type { PortRange, UnitResult } from './units';
export { didYouMean, editDistance } from './did-you-mean';
export { allNodes } from './spec-helpers';
export { validateFiles } from './validate-files';
export type { ValidateFilesResult } from './validate-files';
export { renderSchemaReference } from './schema-doc';

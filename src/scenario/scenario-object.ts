/**
 * Scenarios written as TypeScript objects with the same keys as the YAML format (`{ topology: { networks: ... } }`),
 * validated exactly like a file (JSON is YAML, so the object goes through the same loader and JSON Schema).
 * Error positions then refer to the object's JSON text; the config path (`topology.nats.home.filtering`) is the
 * useful part.
 */
import { parseScenarioText, ScenarioFile } from './format';
import type { ScenarioSpec } from './format/spec-types';
import { ScenarioError } from './format/issues';

/** Validates a scenario object (with or without a sweep). Throws ScenarioError listing every problem. */
export function scenarioFileFromObject(obj: object, file = 'scenario.json'): ScenarioFile {
  return parseScenarioText(JSON.stringify(obj, null, 2), file);
}

/** Validates a scenario object without a sweep and returns its spec. Throws ScenarioError. */
export function scenarioFromObject(obj: object, file = 'scenario.json'): ScenarioSpec {
  const f = scenarioFileFromObject(obj, file);
  if (f.cells.length !== 1 || f.sweep.length) {
    throw new ScenarioError([{ file, line: 1, column: 1, path: 'sweep', message: `this scenario has a sweep of ${f.cells.length} cells; use scenarioFileFromObject` }]);
  }
  return f.cells[0].spec;
}

/** Expectation evaluators by kind (see evaluator.ts). */
import type { ExpectationSpec } from '../format/spec-types';
import { ConnectedEvaluator, NotConnectedEvaluator } from './connected';
import type { Evaluator } from './evaluator';
import { CountEvaluator, DiscoveryEvaluator, HappensEvaluator, MappingsEvaluator } from './other-evaluators';

export * from './evaluator';
export { ConnectedEvaluator, NotConnectedEvaluator } from './connected';
export { CountEvaluator, DiscoveryEvaluator, HappensEvaluator, MappingsEvaluator } from './other-evaluators';

/** The evaluator for an expectation. */
export function createEvaluator(spec: ExpectationSpec): Evaluator {
  switch (spec.kind) {
    case 'connected':
      return new ConnectedEvaluator(spec);
    case 'not-connected':
      return new NotConnectedEvaluator(spec);
    case 'discovery':
      return new DiscoveryEvaluator(spec);
    case 'count':
      return new CountEvaluator(spec);
    case 'mappings':
      return new MappingsEvaluator(spec);
    case 'happens':
      return new HappensEvaluator(spec);
  }
}

/** Expectation evaluators by kind (see evaluator.ts). */
import type { ExpectationSpec } from '../format/spec-types';
import { ConnectedEvaluator, NotConnectedEvaluator } from './connected';
import type { Evaluator } from './evaluator';
import { CountEvaluator, DiscoveryEvaluator, HappensEvaluator, MappingsEvaluator, NeverEvaluator } from './other-evaluators';
import { StaysConnectedEvaluator } from './stays-connected';

export * from './evaluator';
export { ConnectedEvaluator, NotConnectedEvaluator } from './connected';
export { CountEvaluator, DiscoveryEvaluator, HappensEvaluator, MappingsEvaluator, NeverEvaluator } from './other-evaluators';
export { StaysConnectedEvaluator } from './stays-connected';

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
    case 'never':
      return new NeverEvaluator(spec);
    case 'stays-connected':
      return new StaysConnectedEvaluator(spec);
  }
}

/**
 * Expectation evaluators: each watches the trace while the scenario runs and, at the end, says whether its
 * expectation held, why (detail), and which trace events decided it (evidence).
 */
import type { ExpectationResult } from '../../report/run-record';
import type { TraceEvent } from '../../sim/trace-events';
import { formatTime } from '../../sim/time';
import type { CountBounds, ExpectationSpec } from '../format/spec-types';

/** Most evidence events an expectation keeps. */
export const MAX_EVIDENCE = 10;

/** An expectation's result plus what a table shows for it. */
export interface ExpectationOutcome extends ExpectationResult {
  /** The expectation kind, or 'run' for the synthetic "the run has no errors" result of a run with errors (run-errors.ts). */
  readonly kind: ExpectationSpec['kind'] | 'run';
  /** The observed value in a few words: `direct`, `relay`, `not connected`, `5`, `full-cone`, `never`. */
  readonly observed: string;
}

/** Watches the trace for one expectation. */
export interface Evaluator {
  readonly spec: ExpectationSpec;
  /** Called with every trace event, in order. */
  observe(ev: TraceEvent): void;
  /** The verdict once the run is over (`endUs` = virtual time at the end). */
  finish(endUs: number): ExpectationOutcome;
}

/** True when `n` is within the bounds. */
export function withinBounds(n: number, b: CountBounds): boolean {
  if (b.eq !== null) return n === b.eq;
  return (b.min === null || n >= b.min) && (b.max === null || n <= b.max);
}

/** The bounds in words: `exactly 5`, `at least 1`, `1 to 3`, `at most 2`. */
export function boundsText(b: CountBounds): string {
  if (b.eq !== null) return `exactly ${b.eq}`;
  if (b.min !== null && b.max !== null) return `${b.min} to ${b.max}`;
  return b.min !== null ? `at least ${b.min}` : `at most ${b.max}`;
}

/** A virtual time for details: `1.234s`. */
export function when(t: number): string {
  return formatTime(t);
}

/** Keeps the first MAX_EVIDENCE events pushed. */
export class EvidenceList {
  readonly events: TraceEvent[] = [];

  push(ev: TraceEvent): void {
    if (this.events.length < MAX_EVIDENCE) this.events.push(ev);
  }
}

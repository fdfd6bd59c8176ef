/**
 * summary.json: the machine-readable result of a run. Its first keys are exactly the `natsim run --json` line
 * (summaryLine), so a CI script can read either. Keys are in a fixed order and counters sorted, so the same run
 * gives the same bytes.
 */
import { DROP_REASONS, TraceKind } from '../sim/trace-events';
import { eventJson } from '../sim/trace-json';
import { RunRecord, recordPassed, sortKeys } from './run-record';

/** Every trace event kind, in the order summary.json lists them. */
export const TRACE_KINDS: readonly TraceKind[] = [
  'sent', 'link', 'forwarded', 'translated', 'delivered', 'dropped',
  'mapping-created', 'mapping-refreshed', 'mapping-expired', 'mapping-flushed', 'agent',
];

/** Counters split for people: every kind and every drop reason (zeros included, so the shape is fixed). */
export interface CounterSummary {
  readonly byKind: Record<string, number>;
  readonly dropsByReason: Record<string, number>;
  /** key: `<agent>:<event>`. */
  readonly agentEvents: Record<string, number>;
}

/** Splits trace counters (keys as in TraceCounters) into kinds, drop reasons and agent events. */
export function counterSummary(counters: Readonly<Record<string, number>>): CounterSummary {
  const byKind: Record<string, number> = {};
  for (const k of TRACE_KINDS) byKind[k] = counters[k] ?? 0;
  const dropsByReason: Record<string, number> = {};
  for (const r of DROP_REASONS) dropsByReason[r] = counters[`dropped:${r}`] ?? 0;
  const agent: Record<string, number> = {};
  for (const [k, v] of Object.entries(counters)) if (k.startsWith('agent:')) agent[k.slice(6)] = v;
  return { byKind, dropsByReason, agentEvents: sortKeys(agent) };
}

/** The `natsim run --json` object: `{scenario, file, seed, passed, expectations[{name,passed,detail}], traceHash, virtualTimeMs, events}`. */
export function summaryLineObject(record: RunRecord): Record<string, unknown> {
  const { scenario, stats } = record;
  return {
    scenario: scenario.name,
    file: scenario.file ?? null,
    seed: scenario.seed,
    params: scenario.params ? sortKeys(scenario.params) : {},
    passed: recordPassed(record),
    expectations: record.expectations.map((e) => ({ name: e.name, passed: e.passed, detail: e.detail })),
    traceHash: stats.traceHash,
    virtualTimeMs: stats.virtualTimeMs,
    events: stats.events,
  };
}

/** One line of `natsim run --json` (no newline). */
export function summaryLine(record: RunRecord): string {
  return JSON.stringify(summaryLineObject(record));
}

/** The summary.json object: the --json line, then description, params, counters and each expectation's evidence. */
export function summaryObject(record: RunRecord): Record<string, unknown> {
  const line = summaryLineObject(record);
  const { scenario } = record;
  return {
    ...line,
    expectations: record.expectations.map((e) => ({
      name: e.name, passed: e.passed, detail: e.detail, evidence: e.evidence.map(eventJson),
    })),
    description: scenario.description,
    params: scenario.params ? sortKeys(scenario.params) : {},
    counters: counterSummary(record.stats.counters),
  };
}

/** summary.json text: two-space indented, newline-terminated. */
export function summaryJson(record: RunRecord): string {
  return `${JSON.stringify(summaryObject(record), null, 2)}\n`;
}

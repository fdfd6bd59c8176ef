/**
 * The run's data as report.html embeds it, once, in `<script type="application/json" id="trace-data">`: every trace
 * event in canonical JSON (sim/trace-json, the form trace.jsonl and the trace hash use), the topology and the
 * facts of the run. The interactive parts of the page render from it.
 */
import { eventJson, eventLine, jsonText } from '../../sim/trace-json';
import type { RunRecord, RunStats, ScenarioInfo, TopologyInfo } from '../run-record';
import { layoutTopology, lifelineOrder } from './topology-layout';

/** The embedded JSON. */
export interface ReportData {
  readonly scenario: ScenarioInfo;
  readonly topology: TopologyInfo;
  /** Left-to-right lifeline order (the topology drawing's order). */
  readonly order: readonly string[];
  readonly stats: Omit<RunStats, 'counters'>;
  /** Every trace event, canonical JSON objects in recording order. */
  readonly events: readonly Record<string, unknown>[];
}

/** The id of the script element holding the data. */
export const TRACE_DATA_ID = 'trace-data';

/** The report data of a run. */
export function reportData(record: RunRecord): ReportData {
  return { ...reportFacts(record), events: record.events.map(eventJson) };
}

/** Everything of the report data but the events, in the same key order. */
function reportFacts(record: RunRecord): Omit<ReportData, 'events'> {
  const { counters: _counters, ...stats } = record.stats;
  return {
    scenario: record.scenario,
    topology: record.topology,
    order: lifelineOrder(layoutTopology(record.topology)),
    stats,
  };
}

/**
 * scriptJson(reportData(record)), byte for byte, with each event's JSON taken from eventLine (made once per event
 * while the run was traced: the trace hash and trace.jsonl made it) instead of being built and written again.
 */
export function reportDataScriptJson(record: RunRecord): string {
  const head = jsonText(reportFacts(record));
  // JSON.stringify writes no whitespace, so an array of objects is its elements' texts joined by commas.
  const text = `${head.slice(0, -1)},"events":[${record.events.map(eventLine).join(',')}]}`;
  return scriptSafe(text);
}

/**
 * JSON text safe inside a `<script>` element: `<` is written as `\u003c` so no `</script>` or `<!--` can end it
 * (HTML §4.12.1.3 restrictions for contents of script elements); U+2028/9 are escaped too.
 */
export function scriptJson(value: unknown): string {
  return scriptSafe(jsonText(value));
}

function scriptSafe(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

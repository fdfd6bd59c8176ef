/**
 * Runs one scenario (or one sweep cell): builds its world, runs it to its duration, evaluates the expectations and
 * builds the run record. With a report folder it streams trace.jsonl and capture.pcapng while the run goes and
 * writes summary.json, report.md, report.html and the replay files at the end (src/report).
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import { runRecordFromSim, topologyFromWorld } from '../../report/build-run-record';
import { JsonlTraceWriter } from '../../report/jsonl-writer';
import { captureInterfaces, PcapngWriter } from '../../report/pcapng-writer';
import type { RunRecord } from '../../report/run-record';
import { recordPassed } from '../../report/run-record';
import { REPORT_FILES, writeReport } from '../../report/write-report';
import type { TraceListener } from '../../sim/trace';
import type { TraceEvent } from '../../sim/trace-events';
import { buildScenarioWorld, ScenarioWorld } from '../build/scenario-world';
import type { ExpectationOutcome } from '../expect';
import type { ScenarioSpec } from '../format/spec-types';
import { writeReplayFiles } from './replay-files';
import { RunErrorWatch } from './run-errors';

/** Options of runScenario. */
export interface RunScenarioInit {
  /** Seed override. @default the scenario's seed */
  seed?: number;
  /** Write every report file into this folder (created if missing). @default no reports */
  reportDir?: string;
  /**
   * Keep every trace event in the run record (`record.events`). Reports need them; a CI run without reports can
   * save the memory.
   * @default true
   */
  keepEvents?: boolean;
  /** Sweep cell index, recorded for replay. @default 0 */
  cellIndex?: number;
  /** The scenario file's text, copied into the report folder for replay. @default read from spec.file */
  sourceText?: string;
  /** Packets drawn in report.html's ladder. @default 40 */
  ladderMaxPackets?: number;
  /** Extra trace listeners, subscribed before the world is built (so they see every event). */
  listeners?: readonly TraceListener[];
  /** Called with the built world before it runs (tests use it to add their own probes). */
  beforeRun?: (sw: ScenarioWorld) => void;
}

/** The outcome of one run. */
export interface ScenarioRunResult {
  /** Everything a report needs (events empty when keepEvents is false). */
  readonly record: RunRecord;
  /** Each expectation's verdict (the record's expectations, with their observed values). */
  readonly outcomes: readonly ExpectationOutcome[];
  /** True when every expectation held and the run completed. */
  readonly passed: boolean;
  /**
   * The errors inside the run, if any: socket errors agents reported and the exception that stopped the run early
   * (also reported as the failed outcome "the run has no errors").
   */
  readonly error?: string;
  /** Report files written, in a fixed order ([] without reportDir). */
  readonly files: readonly string[];
}

/** Streaming writers of a report folder. */
interface Streams {
  readonly jsonl: JsonlTraceWriter;
  pcap?: PcapngWriter;
}

/** Runs a validated scenario. Throws ScenarioBuildError (before anything runs) when it cannot be built. */
export function runScenario(spec: ScenarioSpec, init: RunScenarioInit = {}): ScenarioRunResult {
  const keep = init.keepEvents ?? true;
  const events: TraceEvent[] = [];
  const dir = init.reportDir;
  if (dir) mkdirSync(dir, { recursive: true });
  const streams: Streams | undefined = dir ? { jsonl: new JsonlTraceWriter(join(dir, REPORT_FILES.trace)) } : undefined;
  const errors = new RunErrorWatch();
  const listeners = [
    errors.listener,
    ...(keep ? [(ev: TraceEvent) => void events.push(ev)] : []), ...(streams ? [streams.jsonl.listener] : []), ...(init.listeners ?? []),
  ];
  let sw: ScenarioWorld;
  try {
    sw = buildScenarioWorld(spec, { seed: init.seed, listeners });
  } catch (err) {
    streams?.jsonl.close();
    throw err;
  }
  const topology = topologyFromWorld(sw.world, sw.topology.describe);
  if (streams && dir) {
    streams.pcap = new PcapngWriter(join(dir, REPORT_FILES.capture), { interfaces: captureInterfaces(topology) });
    sw.world.sim.trace.subscribe(streams.pcap.listener);
  }
  init.beforeRun?.(sw);
  sw.schedule();
  let error: string | undefined;
  try {
    sw.run();
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const outcomes = sw.results();
  const errorOutcome = errors.outcome(error);
  if (errorOutcome) {
    outcomes.push(errorOutcome.evidence.length || !keep ? errorOutcome : { ...errorOutcome, evidence: events.slice(-1) });
    error = errorOutcome.detail;
  }
  const record = runRecordFromSim(sw.world.sim, {
    scenario: { name: spec.name, description: spec.description, file: spec.file, seed: sw.seed, params: spec.params },
    topology,
    events,
    expectations: outcomes,
  });
  streams?.jsonl.close();
  streams?.pcap?.close();
  let files: string[] = [];
  if (dir) {
    files = writeReport(dir, record, { trace: false, capture: false, ladderMaxPackets: init.ladderMaxPackets });
    files.push(join(dir, REPORT_FILES.trace), join(dir, REPORT_FILES.capture));
    files.push(...writeReplayFiles(dir, spec, record, { cellIndex: init.cellIndex ?? 0, sourceText: init.sourceText }));
  }
  return { record, outcomes, passed: recordPassed(record) && error === undefined, ...(error !== undefined ? { error } : {}), files };
}

/**
 * Runs one scenario (or one sweep cell): builds its world, runs it to its duration, evaluates the expectations and
 * builds the run record. With a report folder it streams trace.jsonl and capture.pcapng while the run goes and
 * writes summary.json, report.md, report.html and the replay files at the end (src/report).
 */
import { mkdirSync } from 'fs';
import { basename, join } from 'path';
import { runRecordFromSim, topologyFromWorld } from '../../report/build-run-record';
import { DiskBudget, FileSink } from '../../report/file-sink';
import { JsonlTraceWriter } from '../../report/jsonl-writer';
import { captureInterfaces, PcapngWriter } from '../../report/pcapng-writer';
import type { RunRecord } from '../../report/run-record';
import { recordPassed } from '../../report/run-record';
import { REPORT_FILES, writeReport } from '../../report/write-report';
import { RunawayError } from '../../sim/errors';
import { RUN_GUARD_DEFAULTS, RunGuard } from '../../sim/run-guard';
import type { TraceListener } from '../../sim/trace';
import type { TraceEvent } from '../../sim/trace-events';
import { eventLine } from '../../sim/trace-json';
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
  /** Budgets that stop a runaway run (RunawayError, reported as the failed expectation "the run completes"). */
  limits?: RunLimits;
}

/**
 * Budgets of one run, each 0 for none. A run that stays within them is not changed in any way by them.
 * `natsim run --max-events --max-wall --max-trace-mb --max-report-mb` set them.
 */
export interface RunLimits {
  /** Events processed. @default 50_000_000 */
  maxEvents?: number;
  /** Wall-clock ms. @default 60_000 */
  maxWallMs?: number;
  /** Trace kept (in memory or in trace.jsonl), in bytes of trace.jsonl text. @default 200 MiB */
  maxTraceBytes?: number;
  /** Bytes the report folder's files may take on disk. @default 1 GiB */
  maxReportBytes?: number;
  /** Bytes this thread's memory may grow by during the run. @default 1 GiB */
  maxMemoryBytes?: number;
  /** The wall clock in ms (tests inject one). @default the host clock (RunGuardInit.clock) */
  clock?: () => number;
  /** The memory in use in bytes (tests inject one). @default this thread's heap and buffers */
  memory?: () => number;
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
  /**
   * Set when a run budget (RunGuard: events, wall clock, trace size, disk, memory) stopped the run: the
   * RunawayError's text, also reported as the failed outcome "the run completes". A budget stop fails the run
   * (exit 1), it is not an error inside the run (exit 3).
   */
  readonly stopped?: string;
  /** Report files written, in a fixed order ([] without reportDir). */
  readonly files: readonly string[];
  /**
   * Set when the disk budget (--max-report-mb) cut report files: one line per file, its name and why, e.g.
   * `report.html not written: 5234 bytes would pass the report's disk budget of 4096 bytes (--max-report-mb)`.
   * A file cut at the end does not stop or fail the run; the file itself holds the same one-line note.
   */
  readonly reportCut?: readonly string[];
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
  const limits = init.limits ?? {};
  let now = () => 0;
  const guard = new RunGuard({ ...limits, now: () => now() });
  const disk = dir ? new DiskBudget(limits.maxReportBytes ?? RUN_GUARD_DEFAULTS.maxDiskBytes, (limit, file) => guard.diskFull(limit, file === undefined ? undefined : basename(file))) : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const streams: Streams | undefined = dir ? { jsonl: new JsonlTraceWriter(join(dir, REPORT_FILES.trace), disk) } : undefined;
  const errors = new RunErrorWatch();
  // The trace budget counts what is kept: trace.jsonl's bytes when streamed, else the same text's length.
  const measure: TraceListener = streams
    ? () => guard.addTraceBytes(streams.jsonl.bytes - guard.traceBytes)
    : (ev) => guard.addTraceBytes(eventLine(ev).length + 1);
  const listeners = [
    errors.listener,
    ...(keep ? [(ev: TraceEvent) => void events.push(ev)] : []), ...(streams ? [streams.jsonl.listener] : []),
    ...(keep || streams ? [measure] : []), ...(init.listeners ?? []),
  ];
  let sw: ScenarioWorld;
  try {
    sw = buildScenarioWorld(spec, { seed: init.seed, listeners, maxEvents: limits.maxEvents ?? RUN_GUARD_DEFAULTS.maxEvents });
  } catch (err) {
    streams?.jsonl.close();
    throw err;
  }
  now = () => sw.world.sim.now;
  const topology = topologyFromWorld(sw.world, sw.topology.describe);
  if (streams && dir) {
    streams.pcap = new PcapngWriter(new FileSink(join(dir, REPORT_FILES.capture), { budget: disk }), { interfaces: captureInterfaces(topology) });
    sw.world.sim.trace.subscribe(streams.pcap.listener);
  }
  init.beforeRun?.(sw);
  sw.schedule();
  let error: string | undefined;
  let stopped: string | undefined;
  try {
    sw.run(guard);
  } catch (err) {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (err instanceof RunawayError) stopped = text;
    else error = text;
  }
  const outcomes = sw.results();
  if (stopped !== undefined) {
    outcomes.push({ kind: 'run', name: 'the run completes', passed: false, observed: 'error', detail: stopped, evidence: events.slice(-1) });
  }
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
    files = writeReport(dir, record, { trace: false, capture: false, ladderMaxPackets: init.ladderMaxPackets, budget: disk });
    files.push(join(dir, REPORT_FILES.trace), join(dir, REPORT_FILES.capture));
    files.push(...writeReplayFiles(dir, spec, record, { cellIndex: init.cellIndex ?? 0, sourceText: init.sourceText }));
  }
  const reportCut = disk?.cuts.map((c) => `${basename(c.file)} ${disk.reason(c)}`) ?? [];
  return {
    record, outcomes, passed: recordPassed(record) && error === undefined && stopped === undefined,
    ...(error !== undefined ? { error } : {}), ...(stopped !== undefined ? { stopped } : {}), files,
    ...(reportCut.length > 0 ? { reportCut } : {}),
  };
}

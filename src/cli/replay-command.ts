/**
 * `natsim replay <report folder>`: re-runs the scenario copy recorded in the folder (replay.json: file, sweep cell,
 * seed) and checks that the trace hash is identical. When it is not, it compares the new trace with the folder's
 * trace.jsonl line by line and shows the first event that differs. Exit 0 identical, 1 diverged, 2 bad folder.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseScenarioText } from '../scenario/format';
import { REPLAY_FILE, ReplayInfo } from '../scenario/run/replay-files';
import { RunLimits, runScenario } from '../scenario/run/run-scenario';
import type { TraceEvent } from '../sim/trace-events';
import { eventLine } from '../sim/trace-json';
import { formatTime } from '../sim/time';
import { CliUsageError, EXIT } from './cli-errors';
import type { CliIo } from './cli-io';
import { paint } from './output';

/** The first difference between a recorded and a new trace. */
export interface TraceDivergence {
  /** 0-based event index (line number - 1 in trace.jsonl). */
  readonly index: number;
  /** The recorded line, or undefined when the recorded trace ended first. */
  readonly expected?: string;
  /** The new line, or undefined when the new trace ended first. */
  readonly actual?: string;
}

/** Compares a new trace, event by event, with recorded trace.jsonl lines. */
export class TraceComparer {
  private n = 0;
  private first: TraceDivergence | undefined;
  readonly listener = (ev: TraceEvent): void => {
    if (!this.first) {
      const line = eventLine(ev);
      if (this.n >= this.recorded.length || this.recorded[this.n] !== line) this.first = { index: this.n, expected: this.recorded[this.n], actual: line };
    }
    this.n++;
  };

  constructor(private readonly recorded: readonly string[]) {}

  /** The first difference, including a recorded trace that goes on after the new one ended. */
  divergence(): TraceDivergence | undefined {
    if (this.first) return this.first;
    if (this.n < this.recorded.length) return { index: this.n, expected: this.recorded[this.n] };
    return undefined;
  }
}

/** Reads and checks replay.json. */
function readReplayInfo(dir: string): ReplayInfo {
  const path = join(dir, REPLAY_FILE);
  if (!existsSync(path)) throw new CliUsageError(`${dir}: not a report folder of natsim run (no ${REPLAY_FILE})`);
  let info: ReplayInfo;
  try {
    info = JSON.parse(readFileSync(path, 'utf8')) as ReplayInfo;
  } catch (err) {
    throw new CliUsageError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (info.format !== 'natsim-replay' || info.version !== 1) throw new CliUsageError(`${path}: not a natsim replay description (format natsim-replay, version 1)`);
  if (!info.copy) throw new CliUsageError(`${path}: the run had no scenario file to copy, so it cannot be replayed`);
  return info;
}

/** Line `index` of a trace for people: its time and the event. */
function showLine(label: string, line: string | undefined): string {
  if (line === undefined) return `  ${label}: (end of trace)`;
  const t = /"t":(\d+)/u.exec(line);
  return `  ${label}${t ? ` at ${formatTime(Number(t[1]))}` : ''}: ${line.length > 400 ? `${line.slice(0, 400)}...` : line}`;
}

/** Replays a report folder; returns the exit code. `scenarioFile` replaces the recorded copy. */
export function replayCommand(dir: string, io: CliIo, scenarioFile?: string, limits?: RunLimits): number {
  const info = readReplayInfo(dir);
  const source = scenarioFile ?? join(dir, info.copy!);
  if (!existsSync(source)) throw new CliUsageError(`${source}: the scenario file to replay is missing`);
  const file = parseScenarioText(readFileSync(source, 'utf8'), scenarioFile ?? info.file);
  const cell = file.cells[info.cellIndex];
  if (!cell || JSON.stringify(cell.params) !== JSON.stringify(info.params)) {
    throw new CliUsageError(`${source}: has no sweep cell ${info.cellIndex} with parameters ${JSON.stringify(info.params)}`);
  }
  const tracePath = join(dir, 'trace.jsonl');
  const recorded = existsSync(tracePath) ? readFileSync(tracePath, 'utf8').split('\n').filter((l) => l !== '') : undefined;
  const comparer = new TraceComparer(recorded ?? []);
  const r = runScenario(cell.spec, { seed: info.seed, cellIndex: info.cellIndex, keepEvents: false, listeners: recorded ? [comparer.listener] : [], limits });
  const hash = r.record.stats.traceHash;
  const what = `${info.scenario}${cell.label ? ` [${cell.label}]` : ''}, seed ${info.seed}`;
  // Fix: a trace.jsonl that differs from the replay is a divergence too, even when replay.json's hash matches
  // (before, a changed trace.jsonl was reported as identical).
  const d = recorded ? comparer.divergence() : undefined;
  if (hash === info.traceHash && !d) {
    io.out(`${paint('identical', 'green', io.colour)}: ${what}: trace ${hash.slice(0, 16)}, ${r.record.stats.events} events\n`);
    return EXIT.ok;
  }
  const lines = [
    `${paint('diverged', 'red', io.colour)}: ${what}`,
    `  recorded trace ${info.traceHash.slice(0, 16)}, ${info.events} events; replay ${hash.slice(0, 16)}, ${r.record.stats.events} events`,
  ];
  const early = r.stopped ?? r.error;
  if (early !== undefined) lines.push(`  the replay stopped early: ${early}`);
  if (hash === info.traceHash) lines.push(`  the replay has the hash in ${REPLAY_FILE}, but the folder's trace.jsonl differs from it (changed after the run?)`);
  if (d) lines.push(`first difference at event ${d.index + 1} (trace.jsonl line ${d.index + 1}):`, showLine('recorded', d.expected), showLine('replayed', d.actual));
  else if (!recorded) lines.push('  (no trace.jsonl in the folder to compare event by event)');
  io.out(`${lines.join('\n')}\n`);
  return EXIT.failed;
}

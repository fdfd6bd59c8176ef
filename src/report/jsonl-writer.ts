/**
 * trace.jsonl: one canonical JSON event per line (eventLine from src/sim/trace-json.ts, the same text the trace
 * hash is computed over), as a pure function of a list and as a streaming writer for long runs.
 */
import type { TraceListener } from '../sim/trace';
import type { TraceEvent } from '../sim/trace-events';
import { eventLine } from '../sim/trace-json';
import { ByteSink, FileSink } from './file-sink';

/** trace.jsonl text for a list of events: one line per event, each newline-terminated. */
export function traceJsonl(events: readonly TraceEvent[]): string {
  let out = '';
  for (const ev of events) out += `${eventLine(ev)}\n`;
  return out;
}

/**
 * Appends events to trace.jsonl as they happen, so a long run holds nothing in memory:
 * `const w = new JsonlTraceWriter(path); sim.trace.subscribe(w.listener); ...run...; w.close();`.
 */
export class JsonlTraceWriter {
  private readonly sink: ByteSink;
  /** Pass to Trace.subscribe(). */
  readonly listener: TraceListener = (ev) => this.write(ev);
  private lines = 0;

  /** @param target a file path (created or truncated) or any ByteSink */
  constructor(target: string | ByteSink) {
    this.sink = typeof target === 'string' ? new FileSink(target) : target;
  }

  /** Appends one event. */
  write(ev: TraceEvent): void {
    this.sink.write(Buffer.from(`${eventLine(ev)}\n`, 'utf8'));
    this.lines++;
  }

  /** Lines written so far. */
  get count(): number {
    return this.lines;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.sink.close();
  }
}

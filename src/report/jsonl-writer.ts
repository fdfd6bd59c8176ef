/**
 * trace.jsonl: one canonical JSON event per line (eventLine from src/sim/trace-json.ts, the same text the trace
 * hash is computed over), as a pure function of a list and as a streaming writer for long runs.
 */
import type { TraceListener } from '../sim/trace';
import type { TraceEvent } from '../sim/trace-events';
import { eventLine } from '../sim/trace-json';
import { ByteSink, DiskBudget, FileSink } from './file-sink';

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
  private written = 0;

  /**
   * @param target a file path (created or truncated) or any ByteSink
   * @param budget for a path: the disk budget the file shares (see DiskBudget)
   */
  constructor(target: string | ByteSink, budget?: DiskBudget) {
    this.sink = typeof target === 'string' ? new FileSink(target, { budget }) : target;
  }

  /** Appends one event. */
  write(ev: TraceEvent): void {
    const bytes = Buffer.from(`${eventLine(ev)}\n`, 'utf8');
    this.sink.write(bytes);
    this.lines++;
    this.written += bytes.byteLength;
  }

  /** Bytes of the lines written so far (the trace's size as trace.jsonl). */
  get bytes(): number {
    return this.written;
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

/**
 * The servers' log on a real network: one line per allocation, per error and per dropped or rejected packet,
 * formatted `<ISO time> <agent> <event> key=value ...`. Routine events (refreshes, permissions, channel binds)
 * are not logged. A flood of hostile packets cannot turn the log into the bottleneck: beyond `maxPerSecond`
 * lines in one second the rest are counted and summarised in one line.
 */
import type { AgentEventSink } from './real-host-env';

/** Agent events that get a log line. */
export const LOGGED_EVENTS: ReadonlySet<string> = new Set([
  'started', 'listening', 'allocated', 'allocation-expired', 'allocation-deleted', 'error-response', 'dropped',
  'rejected', 'socket-error', 'stopped',
]);

/** Options of a ServerLog. */
export interface ServerLogInit {
  /** Writes one line (without newline handling). @default process.stdout */
  write?: (line: string) => void;
  /** Most lines per second before suppression. @default 50 */
  maxPerSecond?: number;
  /** Log every agent event, not only LOGGED_EVENTS. @default false */
  verbose?: boolean;
}

function valueText(v: unknown): string {
  // Wall-clock times (performance.now()) are fractional milliseconds: microseconds are plenty in a log.
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Math.round(v * 1000) / 1000);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\s"]/.test(s) ? JSON.stringify(s) : s;
}

/** Formats one log line. */
export function formatLogLine(at: Date, agent: string, event: string, data: Record<string, unknown> = {}): string {
  const kv = Object.entries(data).map(([k, v]) => `${k}=${valueText(v)}`);
  return [at.toISOString(), agent, event, ...kv].join(' ');
}

/** A rate-limited line log fed by agent events. */
export class ServerLog {
  private readonly write: (line: string) => void;
  private readonly maxPerSecond: number;
  private windowStart = 0;
  private inWindow = 0;
  private suppressed = 0;

  constructor(private readonly init: ServerLogInit = {}) {
    this.write = init.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.maxPerSecond = init.maxPerSecond ?? 50;
  }

  /** The sink to give RealHostEnv. */
  readonly sink: AgentEventSink = (agent, event, data) => {
    if (this.init.verbose || LOGGED_EVENTS.has(event)) this.line(agent, event, data);
  };

  /** Logs one line (rate-limited). */
  line(agent: string, event: string, data?: Record<string, unknown>): void {
    const now = new Date();
    const second = Math.floor(now.getTime() / 1000);
    if (second !== this.windowStart) {
      if (this.suppressed > 0) this.write(formatLogLine(now, 'log', 'suppressed', { lines: this.suppressed }));
      this.windowStart = second;
      this.inWindow = 0;
      this.suppressed = 0;
    }
    if (++this.inWindow > this.maxPerSecond) {
      this.suppressed++;
      return;
    }
    this.write(formatLogLine(now, agent, event, data));
  }

  /** Writes the pending suppression summary, if any. */
  flush(): void {
    if (this.suppressed > 0) this.write(formatLogLine(new Date(), 'log', 'suppressed', { lines: this.suppressed }));
    this.suppressed = 0;
  }
}

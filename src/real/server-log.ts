/**
 * The servers' log on a real network: one line per allocation and per error, formatted
 * `<ISO time> <agent> <event> key=value ...`. Routine events (refreshes, permissions, channel binds) are not logged.
 * A flood of hostile packets cannot turn the log into the bottleneck: dropped and rejected packets get at most
 * `maxDropLinesPerSecond` lines a second, the rest one summary line a second by reason
 * (`turn-server dropped-summary malformed=5120 rate-limited=80`); beyond `maxPerSecond` lines in one second the
 * rest are counted and summarised in one line.
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
  /** Full lines a second for dropped / rejected packets; the rest are summarised by reason. @default 5 */
  maxDropLinesPerSecond?: number;
}

/** Events about one hostile or stray packet, summarised under a flood. */
const PACKET_EVENTS: ReadonlySet<string> = new Set(['dropped', 'rejected']);

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
  private readonly maxDropLines: number;
  private dropWindow = 0;
  private dropLines = 0;
  /** key: 'agent event' -> reason -> packets not logged in full in the current second. */
  private dropCounts = new Map<string, Map<string, number>>();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly init: ServerLogInit = {}) {
    this.write = init.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.maxPerSecond = init.maxPerSecond ?? 50;
    this.maxDropLines = init.maxDropLinesPerSecond ?? 5;
  }

  /** The sink to give RealHostEnv. */
  readonly sink: AgentEventSink = (agent, event, data) => {
    if (PACKET_EVENTS.has(event) && !this.init.verbose) return this.packet(agent, event, data);
    if (this.init.verbose || LOGGED_EVENTS.has(event)) this.line(agent, event, data);
  };

  /** A dropped or rejected packet: a full line while under the per-second budget, else counted by reason. */
  private packet(agent: string, event: string, data: Record<string, unknown> = {}): void {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.dropWindow) {
      this.writeDropSummary();
      this.dropWindow = second;
      this.dropLines = 0;
    }
    if (++this.dropLines <= this.maxDropLines) return this.line(agent, event, data);
    const key = `${agent} ${event}`;
    let byReason = this.dropCounts.get(key);
    if (!byReason) this.dropCounts.set(key, (byReason = new Map()));
    const reason = String(data.reason ?? 'other');
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    // The summary of a flood's last second is written a second later even if nothing else arrives.
    if (!this.ticker) {
      this.ticker = setInterval(() => this.writeDropSummary(), 1000);
      this.ticker.unref();
    }
  }

  /** Writes one `<agent> <event>-summary reason=count ...` line per agent event counted since the last one. */
  private writeDropSummary(): void {
    if (this.dropCounts.size === 0) {
      if (this.ticker) clearInterval(this.ticker);
      this.ticker = undefined;
      return;
    }
    const counts = this.dropCounts;
    this.dropCounts = new Map();
    for (const [key, byReason] of counts) {
      const [agent, event] = key.split(' ');
      this.write(formatLogLine(new Date(), agent, `${event}-summary`, Object.fromEntries(byReason)));
    }
  }

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

  /** Writes the pending summaries, if any. */
  flush(): void {
    this.writeDropSummary();
    if (this.suppressed > 0) this.write(formatLogLine(new Date(), 'log', 'suppressed', { lines: this.suppressed }));
    this.suppressed = 0;
  }
}

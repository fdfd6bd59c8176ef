/**
 * RunGuard: the limits that stop a runaway run (a packet storm, a routing loop, a keepalive every millisecond for
 * a year) in bounded time and memory. It is the one place a run may read a real clock, and it can only decide
 * whether to stop: it never changes what a run that finishes does, so traces stay deterministic.
 *
 * Use: `scheduler.run({ until, condition: guard.condition })`; report trace and disk bytes with addTraceBytes and
 * diskFull. Each check throws RunawayError naming the guard, the limit and the flag that raises it.
 */
import { RunawayError } from './errors';
import { formatTime } from './time';

/** Defaults chosen so a runaway stops within about 60 s and 1 GB on a 2-core machine. */
export const RUN_GUARD_DEFAULTS = Object.freeze({
  /** Events processed per run (the scheduler's own event guard). */
  maxEvents: 50_000_000,
  /** Wall-clock milliseconds per run. */
  maxWallMs: 60_000,
  /** Trace bytes per run, measured as trace.jsonl text (the in-memory events take a few times more). */
  maxTraceBytes: 200 * 1024 * 1024,
  /** Bytes a run's report folder may take on disk (trace.jsonl, capture.pcapng and the report files). */
  maxDiskBytes: 1024 * 1024 * 1024,
  /** Growth of this thread's memory (JavaScript heap and buffers) during the run. */
  maxMemoryBytes: 1024 * 1024 * 1024,
});

/** Node's process.memoryUsage, when there is one (not in the browser playground, where no memory budget applies). */
type MemoryUsage = () => { heapUsed: number; external: number };

/**
 * This thread's JavaScript heap plus the buffers it holds (packet payloads), in bytes; 0 where the platform does not
 * say (the browser). Read through globalThis so that src/sim needs no Node module and bundles for the browser.
 */
function threadMemory(): number {
  const usage = (globalThis as { process?: { memoryUsage?: MemoryUsage } }).process?.memoryUsage;
  if (!usage) return 0;
  const m = usage();
  return m.heapUsed + m.external;
}

/** Options of a RunGuard. */
export interface RunGuardInit {
  /**
   * Wall-clock budget of the run, in ms (0 = none).
   * @default 60_000
   */
  maxWallMs?: number;
  /**
   * Trace budget in bytes of trace.jsonl text (0 = none).
   * @default 200 MiB
   */
  maxTraceBytes?: number;
  /**
   * Memory budget: most bytes this thread's memory may grow by during the run (0 = none).
   * @default 1 GiB
   */
  maxMemoryBytes?: number;
  /**
   * Reads the wall clock in ms. Tests inject a fake one.
   * @default Date.now
   */
  clock?: () => number;
  /**
   * Reads the memory in use, in bytes. Tests inject a fake one.
   * @default this thread's heap and external memory (process.memoryUsage)
   */
  memory?: () => number;
  /**
   * Events between two readings of the clock (reading it is much slower than an event).
   * @default 256 (an event carrying a 64 KB datagram can take milliseconds at trace level full)
   */
  clockEvery?: number;
  /** Virtual time now, for messages. @default no time in messages */
  now?: () => number;
}

/** Budgets of one run; see the file comment. */
export class RunGuard {
  private readonly maxWallMs: number;
  private readonly maxTraceBytes: number;
  private readonly maxMemoryBytes: number;
  private readonly clock: () => number;
  private readonly memory: () => number;
  private readonly memoryAtStart: number;
  private readonly clockEvery: number;
  private readonly now: () => number;
  private readonly started: number;
  private ticks = 0;
  private traceBytesSeen = 0;
  private tripped: RunawayError | undefined;

  constructor(init: RunGuardInit = {}) {
    this.maxWallMs = init.maxWallMs ?? RUN_GUARD_DEFAULTS.maxWallMs;
    this.maxTraceBytes = init.maxTraceBytes ?? RUN_GUARD_DEFAULTS.maxTraceBytes;
    this.maxMemoryBytes = init.maxMemoryBytes ?? RUN_GUARD_DEFAULTS.maxMemoryBytes;
    this.clock = init.clock ?? Date.now;
    this.memory = init.memory ?? threadMemory;
    this.clockEvery = Math.max(1, init.clockEvery ?? 256);
    this.now = init.now ?? (() => 0);
    this.started = this.clock();
    this.memoryAtStart = this.memory();
  }

  /** Trace bytes counted so far. */
  get traceBytes(): number {
    return this.traceBytesSeen;
  }

  /** The error that stopped the run, once a guard tripped. */
  get error(): RunawayError | undefined {
    return this.tripped;
  }

  /** Counts trace bytes; past the budget the run stops after the current event ("trace too large"). */
  addTraceBytes(n: number): void {
    this.traceBytesSeen += n;
    if (this.maxTraceBytes > 0 && this.traceBytesSeen > this.maxTraceBytes && !this.tripped) {
      this.trip('trace', `trace too large: more than ${mb(this.maxTraceBytes)} of trace events (packet storm or routing loop?); raise --max-trace-mb, or set trace: summary`);
    }
  }

  /** Reports that a report file (named, when known) hit the disk budget; the run stops after the current event. */
  diskFull(limitBytes: number, file?: string): void {
    const what = file === undefined ? 'its files' : `${file} was cut short: the report's files`;
    if (!this.tripped) this.trip('disk', `report too large: ${what} would take more than ${mb(limitBytes)} on disk; raise --max-report-mb, or run with --no-report`);
  }

  /**
   * Pass as `condition` to Scheduler.run: called after every event, it throws the RunawayError of a tripped guard,
   * and every `clockEvery` events reads the clock and the memory in use for their budgets. It never returns true.
   */
  readonly condition = (): boolean => {
    if (this.tripped) throw this.tripped;
    if (++this.ticks % this.clockEvery !== 0) return false;
    if (this.maxWallMs > 0 && this.clock() - this.started > this.maxWallMs) {
      this.trip('wall', `wall-clock budget: the run took more than ${this.maxWallMs / 1000} s of real time (packet storm or routing loop?); raise --max-wall`);
    } else if (this.maxMemoryBytes > 0 && this.memory() - this.memoryAtStart > this.maxMemoryBytes) {
      this.trip('memory', `memory budget: the run grew this process by more than ${mb(this.maxMemoryBytes)} (packets in flight or a kept trace); raise --max-memory-mb`);
    }
    if (this.tripped) throw this.tripped;
    return false;
  };

  private trip(guard: 'wall' | 'trace' | 'disk' | 'memory', message: string): void {
    const at = this.now();
    this.tripped = new RunawayError(`${message} (stopped at ${formatTime(at)} virtual time, after ${this.ticks} events)`, guard, this.ticks, at);
  }
}

/** Bytes as MB for messages (1 MB = 2^20 bytes, as the --max-*-mb flags count). */
function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;
}

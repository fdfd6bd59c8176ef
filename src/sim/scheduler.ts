/**
 * The event scheduler: the only source of time in a world. Callbacks run in (time, seq) order; a run can stop
 * when idle, at a time, or when a condition holds, and a guard on event count and virtual time turns a runaway
 * scenario into a RunawayError instead of a hang.
 */
import { EventHeap, EventTarget, ScheduledEvent } from './event-heap';
import { RunawayError, SimUsageError } from './errors';
import { Micros, formatTime } from './time';

/** Options for a Scheduler. */
export interface SchedulerInit {
  /**
   * Most events one world may process over its life before RunawayError.
   * @default 50_000_000
   */
  maxEvents?: number;
  /**
   * Latest virtual time (µs) any event may be scheduled to run at before RunawayError.
   * @default 30 days
   */
  maxTime?: Micros;
}

/** A handle to cancel a scheduled callback. */
export interface EventHandle {
  /** When it was due (µs). */
  readonly time: number;
  /** Stops it from running; harmless if it already ran. */
  cancel(): void;
}

/** Why a run() returned. */
export type RunStop = 'idle' | 'time' | 'condition';

/** Discrete-event scheduler on integer microseconds. */
export class Scheduler {
  private readonly heap = new EventHeap();
  private seq = 0;
  private current: Micros = 0;
  private processed = 0;
  readonly maxEvents: number;
  readonly maxTime: Micros;

  constructor(init: SchedulerInit = {}) {
    this.maxEvents = init.maxEvents ?? 50_000_000;
    this.maxTime = init.maxTime ?? 30 * 24 * 3600 * 1_000_000;
  }

  /** Current virtual time in µs. */
  get now(): Micros {
    return this.current;
  }

  /** Events run so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events waiting to run (not cancelled). Counts by scanning the queue: for tests and diagnostics. */
  get pending(): number {
    return this.heap.countLive();
  }

  /** Runs `fn` after `delay` µs (0 = later in this instant, after what is already queued for now). */
  schedule(delay: Micros, fn: () => void): EventHandle {
    if (!(delay >= 0) || !Number.isFinite(delay)) {
      throw new SimUsageError(`schedule: delay must be a finite number >= 0 µs, got ${delay}`);
    }
    return this.scheduleAt(this.current + Math.round(delay), fn);
  }

  /** Runs `fn` at absolute time `time` (µs, not before now). The returned handle is the event itself. */
  scheduleAt(time: Micros, fn: () => void): EventHandle {
    this.checkTime(time);
    const ev = new ScheduledEvent(time, this.seq++, fn, undefined, undefined);
    this.heap.push(ev);
    return ev;
  }

  /**
   * Runs `target.onEvent(arg)` at absolute time `time` (µs, not before now). Same ordering as scheduleAt; the
   * hot path (a packet arriving over a link) uses it so that scheduling allocates one object and no closure.
   */
  scheduleCall<T>(time: Micros, target: EventTarget<T>, arg: T): EventHandle {
    this.checkTime(time);
    const ev = new ScheduledEvent(time, this.seq++, undefined, target as EventTarget<unknown>, arg);
    this.heap.push(ev);
    return ev;
  }

  private checkTime(time: Micros): void {
    if (time < this.current) {
      throw new SimUsageError(`scheduleAt: ${formatTime(time)} is in the past (now ${formatTime(this.current)})`);
    }
  }

  /**
   * Runs events in order until none remain ('idle'), the next event lies after `until` µs ('time'; the clock
   * then stands at `until`), or `condition()` holds after an event ('condition').
   */
  run(opts: { until?: Micros; condition?: () => boolean } = {}): RunStop {
    const { until, condition } = opts;
    if (condition && condition()) return 'condition';
    for (;;) {
      const ev = this.heap.peek();
      if (ev === undefined) {
        if (until !== undefined && until > this.current) this.current = until;
        return 'idle';
      }
      if (ev.cancelled) {
        this.heap.pop();
        continue;
      }
      if (until !== undefined && ev.time > until) {
        this.current = Math.max(this.current, until);
        return 'time';
      }
      this.heap.pop();
      if (ev.time > this.maxTime) {
        throw new RunawayError(
          `virtual time guard: an event is due at ${formatTime(ev.time)}, past the limit of ${formatTime(this.maxTime)}`,
          'time', this.processed, this.current);
      }
      this.current = ev.time;
      if (++this.processed > this.maxEvents) {
        throw new RunawayError(
          `event guard: more than ${this.maxEvents} events by ${formatTime(this.current)} (packet storm or routing loop?)`,
          'events', this.processed, this.current);
      }
      ev.run();
      if (condition && condition()) return 'condition';
    }
  }

  /** Runs until `duration` µs from now have passed. */
  runFor(duration: Micros): RunStop {
    return this.run({ until: this.current + duration });
  }
}

/**
 * The event scheduler: the only source of time in a world. Callbacks run in (time, seq) order; a run can stop
 * when idle, at a time, or when a condition holds, and a guard on event count and virtual time turns a runaway
 * scenario into a RunawayError instead of a hang.
 *
 * Events wait either in a binary heap or on a lane (event-lane.ts): a FIFO for events due a fixed delay after
 * they are scheduled, sorted by construction. Same-instant events (delay 0) and packets on fixed-latency links
 * take lanes; everything else the heap. The next event is the earliest of the heap's top and the lanes' fronts,
 * so the order is exactly (time, seq) whichever queue an event waited in.
 */
import { EventHeap, EventTarget, ScheduledEvent } from './event-heap';
import { EventLane, LaneHeap } from './event-lane';
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
  /** Non-empty lanes by their front event. */
  private readonly laneHeap = new LaneHeap();
  /** Lanes by delay (µs). */
  private readonly lanes = new Map<number, EventLane>();
  /** The delay-0 lane: same-instant events. */
  private readonly nowLane: EventLane;
  private seq = 0;
  private current: Micros = 0;
  private processed = 0;
  readonly maxEvents: number;
  readonly maxTime: Micros;

  constructor(init: SchedulerInit = {}) {
    this.maxEvents = init.maxEvents ?? 50_000_000;
    this.maxTime = init.maxTime ?? 30 * 24 * 3600 * 1_000_000;
    this.nowLane = this.lane(0);
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
    let n = this.heap.countLive();
    for (const lane of this.laneHeap.list()) n += lane.countLive();
    return n;
  }

  /**
   * The lane for events due `delay` µs (a whole number >= 0) after they are scheduled; one per delay and
   * scheduler. A component that always schedules with the same delay (a fixed-latency link) keeps its lane and
   * schedules with scheduleOn(): an O(1) append instead of a heap insertion, in the same (time, seq) order.
   */
  lane(delay: Micros): EventLane {
    if (!Number.isInteger(delay) || delay < 0) throw new SimUsageError(`lane: delay must be a whole number >= 0 µs, got ${delay}`);
    let lane = this.lanes.get(delay);
    if (lane === undefined) this.lanes.set(delay, (lane = new EventLane(delay)));
    return lane;
  }

  /**
   * Runs `target.onEvent(arg)` `lane.delay` µs from now (lane from this scheduler's lane()). It cannot be
   * cancelled, and nothing is allocated for it (a packet arrival on a fixed-latency link).
   */
  scheduleOn<T>(lane: EventLane, target: EventTarget<T>, arg: T): void {
    lane.post(this.current + lane.delay, this.seq++, target as EventTarget<unknown>, arg);
    this.laneHeap.pushed(lane);
  }

  /** Runs `fn` after `delay` µs (0 = later in this instant, after what is already queued for now). */
  schedule(delay: Micros, fn: () => void): EventHandle {
    if (!(delay >= 0) || !Number.isFinite(delay)) {
      throw new SimUsageError(`schedule: delay must be a finite number >= 0 µs, got ${delay}`);
    }
    const d = Math.round(delay);
    if (d === 0) {
      const lane = this.nowLane;
      const ev = new ScheduledEvent(this.current, this.seq++, fn, undefined, undefined);
      lane.push(ev);
      this.laneHeap.pushed(lane);
      return ev;
    }
    return this.scheduleAt(this.current + d, fn);
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
      const h = this.heap.peek();
      const lane = this.laneHeap.top();
      // The next entry: the heap's top or the earliest lane front, by (time, seq).
      const fromLane = lane !== undefined && (h === undefined || lane.headTime < h.time || (lane.headTime === h.time && lane.headSeq < h.seq));
      let time: number;
      let ev: ScheduledEvent | undefined;
      if (fromLane) {
        time = lane.headTime;
        ev = lane.frontEvent();
      } else if (h !== undefined) {
        time = h.time;
        ev = h;
      } else {
        if (until !== undefined && until > this.current) this.current = until;
        return 'idle';
      }
      if (ev !== undefined && ev.cancelled) {
        if (fromLane) this.shiftLane(lane);
        else this.heap.pop();
        continue;
      }
      if (until !== undefined && time > until) {
        this.current = Math.max(this.current, until);
        return 'time';
      }
      let target: EventTarget<unknown> | undefined;
      let arg: unknown;
      if (fromLane) {
        if (ev === undefined) {
          target = lane.frontTarget();
          arg = lane.frontArg();
        }
        this.shiftLane(lane);
      } else {
        this.heap.pop();
      }
      if (time > this.maxTime) {
        throw new RunawayError(
          `virtual time guard: an event is due at ${formatTime(time)}, past the limit of ${formatTime(this.maxTime)}`,
          'time', this.processed, this.current);
      }
      this.current = time;
      if (++this.processed > this.maxEvents) {
        throw new RunawayError(
          `event guard: more than ${this.maxEvents} events by ${formatTime(this.current)} (packet storm or routing loop?)`,
          'events', this.processed, this.current);
      }
      if (ev !== undefined) ev.run();
      else target!.onEvent(arg);
      if (condition && condition()) return 'condition';
    }
  }

  /** Removes the front entry of `lane`, the lane holding the next entry. */
  private shiftLane(lane: EventLane): void {
    lane.shift();
    this.laneHeap.shifted(lane);
  }

  /** Runs until `duration` µs from now have passed. */
  runFor(duration: Micros): RunStop {
    return this.run({ until: this.current + duration });
  }
}

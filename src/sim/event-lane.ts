/**
 * Event lanes: FIFO queues that hold events already in (time, seq) order, so the scheduler can keep them out of
 * its binary heap.
 *
 * A lane has a fixed delay d, and every event put on it is due at `now + d` when it is scheduled. Virtual time
 * never goes backwards and sequence numbers only grow, so a later push is never due before an earlier one: the
 * lane is sorted by (time, seq) by construction, a push is an append (O(1), no comparisons) and the earliest
 * event is at the front. A link with a fixed latency is the typical lane: every packet it carries arrives the same
 * delay after it was sent. The scheduler merges its heap and the fronts of its non-empty lanes (LaneHeap below)
 * into one exact (time, seq) order, so using lanes never changes which event runs next.
 *
 * Why: with n packets in flight a binary heap costs O(log n) comparisons per event, each a likely cache miss once
 * n reaches thousands (docs/performance.md, flow scaling); a lane costs O(1) plus O(log k) over k busy lanes.
 */
import type { EventTarget, ScheduledEvent } from './event-heap';

/** Initial ring capacity of a lane (a power of two); it doubles when full. */
const INITIAL_CAPACITY = 16;

/**
 * A FIFO of events due a fixed `delay` after they were scheduled; sorted by (time, seq) by construction. Stored as
 * parallel ring arrays (struct of arrays): an entry is either a target call posted without a handle (a packet
 * arrival: nothing is allocated for it) or a ScheduledEvent, which is its own cancel handle.
 */
export class EventLane {
  private times = new Float64Array(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private targets: (EventTarget<unknown> | undefined)[] = new Array<EventTarget<unknown> | undefined>(INITIAL_CAPACITY).fill(undefined);
  private args: unknown[] = new Array<unknown>(INITIAL_CAPACITY).fill(undefined);
  private events: (ScheduledEvent | undefined)[] = new Array<ScheduledEvent | undefined>(INITIAL_CAPACITY).fill(undefined);
  private mask = INITIAL_CAPACITY - 1;
  private head = 0;
  private count = 0;
  /** Due time of the front entry (valid while not empty); cached for LaneHeap's comparisons. */
  headTime = 0;
  /** Sequence number of the front entry (valid while not empty). */
  headSeq = 0;
  /** Position in the scheduler's LaneHeap, or -1 while the lane is empty (not in the heap). */
  heapIndex = -1;

  constructor(
    /** µs between scheduling an event on this lane and its due time. */
    readonly delay: number,
  ) {}

  /** Entries held, cancelled ones included. */
  get length(): number {
    return this.count;
  }

  /** The front entry's ScheduledEvent, or undefined when it was posted without one (the lane must not be empty). */
  frontEvent(): ScheduledEvent | undefined {
    return this.events[this.head];
  }

  /** The front entry's target (for an entry posted without a ScheduledEvent). */
  frontTarget(): EventTarget<unknown> {
    return this.targets[this.head]!;
  }

  /** The front entry's argument. */
  frontArg(): unknown {
    return this.args[this.head];
  }

  /** Appends `target.onEvent(arg)` due at (time, seq), with no handle; the caller guarantees the order (file comment). */
  post(time: number, seq: number, target: EventTarget<unknown>, arg: unknown): void {
    const i = this.slot(time, seq);
    this.targets[i] = target;
    this.args[i] = arg;
  }

  /** Appends a ScheduledEvent (which can be cancelled); the caller guarantees the order. */
  push(ev: ScheduledEvent): void {
    const i = this.slot(ev.time, ev.seq); // first: slot() may grow the arrays
    this.events[i] = ev;
  }

  /** Removes the front entry (the lane must not be empty). */
  shift(): void {
    const h = this.head;
    this.targets[h] = undefined;
    this.args[h] = undefined;
    this.events[h] = undefined;
    this.head = (h + 1) & this.mask;
    if (--this.count > 0) {
      this.headTime = this.times[this.head];
      this.headSeq = this.seqs[this.head];
    }
  }

  /** Entries not cancelled (a scan: for diagnostics). */
  countLive(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (!this.events[(this.head + i) & this.mask]?.cancelled) n++;
    return n;
  }

  /** Claims the next slot for an entry due at (time, seq) and returns its index. */
  private slot(time: number, seq: number): number {
    if (this.count > this.mask) this.grow();
    if (this.count === 0) {
      this.headTime = time;
      this.headSeq = seq;
    }
    const i = (this.head + this.count) & this.mask;
    this.times[i] = time;
    this.seqs[i] = seq;
    this.count++;
    return i;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const targets = new Array<EventTarget<unknown> | undefined>(cap).fill(undefined);
    const args = new Array<unknown>(cap).fill(undefined);
    const events = new Array<ScheduledEvent | undefined>(cap).fill(undefined);
    for (let i = 0; i < this.count; i++) {
      const j = (this.head + i) & this.mask;
      times[i] = this.times[j];
      seqs[i] = this.seqs[j];
      targets[i] = this.targets[j];
      args[i] = this.args[j];
      events[i] = this.events[j];
    }
    this.times = times;
    this.seqs = seqs;
    this.targets = targets;
    this.args = args;
    this.events = events;
    this.mask = cap - 1;
    this.head = 0;
  }
}

function laneBefore(a: EventLane, b: EventLane): boolean {
  return a.headTime < b.headTime || (a.headTime === b.headTime && a.headSeq < b.headSeq);
}

/** A binary min-heap of the non-empty lanes, keyed by their front event's (time, seq). */
export class LaneHeap {
  private readonly lanes: EventLane[] = [];

  /** The lane whose front event is earliest, or undefined when every lane is empty. */
  top(): EventLane | undefined {
    return this.lanes[0];
  }

  /** Call after pushing onto `lane`: enters it into the heap if it was empty (a push never changes a front). */
  pushed(lane: EventLane): void {
    if (lane.heapIndex >= 0) return;
    const lanes = this.lanes;
    lane.heapIndex = lanes.length;
    lanes.push(lane);
    this.up(lane.heapIndex);
  }

  /** Call after shifting the top lane: re-places it, or removes it from the heap once empty. */
  shifted(lane: EventLane): void {
    const lanes = this.lanes;
    if (lane.length > 0) {
      this.down(lane.heapIndex);
      return;
    }
    const last = lanes.pop()!;
    const i = lane.heapIndex;
    lane.heapIndex = -1;
    if (last === lane) return;
    lanes[i] = last;
    last.heapIndex = i;
    this.down(i);
    this.up(last.heapIndex);
  }

  /** Every lane in the heap (non-empty lanes), in no particular order. */
  list(): readonly EventLane[] {
    return this.lanes;
  }

  private up(i: number): void {
    const lanes = this.lanes;
    const lane = lanes[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!laneBefore(lane, lanes[parent])) break;
      lanes[i] = lanes[parent];
      lanes[i].heapIndex = i;
      i = parent;
    }
    lanes[i] = lane;
    lane.heapIndex = i;
  }

  private down(i: number): void {
    const lanes = this.lanes;
    const n = lanes.length;
    const lane = lanes[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && laneBefore(lanes[r], lanes[l]) ? r : l;
      if (!laneBefore(lanes[c], lane)) break;
      lanes[i] = lanes[c];
      lanes[i].heapIndex = i;
      i = c;
    }
    lanes[i] = lane;
    lane.heapIndex = i;
  }
}

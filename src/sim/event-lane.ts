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
import type { ScheduledEvent } from './event-heap';

/** Initial ring capacity of a lane (a power of two); it doubles when full. */
const INITIAL_CAPACITY = 16;

/** A FIFO of events due a fixed `delay` after they were scheduled; sorted by (time, seq) by construction. */
export class EventLane {
  private ring: (ScheduledEvent | undefined)[] = new Array<ScheduledEvent | undefined>(INITIAL_CAPACITY).fill(undefined);
  private mask = INITIAL_CAPACITY - 1;
  private head = 0;
  private count = 0;
  /** Due time of the front event (valid while not empty); cached for LaneHeap's comparisons. */
  headTime = 0;
  /** Sequence number of the front event (valid while not empty). */
  headSeq = 0;
  /** Position in the scheduler's LaneHeap, or -1 while the lane is empty (not in the heap). */
  heapIndex = -1;

  constructor(
    /** µs between scheduling an event on this lane and its due time. */
    readonly delay: number,
  ) {}

  /** Events held, cancelled ones included. */
  get length(): number {
    return this.count;
  }

  /** The front event (the lane must not be empty). */
  first(): ScheduledEvent {
    return this.ring[this.head]!;
  }

  /** Appends an event; the caller guarantees it is not due before the last one (see the file comment). */
  push(ev: ScheduledEvent): void {
    if (this.count > this.mask) this.grow();
    if (this.count === 0) {
      this.headTime = ev.time;
      this.headSeq = ev.seq;
    }
    this.ring[(this.head + this.count) & this.mask] = ev;
    this.count++;
  }

  /** Removes the front event (the lane must not be empty). */
  shift(): void {
    const ring = this.ring;
    ring[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    if (--this.count > 0) {
      const ev = ring[this.head]!;
      this.headTime = ev.time;
      this.headSeq = ev.seq;
    }
  }

  /** Events not cancelled (a scan: for diagnostics). */
  countLive(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (!this.ring[(this.head + i) & this.mask]!.cancelled) n++;
    return n;
  }

  private grow(): void {
    const old = this.ring;
    const ring = new Array<ScheduledEvent | undefined>(old.length * 2).fill(undefined);
    for (let i = 0; i < this.count; i++) ring[i] = old[(this.head + i) & this.mask];
    this.ring = ring;
    this.mask = ring.length - 1;
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

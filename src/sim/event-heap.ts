/**
 * A binary min-heap of scheduled events keyed by (time, seq). The sequence number makes events at the same
 * virtual time run in the order they were scheduled (DESIGN.md, determinism).
 */

/** Something that can receive a scheduled call with one argument, without a closure per call (packet arrivals). */
export interface EventTarget<T> {
  /** Runs when the event is due. */
  onEvent(arg: T): void;
}

/**
 * One scheduled call: either `fn()` or `target.onEvent(arg)`. The event is also its own cancel handle, so
 * scheduling allocates exactly one object. `cancelled` events stay in the heap and are skipped when popped (lazy
 * deletion).
 */
export class ScheduledEvent {
  /** Set by cancel(); the scheduler skips it. */
  cancelled = false;

  constructor(
    /** When it fires, in µs. */
    readonly time: number,
    /** Tie-breaker: scheduling order. */
    readonly seq: number,
    /** What runs (closure form), or undefined for the target form. */
    readonly fn: (() => void) | undefined,
    /** What runs (target form): target.onEvent(arg). */
    readonly target: EventTarget<unknown> | undefined,
    readonly arg: unknown,
  ) {}

  /** Stops it from running; harmless if it already ran or was cancelled. */
  cancel(): void {
    this.cancelled = true;
  }

  /** Runs it. */
  run(): void {
    if (this.fn !== undefined) this.fn();
    else this.target!.onEvent(this.arg);
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Array-backed binary heap; push and pop are O(log n) and allocate nothing beyond the event itself. */
export class EventHeap {
  private readonly items: ScheduledEvent[] = [];

  /** Number of entries, cancelled ones included. */
  get size(): number {
    return this.items.length;
  }

  /** Entries not cancelled (a scan: for tests and diagnostics, not the hot path). */
  countLive(): number {
    let n = 0;
    for (const ev of this.items) if (!ev.cancelled) n++;
    return n;
  }

  /** The earliest entry, or undefined when empty. */
  peek(): ScheduledEvent | undefined {
    return this.items[0];
  }

  /** Adds an entry. */
  push(ev: ScheduledEvent): void {
    const items = this.items;
    let i = items.length;
    items.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(ev, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = ev;
  }

  /** Removes and returns the earliest entry. */
  pop(): ScheduledEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(items[r], items[l]) ? r : l;
      if (!before(items[c], last)) break;
      items[i] = items[c];
      i = c;
    }
    items[i] = last;
    return top;
  }
}

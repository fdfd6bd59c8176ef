/**
 * A binary min-heap of scheduled events keyed by (time, seq). The sequence number makes events at the same
 * virtual time run in the order they were scheduled (DESIGN.md, determinism).
 */

/** One scheduled callback. `cancelled` events stay in the heap and are skipped when popped (lazy deletion). */
export interface ScheduledEvent {
  /** When it fires, in µs. */
  readonly time: number;
  /** Tie-breaker: scheduling order. */
  readonly seq: number;
  /** What runs. */
  readonly fn: () => void;
  /** Set by cancel(); the scheduler skips it. */
  cancelled: boolean;
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

/**
 * A lazy min-heap of expiry times, so a NAT (or firewall) node needs one timer, not one per mapping.
 *
 * Refreshing a mapping only moves its expiry later, which costs nothing here: the heap keeps an entry at or
 * before each item's real expiry, and an entry that reaches the top early is re-queued at the item's current
 * `expiresAt`. An expiry moved earlier (a shorter timeout after reconfigure) pushes a new entry; the old one is
 * skipped when it surfaces. Removed items (live = false) are skipped too. Parallel arrays: no allocation per push.
 */

/** What the queue needs of an item. */
export interface Expirable {
  /** When the item expires (µs). */
  readonly expiresAt: number;
  /** Earliest time it is queued at; Infinity when not queued. The queue owns this field. */
  queuedAt: number;
  /** False once removed by its owner; the queue then drops its entries. */
  readonly live: boolean;
}

/** Min-heap on expiry time with lazy re-queueing. */
export class ExpiryQueue<T extends Expirable> {
  private readonly times: number[] = [];
  private readonly items: T[] = [];

  /** Entries held, stale ones included. */
  get size(): number {
    return this.times.length;
  }

  /** Call after creating an item or changing its `expiresAt`. O(1) unless the expiry moved earlier. */
  schedule(item: T): void {
    if (item.expiresAt < item.queuedAt) {
      item.queuedAt = item.expiresAt;
      this.push(item.expiresAt, item);
    }
  }

  /** The earliest real expiry time among live items, or undefined when none. */
  next(): number | undefined {
    this.settle();
    return this.times.length > 0 ? this.times[0] : undefined;
  }

  /** Removes and appends to `out` every live item with expiresAt <= now, in heap order. */
  popDue(now: number, out: T[]): void {
    for (;;) {
      this.settle();
      if (this.times.length === 0 || this.times[0] > now) return;
      const item = this.pop();
      item.queuedAt = Infinity;
      out.push(item);
    }
  }

  /** Drops every entry. */
  clear(): void {
    for (const item of this.items) item.queuedAt = Infinity;
    this.times.length = 0;
    this.items.length = 0;
  }

  /** Makes the top entry exact: a live item's current entry whose time equals its expiresAt. */
  private settle(): void {
    while (this.times.length > 0) {
      const at = this.times[0];
      const item = this.items[0];
      if (!item.live || at !== item.queuedAt) {
        this.pop(); // removed item, or a stale duplicate of an entry moved earlier
      } else if (at < item.expiresAt) {
        this.pop(); // refreshed since queued: re-queue at the real expiry
        item.queuedAt = item.expiresAt;
        this.push(item.expiresAt, item);
      } else {
        return;
      }
    }
  }

  private push(at: number, item: T): void {
    const { times, items } = this;
    let i = times.length;
    times.push(at);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= at) break;
      times[i] = times[parent];
      items[i] = items[parent];
      i = parent;
    }
    times[i] = at;
    items[i] = item;
  }

  private pop(): T {
    const { times, items } = this;
    const top = items[0];
    const lastTime = times.pop()!;
    const lastItem = items.pop()!;
    const n = times.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && times[r] < times[l] ? r : l;
      if (times[c] >= lastTime) break;
      times[i] = times[c];
      items[i] = items[c];
      i = c;
    }
    times[i] = lastTime;
    items[i] = lastItem;
    return top;
  }
}

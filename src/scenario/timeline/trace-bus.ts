/**
 * One trace listener that fans events out to the scenario's timeline triggers and expectation evaluators. Handlers
 * may be removed while an event is being dispatched (a trigger fires once) without skipping the others.
 */
import type { Trace } from '../../sim/trace';
import type { TraceEvent } from '../../sim/trace-events';

/** A handler of every trace event. */
export type BusHandler = (ev: TraceEvent) => void;

/** Dispatches a world's trace events. */
export class TraceBus {
  private handlers: { fn: BusHandler; live: boolean }[] = [];
  private dispatching = 0;
  private readonly unsubscribe: () => void;

  constructor(trace: Trace) {
    this.unsubscribe = trace.subscribe((ev) => this.dispatch(ev));
  }

  /** Adds a handler; returns a function that removes it (safe to call from inside a handler). */
  on(fn: BusHandler): () => void {
    const entry = { fn, live: true };
    this.handlers.push(entry);
    return () => {
      entry.live = false;
      if (this.dispatching === 0) this.handlers = this.handlers.filter((h) => h.live);
    };
  }

  /** Runs `fn` once, on the first event `match` accepts (timeline `after:` triggers). */
  once(match: (ev: TraceEvent) => boolean, fn: (ev: TraceEvent) => void): void {
    const off = this.on((ev) => {
      if (!match(ev)) return;
      off();
      fn(ev);
    });
  }

  /** Stops listening to the trace. */
  close(): void {
    this.unsubscribe();
    this.handlers = [];
  }

  private dispatch(ev: TraceEvent): void {
    this.dispatching++;
    try {
      const list = this.handlers;
      const n = list.length; // handlers added during dispatch see the next event, not this one
      for (let i = 0; i < n; i++) if (list[i].live) list[i].fn(ev);
    } finally {
      this.dispatching--;
    }
    if (this.dispatching === 0 && this.handlers.some((h) => !h.live)) this.handlers = this.handlers.filter((h) => h.live);
  }
}

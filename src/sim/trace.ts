/**
 * The trace log. Three levels: 'off' (nothing, for benchmarks), 'summary' (counters by kind and drop reason) and
 * 'full' (every event streamed to listeners and folded into a SHA-256 trace hash). Nothing is kept in memory
 * unless a listener keeps it (see TraceRecorder), so long runs stream.
 */
import { createHash, Hash } from 'crypto';
import { TraceEvent } from './trace-events';
import { eventLine } from './trace-json';

/** Characters of event lines gathered before they are fed to the trace hash. */
const HASH_BATCH_CHARS = 64 * 1024;

/** How much the trace records. */
export type TraceLevel = 'off' | 'summary' | 'full';

/** A function that receives every event at level 'full'. */
export type TraceListener = (ev: TraceEvent) => void;

/** Counters: key is the event kind, or `dropped:<reason>` for drops, or `agent:<agent>:<event>`. */
export type TraceCounters = Map<string, number>;

/** A world's trace. */
export class Trace {
  /** True unless the level is 'off'; hot paths test this before building an event object. */
  readonly on: boolean;
  /** True at level 'full'. */
  readonly full: boolean;
  private readonly counters: TraceCounters = new Map();
  private readonly listeners: TraceListener[] = [];
  private readonly hash: Hash | undefined;
  private events = 0;
  private digestCache: string | undefined;
  /**
   * Lines not yet fed to the hash. SHA-256 of a text is the same fed whole or in pieces, and a few large updates
   * cost far less than two calls into the hash per event (a tenth of the tracing cost of `npm start`).
   */
  private unhashed = '';

  constructor(readonly level: TraceLevel = 'full') {
    this.on = level !== 'off';
    this.full = level === 'full';
    this.hash = this.full ? createHash('sha256') : undefined;
  }

  /** Records one event: counts it and, at 'full', hashes it and hands it to every listener. */
  record(ev: TraceEvent): void {
    if (!this.on) return;
    this.events++;
    this.bump(ev.kind);
    if (ev.kind === 'dropped') this.bump(`dropped:${ev.reason}`);
    else if (ev.kind === 'agent') this.bump(`agent:${ev.agent}:${ev.event}`);
    if (!this.full) return;
    this.digestCache = undefined;
    this.unhashed += `${eventLine(ev)}\n`;
    if (this.unhashed.length >= HASH_BATCH_CHARS) this.flushHash();
    for (const l of this.listeners) l(ev);
  }

  /** Adds a listener for every later event (level 'full' only). Returns a function that removes it. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Events recorded so far (0 at level 'off'). */
  get count(): number {
    return this.events;
  }

  /** A copy of the counters. */
  snapshotCounters(): TraceCounters {
    return new Map(this.counters);
  }

  /** Counter value for a key (see TraceCounters). */
  counter(key: string): number {
    return this.counters.get(key) ?? 0;
  }

  /**
   * Hex SHA-256 over the canonical JSON lines of every event so far (level 'full'), or over the sorted counters
   * (level 'summary'). Stable across machines.
   */
  digest(): string {
    if (this.full) {
      if (this.digestCache === undefined) {
        this.flushHash();
        this.digestCache = this.hash!.copy().digest('hex');
      }
      return this.digestCache;
    }
    const h = createHash('sha256');
    for (const [k, v] of [...this.counters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(`${k}=${v}\n`);
    return h.digest('hex');
  }

  /** Feeds the pending lines to the hash (UTF-8, as a string update is). */
  private flushHash(): void {
    if (this.unhashed.length === 0) return;
    this.hash!.update(this.unhashed);
    this.unhashed = '';
  }

  private bump(key: string): void {
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }
}

/**
 * The trace event type(s) whose `kind` can be K. Some event interfaces carry several kinds (the mapping lifecycle), so
 * a plain `Extract<TraceEvent, { kind: K }>` would be `never` for them; the intersection narrows each member instead.
 */
export type EventOfKind<K extends TraceEvent['kind']> = TraceEvent & { readonly kind: K };

/** A listener that keeps every event in memory, for tests and reports of bounded runs. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  readonly detach: () => void;

  constructor(trace: Trace) {
    this.detach = trace.subscribe((ev) => this.events.push(ev));
  }

  /** Events of one kind. */
  ofKind<K extends TraceEvent['kind']>(kind: K): EventOfKind<K>[] {
    return this.events.filter((e): e is EventOfKind<K> => e.kind === kind);
  }
}

/**
 * A setTimeout/clearTimeout/setInterval-shaped API on virtual time, for agents. Durations are milliseconds, like
 * Node's timers; they may be fractional and are rounded to whole microseconds. The same interface is implemented on
 * the wall clock by the real-network adapter (src/real), so agents run unchanged on either.
 */
import { EventHandle, Scheduler } from './scheduler';
import { MS } from './time';

/** A running timer; pass it to clearTimeout / clearInterval. */
export interface TimerHandle {
  /** Internal: cancels the timer. */
  readonly cancel: () => void;
}

/** What agents use for time. Implemented on virtual time here and on the wall clock in src/real. */
export interface Timers {
  /** Milliseconds since the world started (virtual) or since the adapter was created (real). */
  now(): number;
  /** Runs `fn` once after `delayMs`. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  /** Runs `fn` every `periodMs` until cleared. */
  setInterval(fn: () => void, periodMs: number): TimerHandle;
  /** Stops a timer; accepts undefined and already-fired timers. */
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Same as clearTimeout. */
  clearInterval(handle: TimerHandle | undefined): void;
}

/** Timers on a Scheduler's virtual clock. */
export class VirtualTimers implements Timers {
  constructor(private readonly scheduler: Scheduler) {}

  now(): number {
    return this.scheduler.now / MS;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const ev = this.scheduler.schedule(Math.max(0, Math.round(delayMs * MS)), fn);
    return { cancel: () => ev.cancel() };
  }

  setInterval(fn: () => void, periodMs: number): TimerHandle {
    const period = Math.max(1, Math.round(periodMs * MS));
    let ev: EventHandle;
    const tick = (): void => {
      // Re-arm before running, so fn() may clear the interval.
      ev = this.scheduler.schedule(period, tick);
      fn();
    };
    ev = this.scheduler.schedule(period, tick);
    return { cancel: () => ev.cancel() };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    handle?.cancel();
  }

  clearInterval(handle: TimerHandle | undefined): void {
    handle?.cancel();
  }
}

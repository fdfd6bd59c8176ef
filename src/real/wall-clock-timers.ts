/**
 * Timers (src/sim/timers.ts) on the wall clock: Node's setTimeout/setInterval, and a monotonic now() in ms since
 * the adapter was created (performance.now, so a system clock step does not move it). The real-network
 * counterpart of VirtualTimers.
 */
import type { TimerHandle, Timers } from '../sim/timers';

/** Timers on Node's event loop. */
export class WallClockTimers implements Timers {
  private readonly origin = performance.now();

  now(): number {
    return performance.now() - this.origin;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const t = setTimeout(fn, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(t) };
  }

  setInterval(fn: () => void, periodMs: number): TimerHandle {
    const t = setInterval(fn, Math.max(1, periodMs));
    return { cancel: () => clearInterval(t) };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    handle?.cancel();
  }

  clearInterval(handle: TimerHandle | undefined): void {
    handle?.cancel();
  }
}

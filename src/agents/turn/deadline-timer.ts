/**
 * One timer at a moving deadline, on HostEnv timers. Both agents keep a single timer for all their expiries: the
 * server at AllocationTable.nextExpiry() (RFC 8656 §6, §9, §12), the client at its next refresh (§8).
 */
import type { TimerHandle, Timers } from '../../sim/timers';

/** A timer re-armed to an absolute time (ms on `timers`' clock). */
export class DeadlineTimer {
  private handle: TimerHandle | undefined;
  private at: number | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly fire: () => void,
  ) {}

  /** The armed deadline, ms, or undefined. */
  get deadline(): number | undefined {
    return this.at;
  }

  /** True when armed for a time at or before `now` (its callback is due but may not have run yet). */
  dueBy(now: number): boolean {
    return this.at !== undefined && this.at <= now;
  }

  /** Arms the timer for `at` (ms), or disarms it when undefined. Does nothing when `at` is already armed. */
  set(at: number | undefined): void {
    if (at === this.at) return;
    this.cancel();
    if (at === undefined) return;
    this.at = at;
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      this.at = undefined;
      this.fire();
    }, Math.max(0, at - this.timers.now()));
  }

  /** Disarms the timer. */
  cancel(): void {
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.at = undefined;
  }
}

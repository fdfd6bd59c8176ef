/**
 * One scheduler timer that follows a pure table's nextExpiry(), so expiries are traced at their exact virtual
 * time. Used by the NAT and firewall nodes.
 */
import type { EventHandle } from '../sim/scheduler';
import type { Sim } from '../sim/sim';

/** Keeps a single timer armed at `next()`; on firing calls `fire(now)`. */
export class ExpiryTimer {
  private handle: EventHandle | undefined;

  constructor(
    private readonly sim: Sim,
    /** The earliest expiry (µs), or undefined. */
    private readonly next: () => number | undefined,
    /** Expires what is due at `now` (and traces it). */
    private readonly fire: (now: number) => void,
  ) {}

  /**
   * Like arm(), after a change that only set one item's expiry to `time`: the armed timer is never later than
   * any expiry, so when it is not later than `time` either, arm() would find nothing to do and is skipped (the
   * hot path: a packet refreshing its mapping).
   */
  armFor(time: number): void {
    if (this.handle && this.handle.time <= time) return;
    this.arm();
  }

  /** Re-arms the timer if the earliest expiry moved earlier or the timer is not set. Call after table changes. */
  arm(): void {
    const t = this.next();
    if (t === undefined) return;
    if (this.handle && this.handle.time <= t) return;
    this.handle?.cancel();
    this.handle = this.sim.scheduler.scheduleAt(Math.max(t, this.sim.now), () => {
      this.handle = undefined;
      this.fire(this.sim.now);
      this.arm();
    });
  }
}

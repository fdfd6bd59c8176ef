/**
 * The Ta pacing timer (RFC 8445 §6.1.4.2, §14.2): at most one new check every Ta ms. The timer idles while there is
 * nothing to send and is kicked awake by whatever may have produced a check (a new pair, a triggered check, a
 * finished check), so an agent with nothing to do schedules no events.
 */
import type { TimerHandle, Timers } from '../../sim/timers';

/** A Ta-spaced ticker that only runs while `ready()` holds. */
export class CheckPacer {
  private timer: TimerHandle | undefined;
  private lastTick = Number.NEGATIVE_INFINITY;
  private stopped = false;

  /**
   * @param ready true when a check could be sent now (session started, running, a check pending)
   * @param tick sends one check (RFC 8445 §6.1.4.2)
   */
  constructor(
    private readonly timers: Timers,
    private readonly taMs: number,
    private readonly ready: () => boolean,
    private readonly tick: () => void,
  ) {}

  /** Arms the timer for the next Ta slot if a check is pending and the timer is idle. */
  kick(): void {
    if (this.stopped || this.timer || !this.ready()) return;
    const delay = Math.max(0, this.lastTick + this.taMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.lastTick = this.timers.now();
      this.tick();
      this.kick();
    }, delay);
  }

  /** Runs again after stop() (a failed checklist that got a new pair); the caller kicks it. */
  resume(): void {
    this.stopped = false;
  }

  /** Stops (the generation is retired, the agent closed, or the checklist failed). */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

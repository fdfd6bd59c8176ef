/**
 * How long a controlled agent waits for a nomination it may never get. RFC 8445 §8.1.1 puts nomination on the
 * controlling agent ("MUST eventually pick one and only one candidate pair") and, when that agent cannot produce a
 * selected pair, makes it inform the other agent by means outside the RFC ("e.g., by removing the stream"). natsim's
 * signaling has no such message, so without a bound a controlled agent that holds a valid pair while the controlling
 * agent failed (its own checks on the pair were lost) would stay 'checking' forever.
 *
 * The bound: once the controlled agent has nothing left to check and no nomination, it gives up when it has heard
 * nothing from the peer in this generation (no authenticated check request, no check response) for `timeoutMs`, the
 * agent's consent lifetime (RFC 7675 §5.1: 30 s without an authenticated response means the peer no longer wants
 * our traffic). A peer that is still checking keeps resetting the clock.
 */
import type { TimerHandle, Timers } from '../../sim/timers';

/** A resettable "no nomination and no news from the peer" timer. */
export class NominationWatch {
  private lastHeard: number;
  private timer: TimerHandle | undefined;
  private stopped = false;

  /**
   * @param timeoutMs silence from the peer after which `onExpired` runs (consentTimeoutMs)
   * @param onExpired called once, when the agent should stop waiting
   */
  constructor(
    private readonly timers: Timers,
    private readonly timeoutMs: number,
    private readonly onExpired: (lastHeardAt: number) => void,
  ) {
    this.lastHeard = timers.now();
  }

  /** The peer was heard from now (an authenticated request or response of this generation). */
  heard(): void {
    this.lastHeard = this.timers.now();
    if (this.timer) this.arm();
  }

  /** Arms the timer while `waiting` (nothing left to check, no nomination), disarms it otherwise. */
  update(waiting: boolean): void {
    if (this.stopped) return;
    if (!waiting) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    } else if (!this.timer) {
      this.arm();
    }
  }

  /** Disarms for good. */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.timers.clearTimeout(this.timer);
    const delay = Math.max(0, this.lastHeard + this.timeoutMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.stop();
      this.onExpired(this.lastHeard);
    }, delay);
  }
}

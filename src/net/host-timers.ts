/**
 * Timers for programs on a host. While the host sleeps, callbacks that fall due are held and run when it wakes,
 * like processes on a suspended laptop.
 */
import type { TimerHandle, Timers } from '../sim/timers';

/** Sleep-aware wrapper over the world's virtual timers. */
export class HostTimers implements Timers {
  private held: (() => void)[] = [];
  private sleeping = false;

  constructor(private readonly base: Timers) {}

  now(): number {
    return this.base.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.base.setTimeout(() => this.run(fn), delayMs);
  }

  setInterval(fn: () => void, periodMs: number): TimerHandle {
    return this.base.setInterval(() => this.run(fn), periodMs);
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.base.clearTimeout(handle);
  }

  clearInterval(handle: TimerHandle | undefined): void {
    this.base.clearInterval(handle);
  }

  /** Holds due callbacks from now on. */
  sleep(): void {
    this.sleeping = true;
  }

  /** Runs the held callbacks, in the order they fell due, and stops holding. */
  wake(): void {
    this.sleeping = false;
    const held = this.held;
    this.held = [];
    for (const fn of held) fn();
  }

  private run(fn: () => void): void {
    if (this.sleeping) this.held.push(fn);
    else fn();
  }
}

/**
 * Node's own clock (Date, setTimeout, setInterval, setImmediate, timers/promises, performance.now, hrtime) replaced
 * by sinon's fake timers and slaved to the world's virtual clock, so that third-party code's timers run in virtual
 * time. The fake clock keeps whole milliseconds, like Node's timers: it shows floor(virtual time), and a timer due
 * at millisecond T fires when virtual time reaches exactly T ms.
 *
 * The embedded run asks for the next due timer (nextDueUs) and fires timers one at a time (fireNext), so that
 * microtasks run between two timers as they do in Node. Timer callbacks are bound to the async context they were
 * created in, so a callback runs "on" the simulated host that scheduled it.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { Scheduler } from '../sim/scheduler';
import { MS } from '../sim/time';
import { EmbedScopeError } from './embed-errors';

/** The part of @sinonjs/fake-timers' clock this module uses. */
interface FakeClock {
  now: number;
  tick(ms: number): number;
  next(): number;
  uninstall(): void;
  setTimeout: (...args: unknown[]) => unknown;
  setInterval: (...args: unknown[]) => unknown;
  setImmediate: (...args: unknown[]) => unknown;
  /** Internal min-heap of pending timers (fake-timers 15); created on the first timer. */
  timerHeap?: { peek(): { callAt: number } | undefined };
}

/** Globals faked; microtasks (process.nextTick, queueMicrotask) stay real so Promises work normally. */
const TO_FAKE = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
  'Date', 'hrtime', 'performance'];

/** Node's timers on virtual time. */
export class NodeClock {
  private clock: FakeClock | undefined;

  /**
   * @param scheduler the world's scheduler (the one source of time)
   * @param epochMs what Date.now() shows at virtual time 0
   */
  constructor(private readonly scheduler: Scheduler, readonly epochMs: number) {}

  /** Installs the fake timers (requires sinon, a dev dependency of natsim's users who embed code in tests). */
  install(): void {
    let sinon: { useFakeTimers(config: object): unknown };
    try {
      sinon = require('sinon');
    } catch {
      throw new EmbedScopeError("natsim's embed scope needs the 'sinon' package for Node's fake timers: npm install --save-dev sinon");
    }
    const clock = sinon.useFakeTimers({ now: this.targetMs(), toFake: TO_FAKE }) as FakeClock;
    for (const m of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
      const original = clock[m];
      const bound = (fn: unknown, ...rest: unknown[]): unknown =>
        original.call(clock, typeof fn === 'function' ? AsyncLocalStorage.bind(fn as () => void) : fn, ...rest);
      // Keep fake-timers' bookkeeping (hadOwnProperty) so that uninstall() puts the real global back.
      Object.defineProperties(bound, Object.getOwnPropertyDescriptors(original));
      clock[m] = bound;
    }
    this.clock = clock;
  }

  /** Restores Node's real timers. Pending fake timers are discarded. */
  uninstall(): void {
    this.clock?.uninstall();
    this.clock = undefined;
  }

  /** Virtual time (µs) at which the next fake timer is due, or undefined when none is pending. */
  nextDueUs(): number | undefined {
    const next = this.fake().timerHeap?.peek();
    return next === undefined ? undefined : Math.round((next.callAt - this.epochMs) * MS);
  }

  /** Fires the earliest due timer (one only). */
  fireNext(): void {
    this.fake().next();
  }

  /**
   * Moves the fake clock forward to floor(virtual time) without firing anything: it stops one millisecond short of
   * a pending timer, which then fires through fireNext() in its own step.
   */
  sync(): void {
    const clock = this.fake();
    let target = this.targetMs();
    const due = clock.timerHeap?.peek()?.callAt;
    if (due !== undefined && due <= target) target = due - 1;
    if (target > clock.now) clock.tick(target - clock.now);
  }

  private targetMs(): number {
    return this.epochMs + Math.floor(this.scheduler.now / MS);
  }

  private fake(): FakeClock {
    if (!this.clock) throw new EmbedScopeError('the embed scope is not installed (Node clock)');
    return this.clock;
  }
}

/**
 * Sim: one world's clock, scheduler, RNG root, trace and id counters. Every component of a world receives this
 * object; there is no module-level mutable state, so two worlds in one process never interact.
 */
import { Rng } from './rng';
import { Scheduler, SchedulerInit } from './scheduler';
import { Trace, TraceLevel } from './trace';
import { VirtualTimers } from './timers';

/** Options for a Sim. */
export interface SimInit extends SchedulerInit {
  /**
   * Seed of every random stream.
   * @default 1
   */
  seed?: number | string;
  /**
   * Trace level.
   * @default 'full'
   */
  trace?: TraceLevel;
}

/** The simulation context shared by everything in one world. */
export class Sim {
  readonly seed: number | string;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly trace: Trace;
  readonly timers: VirtualTimers;
  private nextPacketId = 1;

  constructor(init: SimInit = {}) {
    this.seed = init.seed ?? 1;
    this.scheduler = new Scheduler(init);
    this.rng = new Rng(this.seed);
    this.trace = new Trace(init.trace ?? 'full');
    this.timers = new VirtualTimers(this.scheduler);
  }

  /** Current virtual time in µs. */
  get now(): number {
    return this.scheduler.now;
  }

  /** A fresh packet id, unique within this world. */
  packetId(): number {
    return this.nextPacketId++;
  }
}

/**
 * The controlling agent's nomination stopping rule (RFC 8445 §8.1.1 leaves the rule to the agent): nominate the best
 * valid pair as soon as no better pair is pending, or once checks have run for the nomination wait of its worse
 * candidate type (config.nominationWaits). While the wait runs, a timer asks the generation to look again when it is
 * due. A generation nominates once per role; a role change (RFC 8445 §7.2.5.1) lets it nominate anew.
 */
import type { IceEffect } from '../../protocols/ice';
import type { TimerHandle } from '../../sim/timers';
import type { GenerationContext, IceGeneration } from './ice-generation';

/** When one generation nominates, if it controls. */
export class Nominator {
  /** Virtual ms when checks started; the nomination waits count from here. */
  private checksStartedAt: number | undefined;
  private queued = false;
  private timer: TimerHandle | undefined;

  /** @param onDue called when a nomination wait ran out: the generation should call consider() again */
  constructor(
    private readonly ctx: GenerationContext,
    private readonly gen: IceGeneration,
    private readonly onDue: () => void,
  ) {}

  /** Checks start now: the peer's credentials arrived (RFC 8445 §6.1.2.6). */
  checksStarted(): void {
    this.checksStartedAt = this.ctx.env.timers.now();
  }

  /** The role changed (RFC 8445 §7.2.5.1): a nomination made or queued in the old role no longer counts. */
  roleChanged(): void {
    this.queued = false;
  }

  /** Disarms the wait timer (the generation retired). */
  stop(): void {
    this.ctx.env.timers.clearTimeout(this.timer);
  }

  /**
   * Applies the stopping rule (RFC 8445 §8.1.1): nominates the pair it picks and returns the checklist's effects of
   * the nomination, or returns none (not controlling, already nominated, or waiting; a wait arms the timer).
   */
  consider(): readonly IceEffect[] {
    const list = this.gen.list;
    if (this.gen.session.role !== 'controlling' || this.queued || this.checksStartedAt === undefined) return [];
    if (list.state !== 'Running' || list.nominatedPair(1)) return [];
    let pick = list.readyToNominate(1);
    if (!pick) {
      const best = list.bestValidPair(1);
      if (!best) return [];
      const waits = this.ctx.config.nominationWaits;
      const due = this.checksStartedAt + Math.max(waits[best.local.type], waits[best.remote.type]);
      const now = this.ctx.env.timers.now();
      if (now < due) {
        this.ctx.env.timers.clearTimeout(this.timer);
        this.timer = this.ctx.env.timers.setTimeout(() => this.onDue(), due - now);
        return [];
      }
      pick = best;
    }
    this.queued = true;
    this.ctx.env.timers.clearTimeout(this.timer);
    this.ctx.trace('nominating', { generation: this.gen.generation, pair: pick.id, local: pick.local.type, remote: pick.remote.type });
    return list.nominate(pick);
  }
}

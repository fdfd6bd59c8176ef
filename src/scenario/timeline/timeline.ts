/**
 * Schedules a scenario's timeline on the world's virtual clock: `at` entries at their time (entries due at the same
 * time in file order), `after` entries the first time their event appears in the trace, plus their delay. Each
 * action is recorded in the trace as a 'timeline' agent event, so reports show when it happened.
 */
import type { Sim } from '../../sim/sim';
import { ms } from '../../sim/time';
import type { TimelineEntry } from '../format/spec-types';
import { ActionContext, applyAction, describeAction } from './actions';
import { matchesEventRef } from './event-match';
import type { TraceBus } from './trace-bus';

/** Trace name (node and agent) of timeline events. */
export const TIMELINE_AGENT = 'timeline';

/** Runs one entry now and records it. */
function runEntry(sim: Sim, ctx: ActionContext, entry: TimelineEntry): void {
  if (sim.trace.on) {
    sim.trace.record({
      kind: 'agent', t: sim.now, node: TIMELINE_AGENT, agent: TIMELINE_AGENT, event: entry.action.kind,
      data: { entry: entry.source.path, action: describeAction(entry.action), ...(entry.description ? { description: entry.description } : {}) },
    });
  }
  applyAction(ctx, entry.action, `send@${entry.source.path}`);
}

/**
 * Schedules every entry. Call before the run starts (time 0). `after` triggers need the trace at level 'full'
 * (the bus sees no events otherwise).
 */
export function scheduleTimeline(sim: Sim, bus: TraceBus, ctx: ActionContext, entries: readonly TimelineEntry[]): void {
  const timed = entries.filter((e) => e.trigger.kind === 'at');
  // Stable sort: same time keeps file order (and the scheduler runs same-time events in scheduling order).
  const sorted = [...timed].sort((a, b) => (a.trigger.kind === 'at' && b.trigger.kind === 'at' ? a.trigger.atMs - b.trigger.atMs : 0));
  for (const e of sorted) {
    if (e.trigger.kind !== 'at') continue;
    sim.scheduler.scheduleAt(ms(e.trigger.atMs), () => runEntry(sim, ctx, e));
  }
  for (const e of entries) {
    const trigger = e.trigger;
    if (trigger.kind !== 'after') continue;
    bus.once((ev) => matchesEventRef(ev, trigger.event), () => sim.scheduler.schedule(ms(trigger.delayMs), () => runEntry(sim, ctx, e)));
  }
}

/**
 * The timeline from TypeScript: run a function at a virtual time, or when an event first appears in the trace
 * (plus a delay), like the `at:` and `after:` entries of a scenario file. Actions are plain calls (see actions.ts,
 * configureLink, host.sleep(), nat.reboot(), agent.start()).
 */
import type { World } from '../../net/world';
import type { LinkProps } from '../../net/link-props';
import { ms } from '../../sim/time';
import type { EventRef } from '../format/spec-types';
import type { NodeEventKind } from '../format/constants';
import { ScenarioRuntimeError } from '../build/errors';
import { matchesEventRef } from './event-match';
import { TraceBus } from './trace-bus';

/** An event to wait for: `{ agent, event }` (an agent or server event) or `{ node, event }` (a trace event kind). */
export type EventSelector = { agent: string; event: string } | { node: string; event: NodeEventKind };

/** Schedules functions on a world's virtual time and on its trace. */
export class Timeline {
  private readonly bus: TraceBus;

  constructor(private readonly world: World) {
    this.bus = new TraceBus(world.sim.trace);
  }

  /** Runs `fn` at virtual time `atMs` (not in the past). */
  at(atMs: number, fn: () => void): this {
    this.world.sim.scheduler.scheduleAt(ms(atMs), fn);
    return this;
  }

  /** Runs `fn` `delayMs` after the first time `event` appears in the trace (needs the trace at level 'full'). */
  after(event: EventSelector, delayMs: number, fn: () => void): this {
    const ref: EventRef = 'agent' in event
      ? { agent: event.agent, node: null, event: event.event, data: null }
      : { agent: null, node: event.node, event: event.event, data: null };
    this.bus.once((ev) => matchesEventRef(ev, ref), () => this.world.sim.scheduler.schedule(ms(delayMs), fn));
    return this;
  }
}

/**
 * Changes link properties (network-layer units, src/net/link-props.ts) of what `node` sends onto `network`, or of
 * every member when node is null. Returns the number of interfaces changed.
 */
export function configureLink(world: World, network: string, node: string | null, props: LinkProps): number {
  let n = 0;
  for (const iface of world.getNetwork(network).memberList()) {
    if (node !== null && iface.node.name !== node) continue;
    iface.channel.configure(props);
    n++;
  }
  if (node !== null && n === 0) throw new ScenarioRuntimeError(`'${node}' has no interface on network '${network}'`);
  return n;
}

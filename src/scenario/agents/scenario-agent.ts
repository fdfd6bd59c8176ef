/**
 * The runtime shape every agent of a scenario has, whatever it wraps (an echo server, a traffic source, NAT
 * discovery, ICE, hole punching): it can be started and stopped by the timeline, and it reports 'started' and
 * 'stopped' in the trace under its own name, on its host.
 */
import type { Host } from '../../net/host';
import type { HostEnv } from '../../net/host-env';
import type { AgentType } from '../format/constants';

/** An agent placed on a host by a scenario. */
export interface ScenarioAgent {
  /** The scenario's agent name; trace events carry it as `agent`. */
  readonly name: string;
  readonly type: AgentType;
  readonly host: Host;
  /** True between start() and stop(). */
  readonly running: boolean;
  /** Starts the agent; a stopped agent starts afresh (new sockets). Starting a running agent does nothing. */
  start(): void;
  /** Stops the agent: closes its sockets and timers. Stopping a stopped agent does nothing. */
  stop(): void;
}

/** The events every scenario agent records: it was started, it was stopped. */
export const BASE_AGENT_EVENTS = ['started', 'stopped'] as const;

/**
 * Common start/stop bookkeeping and trace events; subclasses implement begin() and end(). `E` is the names of
 * the subclass's own events (its exported event list), so emit() cannot record an event that list lacks.
 */
export abstract class BaseAgent<E extends string = never> implements ScenarioAgent {
  abstract readonly type: AgentType;
  /** The environment on the agent's host, with the agent's own random stream. */
  readonly env: HostEnv;
  private active = false;
  /** True when the wrapped agent reports 'started' itself (then the base does not repeat it). */
  protected readonly reportsOwnStart: boolean = false;

  constructor(readonly name: string, readonly host: Host) {
    this.env = host.env(name);
  }

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    if (!this.reportsOwnStart) this.emit('started');
    this.begin();
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.end();
    this.emit('stopped');
  }

  /** Records an agent event named `event` under this agent's name. */
  protected emit(event: E | (typeof BASE_AGENT_EVENTS)[number], data?: Record<string, unknown>): void {
    this.env.emit(this.name, event, data);
  }

  /** Starts the work (sockets, timers). */
  protected abstract begin(): void;
  /** Stops the work. */
  protected abstract end(): void;
}

/**
 * A simulated out-of-band signaling channel (the web server / SIP proxy that carries SDP between two ICE agents,
 * RFC 8445 §5.3): named endpoints exchange messages after a fixed delay on virtual time. Delivery is reliable and
 * in order (same delay, scheduler ties broken by sequence), so a run is deterministic.
 */
import type { Timers } from '../../sim/timers';
import type { World } from '../../net/world';
import { SignalingUsageError } from './errors';
import { signalingText, type SignalingMessage } from './signaling-message';

/** Options of a signaling channel. */
export interface SignalingChannelInit {
  /** One-way delay of every message in ms (virtual time). @default 50 */
  readonly delayMs?: number;
  /** Name used as the trace node of signaling events. @default 'signaling' */
  readonly name?: string;
}

/** Receives every message delivered to an endpoint. `from` is the sending endpoint's name. */
export type SignalingHandler = (message: SignalingMessage, from: string) => void;

/** Where a channel reports what it carried (an agent trace event); optional. */
export type SignalingEmit = (event: string, data: Record<string, unknown>) => void;

/** One party's side of the channel. */
export interface SignalingEndpoint {
  /** The endpoint's name, unique in its channel. */
  readonly name: string;
  /**
   * Sends `message` to endpoint `to`, or to every other endpoint when omitted (the two-party case).
   * @throws SignalingUsageError for an unknown `to`
   */
  send(message: SignalingMessage, to?: string): void;
  /** Sets the handler; messages that arrived before it was set are delivered to it at once, in order. */
  onMessage(handler: SignalingHandler): void;
}

/** A signaling channel connecting named endpoints. */
export class SignalingChannel {
  readonly delayMs: number;
  readonly name: string;
  /** key: endpoint name */
  private readonly endpoints = new Map<string, ChannelEndpoint>();
  private sentCount = 0;

  /**
   * @param timers virtual timers to delay messages with (e.g. world.sim.timers)
   * @param emit optional trace hook, called on every send and delivery
   */
  constructor(
    private readonly timers: Timers,
    init: SignalingChannelInit = {},
    private readonly emit?: SignalingEmit,
  ) {
    const delay = init.delayMs ?? 50;
    if (!(Number.isFinite(delay) && delay >= 0)) {
      throw new SignalingUsageError('signaling.delayMs', `must be a number of milliseconds >= 0, got ${String(delay)}`);
    }
    this.delayMs = delay;
    this.name = init.name ?? 'signaling';
  }

  /** A channel on a world's clock that records 'signaling' agent events in the world's trace (node = channel name). */
  static forWorld(world: World, init: SignalingChannelInit = {}): SignalingChannel {
    const name = init.name ?? 'signaling';
    const sim = world.sim;
    return new SignalingChannel(sim.timers, init, (event, data) => {
      if (sim.trace.on) sim.trace.record({ kind: 'agent', t: sim.now, node: name, agent: 'signaling', event, data });
    });
  }

  /** Messages sent so far (each recipient counted once). */
  get sent(): number {
    return this.sentCount;
  }

  /** The endpoint called `name`, created on first use. */
  endpoint(name: string): SignalingEndpoint {
    let ep = this.endpoints.get(name);
    if (!ep) {
      ep = new ChannelEndpoint(this, name);
      this.endpoints.set(name, ep);
    }
    return ep;
  }

  /** Names of every endpoint, in creation order. */
  endpointNames(): string[] {
    return [...this.endpoints.keys()];
  }

  /** @internal routes one message from `from` */
  route(from: string, message: SignalingMessage, to?: string): void {
    if (to !== undefined && !this.endpoints.has(to)) {
      throw new SignalingUsageError(`signaling.send(to)`, `no endpoint '${to}'; endpoints: ${this.endpointNames().join(', ')}`);
    }
    const targets = to !== undefined ? [to] : this.endpointNames().filter((n) => n !== from);
    const copy = Object.freeze({ ...message }) as SignalingMessage;
    for (const target of targets) {
      this.sentCount++;
      this.emit?.('sent', { from, to: target, message: signalingText(copy) });
      this.timers.setTimeout(() => {
        this.emit?.('delivered', { from, to: target, message: signalingText(copy) });
        this.endpoints.get(target)?.deliver(copy, from);
      }, this.delayMs);
    }
  }
}

class ChannelEndpoint implements SignalingEndpoint {
  private handler: SignalingHandler | undefined;
  private readonly backlog: { message: SignalingMessage; from: string }[] = [];

  constructor(
    private readonly channel: SignalingChannel,
    readonly name: string,
  ) {}

  send(message: SignalingMessage, to?: string): void {
    this.channel.route(this.name, message, to);
  }

  onMessage(handler: SignalingHandler): void {
    this.handler = handler;
    for (const { message, from } of this.backlog.splice(0)) handler(message, from);
  }

  deliver(message: SignalingMessage, from: string): void {
    if (this.handler) this.handler(message, from);
    else this.backlog.push({ message, from });
  }
}

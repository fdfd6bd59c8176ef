/**
 * One direction of a link: the impairment pipeline a member's outbound packets go through on a network.
 * Order per packet: up/down, MTU, loss (random + Gilbert-Elliott burst), bandwidth queue (tail drop), then
 * latency + jitter (+ reorder hold-back), and optional duplication. Randomness comes from the channel's own RNG
 * stream, so changing one link never changes another's draws.
 */
import type { EventTarget } from '../sim/event-heap';
import type { EventLane } from '../sim/event-lane';
import type { Rng } from '../sim/rng';
import type { Sim } from '../sim/sim';
import type { DropReason } from '../sim/trace-events';
import { MS } from '../sim/time';
import { Datagram } from './datagram';
import { LinkProps, ResolvedLinkProps, resolveLinkProps } from './link-props';

/** Receives each packet that survives the channel, at its arrival time (an interface: no closure per packet). */
export type ChannelSink = EventTarget<Datagram>;

/** Called with each packet the channel drops. */
export type ChannelDrop = (pkt: Datagram, reason: DropReason, detail?: string) => void;

function plainDelayOf(p: ResolvedLinkProps): number {
  const plain = p.up && !p.burstLoss && p.loss === 0 && p.jitter === 0 && p.reorder === 0 && p.duplicate === 0 && p.bandwidth === 0;
  return plain ? Math.max(0, Math.round(p.latency * MS)) : -1;
}

/** A unidirectional impaired pipe. */
export class Channel {
  private props: ResolvedLinkProps;
  /** Burst-loss state: true while in the Gilbert-Elliott bad state. */
  private bad = false;
  /** When the transmitter finishes the last queued packet (µs). */
  private busyUntil = 0;
  /** Finish times (µs) of packets queued or in transmission, oldest first. */
  private readonly queued: number[] = [];
  /**
   * The delay (µs) when the link is up and draws no randomness and has no bandwidth queue (only latency and
   * MTU apply), else -1. Such a link's packets skip the impairment steps; the outcome is the same as the full
   * pipeline's, which would draw nothing for them either.
   */
  private plainDelay: number;
  /** The scheduler's lane for plainDelay (a FIFO, no heap insertion), fetched at the first plain send. */
  private plainLane: EventLane | undefined;

  constructor(
    private readonly sim: Sim,
    private readonly rng: Rng,
    props: ResolvedLinkProps,
    /** Name for errors and traces. */
    readonly name: string,
    /** Called with each packet the channel drops. */
    private readonly drop: ChannelDrop,
  ) {
    this.props = props;
    this.plainDelay = plainDelayOf(props);
  }

  /** The current properties. */
  get properties(): ResolvedLinkProps {
    return this.props;
  }

  /** Changes properties while running; unspecified ones keep their current values. */
  configure(changes: LinkProps): void {
    this.props = resolveLinkProps(changes, this.props, this.name);
    this.plainDelay = plainDelayOf(this.props);
    this.plainLane = undefined;
  }

  /**
   * Sends a packet through the channel; `sink.onEvent(pkt)` runs at arrival, the channel's drop callback runs at
   * once for a drop. A duplicate carries its own copy of the payload, so each delivery owns its bytes. The MTU is
   * the segment's business (Segment.transmit fragments, or drops with mtu-exceeded when DF is set), so a packet
   * reaching the channel fits.
   */
  send(pkt: Datagram, sink: ChannelSink): void {
    if (this.plainDelay < 0) return this.sendImpaired(pkt, sink);
    const scheduler = this.sim.scheduler;
    scheduler.scheduleOn((this.plainLane ??= scheduler.lane(this.plainDelay)), sink, pkt);
  }

  /** A link with loss, jitter, bandwidth, duplication, or down: each step in turn. */
  private sendImpaired(pkt: Datagram, sink: ChannelSink): void {
    const p = this.props;
    const drop = this.drop;
    if (!p.up) return drop(pkt, 'link-down');
    if (this.lost(p)) return drop(pkt, 'link-loss');
    const now = this.sim.now;
    let departs = now;
    if (p.bandwidth > 0) {
      const q = this.queued;
      while (q.length > 0 && q[0] <= now) q.shift();
      // The packet in transmission does not count against the queue limit.
      if (q.length > p.queue) return drop(pkt, 'queue-full', `${q.length - 1} packets queued`);
      const start = Math.max(now, this.busyUntil);
      departs = start + Math.ceil((pkt.size * 8 * 1_000_000) / p.bandwidth);
      this.busyUntil = departs;
      q.push(departs);
    }
    const scheduler = this.sim.scheduler;
    scheduler.scheduleCall(departs + this.delay(p), sink, pkt);
    if (p.duplicate > 0 && this.rng.chance(p.duplicate)) {
      scheduler.scheduleCall(departs + this.delay(p), sink, pkt.withPayloadCopy());
    }
  }

  private lost(p: ResolvedLinkProps): boolean {
    if (p.burstLoss) {
      const b = p.burstLoss;
      this.bad = this.bad ? !this.rng.chance(b.pBadToGood) : this.rng.chance(b.pGoodToBad);
      if (this.bad && this.rng.chance(b.lossInBad ?? 1)) return true;
    }
    return p.loss > 0 && this.rng.chance(p.loss);
  }

  private delay(p: ResolvedLinkProps): number {
    let d = p.latency * MS;
    if (p.jitter > 0) d += (this.rng.float() * 2 - 1) * p.jitter * MS;
    if (p.reorder > 0 && this.rng.chance(p.reorder)) d += p.reorderDelay * MS;
    return Math.max(0, Math.round(d));
  }
}

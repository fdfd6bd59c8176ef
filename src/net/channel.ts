/**
 * One direction of a link: the impairment pipeline a member's outbound packets go through on a network.
 * Order per packet: up/down, MTU, loss (random + Gilbert-Elliott burst), bandwidth queue (tail drop), then
 * latency + jitter (+ reorder hold-back), and optional duplication. Randomness comes from the channel's own RNG
 * stream, so changing one link never changes another's draws.
 */
import type { Rng } from '../sim/rng';
import type { Sim } from '../sim/sim';
import type { DropReason } from '../sim/trace-events';
import { MS } from '../sim/time';
import { Datagram } from './datagram';
import { LinkProps, ResolvedLinkProps, resolveLinkProps } from './link-props';

/** Called with each packet that survives the channel, at its arrival time. */
export type ChannelSink = (pkt: Datagram) => void;

/** Called with each packet the channel drops. */
export type ChannelDrop = (pkt: Datagram, reason: DropReason, detail?: string) => void;

/** A unidirectional impaired pipe. */
export class Channel {
  private props: ResolvedLinkProps;
  /** Burst-loss state: true while in the Gilbert-Elliott bad state. */
  private bad = false;
  /** When the transmitter finishes the last queued packet (µs). */
  private busyUntil = 0;
  /** Finish times (µs) of packets queued or in transmission, oldest first. */
  private readonly queued: number[] = [];

  constructor(
    private readonly sim: Sim,
    private readonly rng: Rng,
    props: ResolvedLinkProps,
    /** Name for errors and traces. */
    readonly name: string,
  ) {
    this.props = props;
  }

  /** The current properties. */
  get properties(): ResolvedLinkProps {
    return this.props;
  }

  /** Changes properties while running; unspecified ones keep their current values. */
  configure(changes: LinkProps): void {
    this.props = resolveLinkProps(changes, this.props, this.name);
  }

  /** Sends a packet through the channel; `sink` runs at arrival, `drop` runs at once for a drop. */
  send(pkt: Datagram, sink: ChannelSink, drop: ChannelDrop): void {
    const p = this.props;
    if (!p.up) return drop(pkt, 'link-down');
    if (pkt.size > p.mtu) return drop(pkt, 'mtu-exceeded', `${pkt.size} bytes > MTU ${p.mtu}`);
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
    this.sim.scheduler.scheduleAt(departs + this.delay(p), () => sink(pkt));
    if (p.duplicate > 0 && this.rng.chance(p.duplicate)) {
      this.sim.scheduler.scheduleAt(departs + this.delay(p), () => sink(pkt));
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

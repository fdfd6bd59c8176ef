/** Test helper: writes plausible trace events for packets walking through a topology, by hand. */
import type { DropReason, FiveTuple, TraceEvent, TracePacket } from '../../../src/sim/trace-events';

const ipNum = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

/** `ip:port` to [ip, port]. */
export function ep(s: string): [number, number] {
  const [ip, port] = s.split(':');
  return [ipNum(ip), Number(port)];
}

/** One step of a packet's walk. */
export type Step =
  | { link: string; iface: string; ms: number }
  | { nat: string; direction: 'outbound' | 'inbound' | 'hairpin'; src?: string; dst?: string; map?: { remote?: string; lifeMs: number } }
  | { router: string }
  | { deliver: string }
  | { drop: string; reason: DropReason; detail?: string };

/** Collects events in order. */
export class TraceBuilder {
  readonly events: TraceEvent[] = [];
  private nextId = 1;

  /** The events sorted by time; a stable sort, so each packet's own events keep their order. */
  sorted(): TraceEvent[] {
    return this.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i).map(({ e }) => e);
  }

  /** Records any event. */
  add(ev: TraceEvent): void {
    this.events.push(ev);
  }

  /** A packet sent at `t` (µs) by `from`, walking `steps`. Returns the time it ended. */
  packet(t0: number, from: string, src: string, dst: string, payload: Uint8Array, steps: Step[]): number {
    const [s, sp] = ep(src);
    const [d, dp] = ep(dst);
    let pkt: TracePacket = { id: this.nextId++, src: s, srcPort: sp, dst: d, dstPort: dp, ttl: 64, payload };
    let t = t0;
    this.add({ kind: 'sent', t, node: from, pkt });
    for (const step of steps) {
      if ('link' in step) {
        this.add({ kind: 'link', t, node: step.iface.split('/')[0], iface: step.iface, link: step.link, pkt });
        t += Math.round(step.ms * 1000);
      } else if ('nat' in step) {
        const before: FiveTuple = { src: pkt.src, srcPort: pkt.srcPort, dst: pkt.dst, dstPort: pkt.dstPort };
        const [ns, nsp] = step.src ? ep(step.src) : [pkt.src, pkt.srcPort];
        const [nd, ndp] = step.dst ? ep(step.dst) : [pkt.dst, pkt.dstPort];
        pkt = { ...pkt, src: ns, srcPort: nsp, dst: nd, dstPort: ndp, ttl: pkt.ttl - 1 };
        const after: FiveTuple = { src: ns, srcPort: nsp, dst: nd, dstPort: ndp };
        if (step.map) {
          this.add({
            kind: 'mapping-created', t, node: step.nat, internal: src, external: step.src ?? src,
            ...(step.map.remote ? { remote: step.map.remote } : {}), expiresAt: t + step.map.lifeMs * 1000,
          });
        }
        this.add({ kind: 'translated', t, node: step.nat, direction: step.direction, before, after, pkt });
      } else if ('router' in step) {
        pkt = { ...pkt, ttl: pkt.ttl - 1 };
        this.add({ kind: 'forwarded', t, node: step.router, pkt });
      } else if ('deliver' in step) {
        this.add({ kind: 'delivered', t, node: step.deliver, pkt });
      } else {
        this.add({ kind: 'dropped', t, node: step.drop, reason: step.reason, pkt, ...(step.detail ? { detail: step.detail } : {}) });
      }
    }
    return t;
  }
}

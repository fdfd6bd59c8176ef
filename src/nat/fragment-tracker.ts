/**
 * IPv4 fragments through a NAT (RFC 4787 REQ-14: a NAT MUST support receiving fragments in order and out of
 * order). Only the first fragment carries the UDP header, so the NAT translates it like any datagram and
 * remembers the result by (source, destination, identification); later fragments of the same datagram get the
 * same address rewrite. A later fragment that arrives before its first is held until the first comes, and dropped
 * ('nat-no-mapping') if it never does within the reassembly timeout.
 */
import type { Datagram } from '../net/datagram';
import type { NatTraceEvent } from './nat-trace-kinds';
import type { FragmentDatagram } from '../net/ipv4-fragments';
import { REASSEMBLY_TIMEOUT_US } from '../net/reassembly';
import type { Sim } from '../sim/sim';
import type { DropReason } from '../sim/trace-events';

/** What the tracker needs from its NAT node. */
export interface FragmentNatNode {
  readonly name: string;
  readonly sim: Sim;
  drop(pkt: Datagram, reason: DropReason, detail?: string): void;
  route(pkt: Datagram): void;
}

interface Flow {
  /** Addresses after translation. */
  readonly src: number;
  readonly dst: number;
  readonly direction: 'outbound' | 'inbound';
  readonly expiresAt: number;
}

/** Per-NAT fragment state. */
export class FragmentTracker {
  /** Translated first fragments. key: `src dst id` as the fragments arrive at the NAT. */
  private readonly flows = new Map<string, Flow>();
  /** Later fragments waiting for their first. key as in `flows`. */
  private readonly held = new Map<string, FragmentDatagram[]>();

  constructor(private readonly node: FragmentNatNode) {}

  /** The NAT translated a first fragment `before` into `after`: later fragments follow it, held ones now. */
  first(before: FragmentDatagram, after: Datagram, direction: 'outbound' | 'inbound'): void {
    const key = keyOf(before);
    const now = this.node.sim.now;
    this.flows.set(key, { src: after.src, dst: after.dst, direction, expiresAt: now + REASSEMBLY_TIMEOUT_US });
    this.node.sim.scheduler.schedule(REASSEMBLY_TIMEOUT_US, () => {
      const f = this.flows.get(key);
      if (f && f.expiresAt <= this.node.sim.now) this.flows.delete(key);
    });
    const waiting = this.held.get(key);
    if (!waiting) return;
    this.held.delete(key);
    for (const f of waiting) this.later(f);
  }

  /** A fragment other than the first: rewritten like its first fragment, or held until that comes. */
  later(f: FragmentDatagram): void {
    const key = keyOf(f);
    const flow = this.flows.get(key);
    if (!flow) return this.hold(key, f);
    if (f.ttl <= 1) return this.node.drop(f, 'ttl-expired');
    const out = f.withEndpoints(flow.src, 0, flow.dst, 0).decrementTtl();
    const trace = this.node.sim.trace;
    if (trace.on) trace.record({ kind: 'translated', t: this.node.sim.now, node: this.node.name, direction: flow.direction, before: f, after: out, pkt: out } satisfies NatTraceEvent);
    this.node.route(out);
  }

  private hold(key: string, f: FragmentDatagram): void {
    let list = this.held.get(key);
    if (!list) {
      const fresh: FragmentDatagram[] = [];
      list = fresh;
      this.held.set(key, fresh);
      this.node.sim.scheduler.schedule(REASSEMBLY_TIMEOUT_US, () => {
        if (this.held.get(key) !== fresh) return;
        this.held.delete(key);
        for (const x of fresh) this.node.drop(x, 'nat-no-mapping', 'fragment whose first fragment never arrived (RFC 4787 REQ-14)');
      });
    }
    list.push(f);
  }
}

function keyOf(p: Datagram): string {
  return `${p.src} ${p.dst} ${p.id}`;
}

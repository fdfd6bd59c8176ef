/** An IPv4 router: static routes, longest-prefix match, TTL decrement, traced drops (RFC 1812 §5.3.1). */
import type { Datagram } from './datagram';
import type { Iface } from './iface';
import { NetNode } from './net-node';

/** A router. NATs and firewalls extend it. */
export class Router extends NetNode {
  receive(pkt: Datagram, _iface: Iface): void {
    if (this.ownsAddress(pkt.dst)) return this.drop(pkt, 'port-unreachable', 'router has no UDP services');
    this.forward(pkt);
  }

  /** Decrements TTL and routes; drops 'ttl-expired' when TTL would reach 0. */
  protected forward(pkt: Datagram): void {
    if (pkt.ttl <= 1) return this.drop(pkt, 'ttl-expired');
    const out = pkt.decrementTtl();
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'forwarded', t: this.sim.now, node: this.name, pkt: out });
    this.route(out);
  }
}

/** An IPv4 router: static routes, longest-prefix match, TTL decrement, traced drops (RFC 1812 §5.3.1). */
import type { Datagram } from './datagram';
import { ICMP_TYPE, TIME_EXCEEDED_CODE, UNREACHABLE_CODE, sendIcmpError } from './icmp';
import type { Iface } from './iface';
import { NetNode, NODE_TRACE_KINDS } from './net-node';
import type { TraceEventOf } from '../sim/trace-events';

/** Trace kinds a router (and so a NAT or firewall) records under its name: a node's, and 'forwarded'. */
export const ROUTER_TRACE_KINDS = [...NODE_TRACE_KINDS, 'forwarded'] as const;
/** One of ROUTER_TRACE_KINDS. */
export type RouterTraceKind = (typeof ROUTER_TRACE_KINDS)[number];

/** A router. NATs and firewalls extend it. */
export class Router extends NetNode {
  override get isRouter(): boolean {
    return true;
  }

  receive(pkt: Datagram, _iface: Iface): void {
    if (this.ownsAddress(pkt.dst)) {
      this.drop(pkt, 'port-unreachable', 'router has no UDP services');
      // ICMP hook (RFC 1122 §3.2.2.1): port unreachable from the router itself.
      return sendIcmpError(this, pkt, ICMP_TYPE.destinationUnreachable, UNREACHABLE_CODE.port);
    }
    this.forward(pkt);
  }

  /** Drops a packet whose TTL ran out and answers ICMP time exceeded (RFC 792, RFC 1812 §5.3.1). */
  protected ttlExpired(pkt: Datagram): void {
    this.drop(pkt, 'ttl-expired');
    sendIcmpError(this, pkt, ICMP_TYPE.timeExceeded, TIME_EXCEEDED_CODE.ttl);
  }

  /** Decrements TTL and routes; drops 'ttl-expired' (and answers ICMP) when TTL would reach 0. */
  protected forward(pkt: Datagram): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const out = pkt.decrementTtl();
    const trace = this.sim.trace;
    if (trace.full) trace.record({ kind: 'forwarded', t: this.sim.now, node: this.name, pkt: out } satisfies TraceEventOf<RouterTraceKind>);
    this.route(out);
  }
}

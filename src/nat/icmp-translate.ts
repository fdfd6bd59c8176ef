/**
 * ICMP errors through a NAT (RFC 5508, RFC 4787 §7 REQ-12): an error about a mapped flow is translated, outer
 * and quoted (embedded) headers both, so the inside host sees the datagram it really sent; one about no live
 * mapping is dropped (RFC 5508 REQ-3/REQ-4); an error never refreshes or ends a mapping (RFC 4787 REQ-12). Whether
 * errors from sources a mapping never sent to pass is the NAT's `unsolicitedIcmp` setting (REQ-12a).
 */
import type { IcmpDatagram } from '../net/icmp';
import type { Datagram } from '../net/datagram';
import type { NatTraceEvent } from './nat-trace-kinds';
import type { DropReason } from '../sim/trace-events';
import type { NatTable } from './nat-table';

/** What the translation needs from its node. */
export interface IcmpNatNode {
  readonly name: string;
  readonly sim: { readonly now: number; readonly trace: { readonly on: boolean; record(ev: object): void } };
  drop(pkt: Datagram, reason: DropReason, detail?: string): void;
  route(pkt: Datagram): void;
}

/** An ICMP error from the outside to one of the NAT's external addresses, about a datagram the NAT sent out. */
export function icmpInbound(node: IcmpNatNode, table: NatTable, pkt: IcmpDatagram): void {
  const about = pkt.icmp.about;
  const now = node.sim.now;
  const r = table.icmpInbound(now, about.src, about.srcPort, pkt.src);
  if (!r) return node.drop(pkt, 'nat-no-mapping', 'ICMP error about no live mapping (RFC 5508 REQ-3)');
  if (!r.admitted && table.config.unsolicitedIcmp === 'filter') {
    return node.drop(pkt, 'nat-filtered', `unsolicitedIcmp: filter, and this mapping never sent to the ICMP source`);
  }
  if (pkt.ttl <= 1) return node.drop(pkt, 'ttl-expired');
  const m = r.mapping;
  const out = pkt.withAbout(about.withSource(m.internalIp, m.internalPort), pkt.src, m.internalIp).decrementTtl();
  traceTranslated(node, 'inbound', pkt, out);
  node.route(out);
}

/** An ICMP error from the inside to the outside, about a datagram that came in through a mapping. */
export function icmpOutbound(node: IcmpNatNode, table: NatTable, pkt: IcmpDatagram): void {
  const about = pkt.icmp.about;
  const m = table.icmpOutbound(node.sim.now, about.dst, about.dstPort, about.src, about.srcPort);
  if (!m) return node.drop(pkt, 'nat-no-mapping', 'ICMP error about no live mapping (RFC 5508 REQ-4)');
  if (pkt.ttl <= 1) return node.drop(pkt, 'ttl-expired');
  const out = pkt.withAbout(about.withDestination(m.externalIp, m.externalPort), m.externalIp, pkt.dst).decrementTtl();
  traceTranslated(node, 'outbound', pkt, out);
  node.route(out);
}

function traceTranslated(node: IcmpNatNode, direction: 'inbound' | 'outbound', before: Datagram, after: Datagram): void {
  const trace = node.sim.trace;
  if (trace.on) trace.record({ kind: 'translated', t: node.sim.now, node: node.name, direction, before, after, pkt: after } satisfies NatTraceEvent);
}

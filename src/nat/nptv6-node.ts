/**
 * Nptv6Node: a router that does NPTv6 (RFC 6296) on its outside interface, natsim's NAT66 option. Stateless: no
 * table, no timers, no filtering (RFC 6296 §1: NPTv6 is not a firewall; put an Ipv6FirewallNode beside it for
 * that). Outbound packets from the inside prefix get the outside prefix in their source (§3.2), inbound packets to
 * the outside prefix get the inside prefix in their destination (§3.3), ports untouched: the address rewrite is
 * checksum-neutral (nptv6.ts). A packet from the inside to an outside-prefix address is hairpinned (both rewrites).
 */
import type { Sim } from '../sim/sim';
import type { Datagram } from '../net/datagram';
import type { Iface } from '../net/iface';
import { EdgeRouter } from './edge-router';
import type { NatTraceEvent } from './nat-trace-kinds';
import { Nptv6Init, Nptv6Translator } from './nptv6';

const NOT_TRANSLATABLE = 'the word that absorbs the checksum adjustment is 0xFFFF (RFC 6296 §3.4, §3.5)';

/** An NPTv6 translator box. */
export class Nptv6Node extends EdgeRouter {
  /** Node kind, for reports (a translating box). */
  readonly kind = 'nat';
  readonly npt: Nptv6Translator;

  constructor(sim: Sim, name: string, settings: Nptv6Init, path = `nptv6s.${name}`) {
    super(sim, name);
    this.npt = new Nptv6Translator(settings, path);
  }

  override receive(pkt: Datagram, iface: Iface): void {
    if (this.ownsAddress(pkt.dst)) return super.receive(pkt, iface);
    const npt = this.npt;
    const fromOutside = iface === this.outsideIface;
    const toExternal = npt.contains('outside', pkt.dst);
    if (fromOutside) {
      if (!toExternal) return super.receive(pkt, iface);
      return this.translate(pkt, pkt.src, npt.inbound(pkt.dst), 'inbound');
    }
    if (toExternal) return this.translate(pkt, npt.contains('inside', pkt.src) ? npt.outbound(pkt.src) : pkt.src, npt.inbound(pkt.dst), 'hairpin');
    if (npt.contains('inside', pkt.src) && this.routes.lookup(pkt.dst)?.iface === this.outsideIface) {
      return this.translate(pkt, npt.outbound(pkt.src), pkt.dst, 'outbound');
    }
    super.receive(pkt, iface);
  }

  private translate(pkt: Datagram, src: number, dst: number, direction: 'outbound' | 'inbound' | 'hairpin'): void {
    if (src < 0 || dst < 0) return this.drop(pkt, 'nat-filtered', NOT_TRANSLATABLE);
    if (pkt.ttl <= 1) return this.drop(pkt, 'ttl-expired', 'hop limit exhausted at the NPTv6 translator');
    const out = pkt.translatedHop(src, pkt.srcPort, dst, pkt.dstPort);
    const trace = this.sim.trace;
    if (trace.on) trace.record({ kind: 'translated', t: this.sim.now, node: this.name, direction, before: pkt, after: out, pkt: out } satisfies NatTraceEvent);
    this.route(out);
  }
}

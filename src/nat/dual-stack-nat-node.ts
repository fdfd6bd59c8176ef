/**
 * DualStackNatNode: a home router as most are sold, an RFC 4787 IPv4 NAT (NatNode) and an RFC 6092 stateful IPv6
 * firewall in one box. IPv4 packets take the NAT's path unchanged; IPv6 packets are never translated, only
 * filtered by the firewall (outbound opens state, inbound passes only as the filtering admits) and routed.
 */
import type { Sim } from '../sim/sim';
import type { Datagram } from '../net/datagram';
import type { Iface } from '../net/iface';
import { isIpv6Number } from '../net/ip-number';
import { ExpiryTimer } from './expiry-timer';
import { Ipv6Firewall, Ipv6FirewallSessionSnapshot } from './ipv6-firewall';
import type { Ipv6FirewallInit } from './ipv6-firewall-config';
import { firewallVerdict } from './ipv6-firewall-path';
import type { NatInit } from './nat-config';
import { NatNode } from './nat-node';

/** Settings of the two halves. */
export interface DualStackInit {
  /** The IPv4 NAT (RFC 4787 settings or a preset). @default {} */
  nat?: NatInit;
  /** The IPv6 firewall (RFC 6092 preset and RFC 4787 filtering). @default {} (preset rfc6092) */
  ipv6Firewall?: Ipv6FirewallInit;
}

/** An IPv4 NAT plus an IPv6 firewall. */
export class DualStackNatNode extends NatNode {
  readonly firewall6: Ipv6Firewall;
  private readonly expiry6: ExpiryTimer;

  /** @param path config path for errors; the halves are `path` (NAT settings) and `path.ipv6Firewall` */
  constructor(sim: Sim, name: string, settings: DualStackInit = {}, path = `nats.${name}`) {
    super(sim, name, settings.nat ?? {}, path);
    this.firewall6 = new Ipv6Firewall(settings.ipv6Firewall ?? {}, `${path}.ipv6Firewall`);
    this.expiry6 = new ExpiryTimer(sim, () => this.firewall6.nextExpiry(), (now) => void this.firewall6.expire(now));
  }

  override receive(pkt: Datagram, iface: Iface): void {
    if (!isIpv6Number(pkt.dst) && !isIpv6Number(pkt.src)) return super.receive(pkt, iface);
    if (this.ownsAddress(pkt.dst)) return super.receive(pkt, iface);
    const outside = this.outside;
    const fromOutside = iface === outside;
    const toOutside = !fromOutside && this.routes.lookup(pkt.dst)?.iface === outside;
    const v = firewallVerdict(this.firewall6, this.sim.now, pkt, fromOutside, toOutside);
    if (!v.ok) return this.drop(pkt, v.reason, v.detail);
    if (fromOutside || toOutside) this.expiry6.arm();
    this.forward(pkt);
  }

  /** The IPv6 firewall's live sessions now. */
  snapshot6(): Ipv6FirewallSessionSnapshot[] {
    return this.firewall6.snapshot(this.sim.now);
  }
}

/**
 * Ipv6FirewallNode: a router whose outside interface is guarded by a stateful Ipv6Firewall (RFC 6092 simple
 * security, RFC 4787 filtering terms, no translation). Built for IPv6; packets of either family crossing it are
 * judged the same way (the core keys endpoints as numbers). Refused packets are dropped with reason 'firewall'
 * and the verdict's detail.
 */
import type { Sim } from '../sim/sim';
import type { Datagram } from '../net/datagram';
import type { Iface } from '../net/iface';
import { EdgeRouter } from './edge-router';
import { ExpiryTimer } from './expiry-timer';
import { Ipv6Firewall, Ipv6FirewallSessionSnapshot } from './ipv6-firewall';
import type { Ipv6FirewallInit } from './ipv6-firewall-config';
import { firewallVerdict } from './ipv6-firewall-path';

/** An IPv6 firewall box between inside networks and one outside network. */
export class Ipv6FirewallNode extends EdgeRouter {
  /** Node kind, for reports. */
  readonly kind = 'firewall';
  readonly firewall: Ipv6Firewall;
  private readonly expiry: ExpiryTimer;

  constructor(sim: Sim, name: string, settings: Ipv6FirewallInit = {}, path = `ipv6Firewalls.${name}`) {
    super(sim, name);
    this.firewall = new Ipv6Firewall(settings, path);
    this.expiry = new ExpiryTimer(sim, () => this.firewall.nextExpiry(), (now) => void this.firewall.expire(now));
  }

  override receive(pkt: Datagram, iface: Iface): void {
    if (this.ownsAddress(pkt.dst)) return super.receive(pkt, iface);
    const fromOutside = iface === this.outsideIface;
    const toOutside = !fromOutside && this.routes.lookup(pkt.dst)?.iface === this.outsideIface;
    const v = firewallVerdict(this.firewall, this.sim.now, pkt, fromOutside, toOutside);
    if (!v.ok) return this.drop(pkt, v.reason, v.detail);
    if (fromOutside || toOutside) this.expiry.arm();
    this.forward(pkt);
  }

  /** Live sessions now. */
  snapshot(): Ipv6FirewallSessionSnapshot[] {
    return this.firewall.snapshot(this.sim.now);
  }
}

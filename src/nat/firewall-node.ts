/**
 * FirewallNode: a router whose outside interface is guarded by a stateful Firewall (no translation), for UDP and
 * TCP (pinholes per protocol, outbound rules by protocol and port). Denied packets are dropped with reason
 * 'firewall' and the verdict's detail.
 */
import type { Sim } from '../sim/sim';
import type { Datagram } from '../net/datagram';
import type { Iface } from '../net/iface';
import { EdgeRouter } from './edge-router';
import { ExpiryTimer } from './expiry-timer';
import { isIcmp } from '../net/icmp';
import { isFragment } from '../net/ipv4-fragments';
import { Firewall, PinholeSnapshot } from './firewall';
import type { FirewallInit } from './firewall-config';

/** A firewall box between inside networks and one outside network. */
export class FirewallNode extends EdgeRouter {
  /** Node kind, for reports. */
  readonly kind = 'firewall';
  readonly firewall: Firewall;
  private readonly expiry: ExpiryTimer;

  constructor(sim: Sim, name: string, settings: FirewallInit = {}, path = `firewalls.${name}`) {
    super(sim, name);
    this.firewall = new Firewall(settings, path);
    this.expiry = new ExpiryTimer(sim, () => this.firewall.nextExpiry(), (now) => void this.firewall.expire(now));
  }

  override receive(pkt: Datagram, iface: Iface): void {
    if (this.ownsAddress(pkt.dst)) return super.receive(pkt, iface);
    const now = this.sim.now;
    const fromOutside = iface === this.outsideIface;
    const toOutside = !fromOutside && this.routes.lookup(pkt.dst)?.iface === this.outsideIface;
    if (isFragment(pkt) && pkt.frag.offset > 0) {
      // Fragment hook: later fragments carry no ports; they pass, and the host drops them if the first was refused.
    } else if ((fromOutside || toOutside) && isIcmp(pkt)) {
      // ICMP hook (RFC 4787 REQ-12, RFC 5508): an ICMP error passes when it is about a flow with an open pinhole.
      const a = pkt.icmp.about;
      const proto = a.tcp === undefined ? 17 : 6;
      const v = fromOutside ? this.firewall.inbound(now, a.src, a.srcPort, a.dst, a.dstPort, proto) : this.firewall.inbound(now, a.dst, a.dstPort, a.src, a.srcPort, proto);
      if (!v.ok) return this.drop(pkt, v.reason, `ICMP error about a flow without a pinhole (${v.detail ?? v.reason})`);
    } else if (fromOutside || toOutside) {
      const proto = pkt.tcp === undefined ? 17 : 6;
      const v = fromOutside
        ? this.firewall.inbound(now, pkt.dst, pkt.dstPort, pkt.src, pkt.srcPort, proto)
        : this.firewall.outbound(now, pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort, proto);
      this.expiry.arm();
      if (!v.ok) return this.drop(pkt, v.reason, v.detail);
    }
    this.forward(pkt);
  }

  /** Open pinholes now. */
  snapshot(): PinholeSnapshot[] {
    return this.firewall.snapshot(this.sim.now);
  }
}

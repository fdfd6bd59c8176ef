/**
 * The decision a stateful IPv6 firewall makes for one packet crossing it, shared by the IPv6 firewall node and
 * the dual-stack home router (RFC 6092 §3.2-§3.3). Which side a packet comes from and goes to is the node's
 * business; this judges it.
 */
import type { Datagram } from '../net/datagram';
import { isIcmp } from '../net/icmp';
import { isFragment } from '../net/ipv4-fragments';
import type { Ipv6Firewall, Ipv6FirewallVerdict } from './ipv6-firewall';

const PASS: Ipv6FirewallVerdict = Object.freeze({ ok: true });

/**
 * Judges `pkt` at `now`: outbound packets pass and open state (RFC 6092 REC-16); inbound ones pass when the
 * filtering admits them. An ICMP error passes inbound only when it is about a flow with live state (REC-18:
 * errors matching a flow are forwarded; REC-19: they never end the state). Fragments after the first carry no
 * ports and pass (the host drops them if the first was refused). Packets that do not cross (inside to inside)
 * pass untouched.
 */
export function firewallVerdict(fw: Ipv6Firewall, now: number, pkt: Datagram, fromOutside: boolean, toOutside: boolean): Ipv6FirewallVerdict {
  if (!fromOutside && !toOutside) return PASS;
  if (isFragment(pkt) && pkt.frag.offset > 0) return PASS;
  if (isIcmp(pkt)) {
    if (!fromOutside) return PASS;
    const a = pkt.icmp.about;
    return fw.hasState(now, a.proto, a.src, a.srcPort, a.dst, a.dstPort)
      ? PASS
      : { ok: false, reason: 'firewall', detail: 'ICMP error about a flow without state (RFC 6092 REC-18)' };
  }
  return fromOutside ? fw.inbound(now, pkt) : fw.outbound(now, pkt);
}

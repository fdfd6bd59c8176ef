/**
 * A firewall routes between its inside and outside networks without translating (DESIGN.md), so nodes on the
 * outside reach its inside only when something routes the inside prefix to the firewall: a router on the outside
 * network with a route covering it (other than a default route), or an outside node whose gateway is the firewall.
 * Without that, every reply from the outside is dropped as `no-route` and a `block-unsolicited-inbound` firewall
 * looks like "UDP blocked". This check reports it before the run.
 */
import { at, NormaliseContext } from './normalise-context';
import { cidrContains, parseCidr } from './ipv4';
import type { TopologySpec } from './spec-types';

/** Reports each firewall whose inside prefix nothing on its outside network routes to it. */
export function checkFirewallRoutes(ctx: NormaliseContext, topology: TopologySpec): void {
  for (const fw of topology.firewalls) {
    if (!fw.inside || !fw.outside) continue;
    const inside = topology.networks.find((n) => n.name === fw.inside.network);
    const prefix = inside ? parseCidr(inside.cidr) : undefined;
    if (!prefix?.ok) continue;
    const outsideNet = fw.outside.network;
    const others = [...topology.hosts, ...topology.routers, ...topology.nats, ...topology.firewalls, ...topology.servers]
      .filter((n) => n.name !== fw.name && n.interfaces.some((i) => i.network === outsideNet));
    if (others.length === 0) continue;
    const routed = topology.routers.some((r) => r.interfaces.some((i) => i.network === outsideNet) && r.routes.some((route) => {
      const to = parseCidr(route.to);
      return to.ok && to.value.length > 0 && to.value.length <= prefix.value.length && cidrContains(to.value, prefix.value.base);
    }));
    const viaGateway = others.some((n) => n.gateway === fw.outside.ip);
    if (routed || viaGateway) continue;
    ctx.error(at(['topology', 'firewalls', fw.name], 'inside'),
      `no router on '${outsideNet}' routes ${prefix.value.text} to this firewall, so every reply from outside to its inside is dropped (no-route) and it looks like UDP is blocked`,
      { expected: `a router on '${outsideNet}' with routes: [{ to: ${prefix.value.text}, via: ${fw.outside.ip} }]` });
  }
}

/**
 * Static route cycles: routers whose routes send a destination around a loop (r1's default route points at r2,
 * r2's at r1). Such a scenario is valid and runs, but every datagram to that destination circles until its TTL
 * runs out (RFC 791 §3.2, Time to Live; dropped as `ttl-expired`), so `natsim validate` warns about it.
 */
import { Cidr, cidrContains, parseCidr, parseIp } from './ipv4';
import type { RawIssue } from './schema-errors';
import { allNodes } from './spec-helpers';
import type { RouterSpec, TopologySpec } from './spec-types';

/** A parsed route of a router. */
interface Route {
  readonly to: Cidr;
  readonly via: number;
}

/** The route a router uses for `ip` (longest prefix of its family), or undefined. */
function lookup(routes: readonly Route[], ip: number): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) if (cidrContains(r.to, ip) && (!best || r.to.length > best.to.length)) best = r;
  return best;
}

/**
 * Finds static route cycles: for each route, follows the destination's prefix address from router to router
 * (longest-prefix match, stopping on a directly connected network or a non-router next hop). Each cycle is
 * reported once, at the route that starts it (the first in file order), as a warning.
 */
export function routeCycleWarnings(topology: TopologySpec): RawIssue[] {
  const owner = new Map<number, string>(); // address -> node name
  for (const n of allNodes(topology)) {
    for (const a of n.interfaces) {
      for (const ip of [a.ip, ...(a.moreIps ?? []), ...a.aliases]) {
        const p = parseIp(ip);
        if (p.ok && !owner.has(p.value)) owner.set(p.value, n.name);
      }
    }
  }
  const cidrs = new Map(topology.networks.map((n) => [n.name, (n.prefixes ?? [n.cidr]).map(parseCidr)]));
  const routers = new Map<string, { spec: RouterSpec; routes: Route[] }>();
  for (const r of topology.routers) {
    const routes: Route[] = [];
    for (const rt of r.routes) {
      const to = parseCidr(rt.to);
      const via = parseIp(rt.via);
      if (to.ok && via.ok) routes.push({ to: to.value, via: via.value });
    }
    routers.set(r.name, { spec: r, routes });
  }
  const connected = (r: RouterSpec, ip: number) => r.interfaces.some((a) => {
    return (cidrs.get(a.network) ?? []).some((c) => c.ok && cidrContains(c.value, ip));
  });
  const seen = new Set<string>();
  const out: RawIssue[] = [];
  for (const start of topology.routers) {
    start.routes.forEach((rt, i) => {
      const to = parseCidr(rt.to);
      if (!to.ok) return;
      const dest = to.value.base;
      const path: string[] = [start.name];
      let current = routers.get(start.name)!;
      for (;;) {
        if (connected(current.spec, dest)) return;
        const route = lookup(current.routes, dest);
        const next = route ? owner.get(route.via) : undefined;
        const nextRouter = next !== undefined ? routers.get(next) : undefined;
        if (!nextRouter) return;
        const at = path.indexOf(nextRouter.spec.name);
        path.push(nextRouter.spec.name);
        if (at >= 0) {
          const loop = path.slice(at);
          const key = `${[...loop.slice(0, -1)].sort().join('\u0001')}\u0001${to.value.text}`;
          if (at === 0 && !seen.has(key)) {
            seen.add(key);
            out.push({
              path: ['topology', 'routers', start.name, 'routes', i],
              part: 'value',
              message: `static routes form a loop for ${to.value.text}: ${loop.join(' -> ')}; packets to it circle until their TTL runs out (counted as ttl-expired drops)`,
            });
          }
          return;
        }
        current = nextRouter;
      }
    });
  }
  return out;
}

/** A static routing table with longest-prefix match (RFC 1812 §5.2.4.3). */
import { Cidr } from './cidr';
import type { Iface } from './iface';
import type { Ipv4 } from './ipv4';

/** One route. `via` is the next hop; undefined means the destination is on the interface's network. */
export interface Route {
  readonly prefix: Cidr;
  readonly iface: Iface;
  readonly via?: Ipv4;
}

/** Routes sorted by prefix length, longest first, so the first match is the longest prefix. */
export class RouteTable {
  private routes: Route[] = [];

  /** Adds a route. Equal-length prefixes keep insertion order. */
  add(route: Route): void {
    // A new array of exact size (hosts hold one or two routes; a grown array would reserve 17 slots).
    this.routes = [...this.routes, route].sort((a, b) => b.prefix.bits - a.prefix.bits);
  }

  /** Removes every route through an interface (used when a host moves). */
  removeIface(iface: Iface): void {
    this.routes = this.routes.filter((r) => r.iface !== iface);
  }

  /** The best route to `dst`, or undefined (no route). */
  lookup(dst: Ipv4): Route | undefined {
    for (const r of this.routes) if (r.prefix.contains(dst)) return r;
    return undefined;
  }

  /** A copy of the routes, longest prefix first. */
  list(): Route[] {
    return [...this.routes];
  }
}

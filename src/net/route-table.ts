/**
 * A static routing table with longest-prefix match (RFC 1812 §5.2.4.3 for IPv4; RFC 8200 and RFC 4291 §2.3
 * prefixes for IPv6). The two families are separate lists, so an IPv4 lookup never walks IPv6 routes and an IPv6
 * address number can never match an IPv4 prefix (or the reverse).
 */
import type { NetPrefix } from './cidr6';
import type { Iface } from './iface';
import { IPV6_NUMBER_BASE, IpNumber } from './ip-number';

/** One route. `via` is the next hop (same family as the prefix); undefined means the destination is on the interface's network. */
export interface Route {
  readonly prefix: NetPrefix;
  readonly iface: Iface;
  readonly via?: IpNumber;
}

/** Routes sorted by prefix length, longest first, so the first match is the longest prefix; one list per family. */
export class RouteTable {
  private routes: Route[] = [];
  private routes6: Route[] = [];
  /**
   * The last two lookups (a flow's packets ask for the same destination; a NAT or router forwarding a flow asks for
   * its two ends in turn): dst -1 = none. Reset by every change.
   */
  private lastDst = -1;
  private lastRoute: Route | undefined = undefined;
  private prevDst = -1;
  private prevRoute: Route | undefined = undefined;

  /** Adds a route. Equal-length prefixes keep insertion order. */
  add(route: Route): void {
    // A new array of exact size (hosts hold one or two routes; a grown array would reserve 17 slots).
    if (route.prefix.family === 6) this.routes6 = [...this.routes6, route].sort(byLength);
    else this.routes = [...this.routes, route].sort(byLength);
    this.forget();
  }

  /** Removes every route through an interface (used when a host moves). */
  removeIface(iface: Iface): void {
    this.routes = this.routes.filter((r) => r.iface !== iface);
    this.routes6 = this.routes6.filter((r) => r.iface !== iface);
    this.forget();
  }

  /** The best route to `dst` (either family), or undefined (no route). */
  lookup(dst: IpNumber): Route | undefined {
    if (dst === this.lastDst) return this.lastRoute;
    if (dst === this.prevDst) return this.prevRoute;
    return this.searchAndRemember(dst);
  }

  /** A lookup neither cached answer holds: searched, then remembered as the last (the last becomes the previous). */
  private searchAndRemember(dst: IpNumber): Route | undefined {
    const route = this.search(dst >= IPV6_NUMBER_BASE ? this.routes6 : this.routes, dst);
    this.prevDst = this.lastDst;
    this.prevRoute = this.lastRoute;
    this.lastDst = dst;
    this.lastRoute = route;
    return route;
  }

  /** Drops both cached lookups (the routes changed). */
  private forget(): void {
    this.lastDst = -1;
    this.lastRoute = undefined;
    this.prevDst = -1;
    this.prevRoute = undefined;
  }

  private search(routes: readonly Route[], dst: IpNumber): Route | undefined {
    for (let i = 0; i < routes.length; i++) if (routes[i].prefix.contains(dst)) return routes[i];
    return undefined;
  }

  /** A copy of the routes, IPv4 then IPv6, longest prefix first within each family. */
  list(): Route[] {
    return [...this.routes, ...this.routes6];
  }
}

function byLength(a: Route, b: Route): number {
  return b.prefix.bits - a.prefix.bits;
}

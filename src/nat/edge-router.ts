/**
 * EdgeRouter: a router with one outside interface and any number of inside ones, the shape every middlebox here
 * shares (the IPv4 firewall, the IPv6 firewall, NPTv6, NAT64). It attaches the interfaces with their usual names
 * (`wan`, `lan1`, ...) and remembers which one faces outside; the subclass decides what crossing it means.
 */
import { TopologyError } from '../net/errors';
import type { Iface } from '../net/iface';
import type { LinkProps } from '../net/link-props';
import { Router } from '../net/router';
import type { Segment } from '../net/segment';

/** A router with one outside interface. */
export abstract class EdgeRouter extends Router {
  protected outsideIface: Iface | undefined;

  /** Attaches the outside interface (once); `gateway` becomes the default route. */
  attachOutside(segment: Segment, ip: string | readonly string[], opts: { ifname?: string; link?: LinkProps; gateway?: string } = {}): Iface {
    if (this.outsideIface) throw new TopologyError(`${this.name}: the outside interface is already attached`);
    this.outsideIface = this.attach(segment, ip, { ifname: opts.ifname ?? 'wan', link: opts.link });
    if (opts.gateway) this.setDefaultGateway(opts.gateway);
    return this.outsideIface;
  }

  /** Attaches an inside interface. */
  attachInside(segment: Segment, ip: string | readonly string[], opts: { ifname?: string; link?: LinkProps } = {}): Iface {
    return this.attach(segment, ip, { ifname: opts.ifname ?? `lan${this.ifaces.length}`, link: opts.link });
  }

  /** The outside interface. */
  get outside(): Iface | undefined {
    return this.outsideIface;
  }
}

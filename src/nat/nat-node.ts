/**
 * NatNode: a router with an RFC 4787 NAT on its outside interface. A thin shell over NatTable: packets from the
 * inside bound for the outside are translated outbound, packets to the NAT's external addresses are translated
 * inbound (or dropped with the table's reason), packets from the inside to the NAT's own external addresses are
 * hairpinned. Every translation, mapping change and drop is traced.
 */
import type { Sim } from '../sim/sim';
import type { Datagram } from '../net/datagram';
import { formatEndpoint } from '../net/endpoint';
import { TopologyError } from '../net/errors';
import type { Iface } from '../net/iface';
import { parseIpv4, tryParseIpv4 } from '../net/ipv4';
import type { LinkProps } from '../net/link-props';
import type { Route } from '../net/route-table';
import { Router } from '../net/router';
import type { Segment } from '../net/segment';
import type { NatInit } from './nat-config';
import { resolveNatConfig } from './nat-validate';
import { MappingSnapshot, NatMapping, mappingEvent } from './nat-mapping';
import { NatTable } from './nat-table';
import { ExpiryTimer } from './expiry-timer';
import { isIcmp } from '../net/icmp';
import { icmpInbound, icmpOutbound } from './icmp-translate';
import { isFragment } from '../net/ipv4-fragments';
import { FragmentTracker } from './fragment-tracker';
import type { NatTraceEvent } from './nat-trace-kinds';


/** A NAT box. Attach the outside first (it gives the default external address), then the inside networks. */
export class NatNode extends Router {
  /** Node kind, for reports. */
  readonly kind = 'nat';
  private table: NatTable | undefined;
  private outsideIface: Iface | undefined;
  private readonly expiry: ExpiryTimer;
  /** Fragment state (RFC 4787 REQ-14). */
  private readonly fragments = new FragmentTracker(this);

  /**
   * @param settings RFC 4787 settings or a preset (validated at once; errors name `path`)
   * @param path config path for error messages, e.g. `topology.nats.home`
   */
  constructor(sim: Sim, name: string, private readonly settings: NatInit, private readonly path = `nats.${name}`) {
    super(sim, name);
    resolveNatConfig(settings, { path, externalIps: ['0.0.0.0'] });
    this.expiry = new ExpiryTimer(sim, () => this.table?.nextExpiry(), (now) => this.expireDue(now));
  }

  /** The NAT's table (undefined for an open NAT, which only routes). */
  get nat(): NatTable | undefined {
    return this.table;
  }

  /** The outside interface. */
  get outside(): Iface | undefined {
    return this.outsideIface;
  }

  /**
   * Attaches the outside (public-facing) interface; its (first IPv4) address is the default external address. A
   * dual-stack box (DualStackNatNode) gives an IPv6 address too.
   */
  attachOutside(segment: Segment, ips: string | readonly string[], opts: { ifname?: string; link?: LinkProps; gateway?: string } = {}): Iface {
    if (this.outsideIface) throw new TopologyError(`${this.name}: the outside interface is already attached`);
    const ip = (typeof ips === 'string' ? [ips] : ips).find((a) => tryParseIpv4(a) !== undefined);
    if (ip === undefined) throw new TopologyError(`${this.name}: the outside interface needs an IPv4 address for the NAT`);
    const iface = this.attach(segment, ips, { ifname: opts.ifname ?? 'wan', link: opts.link });
    this.outsideIface = iface;
    const cfg = resolveNatConfig(this.settings, { path: this.path, externalIps: [ip] });
    if (cfg.translate) {
      this.table = new NatTable(this.settings, this.sim.rng.fork(`nat:${this.name}`), { path: this.path, externalIps: [ip] });
      this.aliasExternalIps();
    }
    if (opts.gateway) this.setDefaultGateway(opts.gateway);
    return iface;
  }

  /** Attaches an inside (private) interface. */
  attachInside(segment: Segment, ip: string | readonly string[], opts: { ifname?: string; link?: LinkProps } = {}): Iface {
    return this.attach(segment, ip, { ifname: opts.ifname ?? `lan${this.ifaces.length}`, link: opts.link });
  }

  override receive(pkt: Datagram, iface: Iface): void {
    const table = this.table;
    if (!table) return super.receive(pkt, iface);
    if (isIcmp(pkt)) {
      // ICMP hook (RFC 5508): errors about mapped flows are translated, headers inside included.
      if (iface === this.outsideIface && table.isExternalIp(pkt.dst)) return icmpInbound(this, table, pkt);
      const route = this.routes.lookup(pkt.dst);
      if (iface !== this.outsideIface && route?.iface === this.outsideIface) return icmpOutbound(this, table, pkt);
      return super.receive(pkt, iface);
    }
    // Fragment hook (RFC 4787 REQ-14): fragments after the first follow the first one's translation.
    if (isFragment(pkt) && pkt.frag.offset > 0 && this.translates(table, pkt, iface)) return this.fragments.later(pkt);
    if (iface === this.outsideIface) {
      if (table.isExternalIp(pkt.dst)) return this.inbound(table, pkt);
      return super.receive(pkt, iface);
    }
    if (table.isExternalIp(pkt.dst)) return this.hairpin(table, pkt);
    const route = this.routes.lookup(pkt.dst);
    if (route && route.iface !== this.outsideIface) return super.receive(pkt, iface);
    this.outbound(table, pkt, route);
  }

  /** True when a packet arriving on `iface` would be translated (inbound to an external address, or outbound). */
  private translates(table: NatTable, pkt: Datagram, iface: Iface): boolean {
    if (iface === this.outsideIface) return table.isExternalIp(pkt.dst);
    return !table.isExternalIp(pkt.dst) && this.routes.lookup(pkt.dst)?.iface === this.outsideIface;
  }

  /** Flushes every mapping (traced 'mapping-flushed'); optionally comes back on new external addresses. */
  reboot(newExternalIps?: readonly string[]): void {
    if (!this.table) return;
    this.traceFlushed(this.table.reboot(newExternalIps));
    this.aliasExternalIps();
  }

  /** Changes NAT settings while running; see NatTable.reconfigure for what happens to existing mappings. */
  reconfigure(patch: Partial<NatInit>): void {
    if (!this.table) throw new TopologyError(`${this.name}: an open NAT cannot be reconfigured`);
    this.traceFlushed(this.table.reconfigure(patch));
    this.aliasExternalIps();
    this.expiry.arm();
  }

  /** The current mapping table with each entry's timer. */
  snapshot(): MappingSnapshot[] {
    return this.table ? this.table.snapshot(this.sim.now) : [];
  }

  /** `route` is the route to pkt.dst already looked up by receive() (undefined: no route, dropped after translation). */
  private outbound(table: NatTable, pkt: Datagram, route: Route | undefined): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const now = this.sim.now;
    const r = table.outbound(now, pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort);
    if (!r.ok) return this.drop(pkt, r.reason, `no free port for ${formatEndpoint(pkt.src, pkt.srcPort)}`);
    const out = pkt.translatedHop(r.externalIp, r.externalPort, pkt.dst, pkt.dstPort);
    const trace = this.sim.trace;
    if (trace.on) {
      trace.record(mappingEvent(r.created ? 'mapping-created' : 'mapping-refreshed', now, this.name, r.mapping) satisfies NatTraceEvent);
      trace.record({ kind: 'translated', t: now, node: this.name, direction: 'outbound', before: pkt, after: out, pkt: out } satisfies NatTraceEvent);
    }
    if (isFragment(pkt)) this.fragments.first(pkt, out, 'outbound');
    // A refresh only moves the mapping's expiry later, so the armed timer is still early enough; a new mapping
    // (or one retired as due) may need it earlier.
    if (r.created) this.expiry.arm();
    if (!route) return this.route(out); // dropped 'no-route', with ICMP network unreachable
    route.iface.transmit(out, route.via ?? out.dst);
  }

  private inbound(table: NatTable, pkt: Datagram): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const now = this.sim.now;
    const r = table.inbound(now, pkt.dst, pkt.dstPort, pkt.src, pkt.srcPort);
    if (!r.ok) return this.drop(pkt, r.reason, this.inboundDropDetail(table, r.reason));
    const out = pkt.translatedHop(pkt.src, pkt.srcPort, r.internalIp, r.internalPort);
    const trace = this.sim.trace;
    if (trace.on) {
      if (table.config.inboundRefresh) trace.record(mappingEvent('mapping-refreshed', now, this.name, r.mapping) satisfies NatTraceEvent);
      trace.record({ kind: 'translated', t: now, node: this.name, direction: 'inbound', before: pkt, after: out, pkt: out } satisfies NatTraceEvent);
    }
    if (isFragment(pkt)) this.fragments.first(pkt, out, 'inbound');
    this.expiry.armFor(r.mapping.expiresAt);
    this.route(out);
  }

  /** Says why an inbound packet was refused, in the terms of RFC 4787 §5. */
  private inboundDropDetail(table: NatTable, reason: string): string {
    if (reason === 'nat-filtered') return `${table.config.filtering} filtering: this mapping never sent to that source`;
    if (reason === 'nat-mapping-expired') return 'the mapping for this port has expired';
    return 'no mapping for this port';
  }

  private hairpin(table: NatTable, pkt: Datagram): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const now = this.sim.now;
    const r = table.hairpin(now, pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort);
    const trace = this.sim.trace;
    const sender = r.ok ? r : r.outbound;
    if (sender && trace.on) {
      trace.record(mappingEvent(sender.created ? 'mapping-created' : 'mapping-refreshed', now, this.name, sender.mapping) satisfies NatTraceEvent);
    }
    this.expiry.arm();
    if (!r.ok) return this.drop(pkt, r.reason, `hairpin to ${formatEndpoint(pkt.dst, pkt.dstPort)}`);
    const out = pkt.translatedHop(r.srcIp, r.srcPort, r.internalIp, r.internalPort);
    if (trace.on) trace.record({ kind: 'translated', t: now, node: this.name, direction: 'hairpin', before: pkt, after: out, pkt: out } satisfies NatTraceEvent);
    this.route(out);
  }

  private expireDue(now: number): void {
    if (!this.table) return;
    const expired = this.table.expire(now);
    const trace = this.sim.trace;
    if (trace.on) for (const m of expired) trace.record(mappingEvent('mapping-expired', now, this.name, m) satisfies NatTraceEvent);
  }

  private traceFlushed(flushed: NatMapping[]): void {
    const trace = this.sim.trace;
    if (trace.on) for (const m of flushed) trace.record(mappingEvent('mapping-flushed', this.sim.now, this.name, m) satisfies NatTraceEvent);
  }

  private aliasExternalIps(): void {
    const iface = this.outsideIface;
    if (!iface || !this.table) return;
    for (const ip of this.table.config.externalIps) {
      const addr = parseIpv4(ip);
      if (addr !== iface.ip) iface.segment.addAlias(iface, addr);
    }
  }
}

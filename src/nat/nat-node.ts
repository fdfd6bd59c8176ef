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
import { formatIpv4, parseIpv4, tryParseIpv4 } from '../net/ipv4';
import type { LinkProps } from '../net/link-props';
import type { Route } from '../net/route-table';
import { Router } from '../net/router';
import type { Segment } from '../net/segment';
import type { NatInit } from './nat-config';
import { resolveNatConfig } from './nat-validate';
import { MappingRecord, MappingSnapshot, NatMapping, mappingEvent } from './nat-mapping';
import { NatTable } from './nat-table';
import { ExpiryTimer } from './expiry-timer';
import { isIcmp } from '../net/icmp';
import { icmpInbound, icmpOutbound } from './icmp-translate';
import { isFragment } from '../net/ipv4-fragments';
import { FragmentTracker } from './fragment-tracker';
import type { NatTraceEvent } from './nat-trace-kinds';
import { TCP_FLAG } from '../net/tcp-header';
import { UnsolicitedSynAnswers } from './unsolicited-syn';
import type { OutboundFail } from './nat-results';


/** A NAT box. Attach the outside first (it gives the default external address), then the inside networks. */
export class NatNode extends Router {
  /** Node kind, for reports. */
  readonly kind = 'nat';
  private table: NatTable | undefined;
  private outsideIface: Iface | undefined;
  private readonly expiry: ExpiryTimer;
  /**
   * The TCP mapping table (RFC 5382; one table per protocol), beside the UDP one: made at the first TCP segment (or
   * ICMP error about one) or the first look at it, since most NATs never carry TCP (tcp() below).
   */
  private tcpTable: NatTable | undefined;
  private readonly tcpExpiry: ExpiryTimer;
  /** Answers to unsolicited inbound SYNs (RFC 5382 REQ-4). */
  private readonly synAnswers = new UnsolicitedSynAnswers(this);
  /** Fragment state (RFC 4787 REQ-14). */
  private readonly fragments = new FragmentTracker(this);

  /**
   * @param settings RFC 4787 settings or a preset (validated at once; errors name `path`)
   * @param path config path for error messages, e.g. `topology.nats.home`
   */
  constructor(sim: Sim, name: string, private readonly settings: NatInit, private readonly path = `nats.${name}`) {
    super(sim, name);
    resolveNatConfig(settings, { path, externalIps: ['0.0.0.0'] });
    this.expiry = new ExpiryTimer(sim, () => this.table?.nextExpiry(), (now) => this.expireDue(now, this.table));
    this.tcpExpiry = new ExpiryTimer(sim, () => this.tcpTable?.nextExpiry(), (now) => this.expireDue(now, this.tcpTable));
  }

  /** The NAT's UDP table (undefined for an open NAT, which only routes). */
  get nat(): NatTable | undefined {
    return this.table;
  }

  /** The NAT's TCP table (RFC 5382), undefined for an open NAT. */
  get natTcp(): NatTable | undefined {
    return this.table === undefined ? undefined : this.tcp();
  }

  /**
   * The TCP table, made on first use from the settings the UDP table holds now (every reconfigure and reboot merged
   * in), so it is the table an eager one would be by now: an empty table has nothing to flush or expire, and its
   * own random stream (forked by name) starts where an unused one would stand. Only for a translating NAT.
   */
  private tcp(): NatTable {
    // Its own RNG stream, so TCP traffic never changes the ports UDP draws.
    // The default external address, as for the UDP table: the outside interface's (first) IPv4 address.
    return (this.tcpTable ??= new NatTable(this.table!.settings, this.sim.rng.fork(`nat:${this.name}:tcp`),
      { path: this.path, externalIps: [formatIpv4(this.outsideIface!.ip4!)], protocol: 'tcp' }));
  }

  /** Unsolicited SYNs waiting for their answer (RFC 5382 REQ-4 hold). */
  get heldSyns(): number {
    return this.synAnswers.pending;
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
    const udp = this.table;
    if (!udp) return super.receive(pkt, iface);
    if (isIcmp(pkt)) {
      const table = pkt.icmp.about.tcp === undefined ? udp : this.tcp();
      // ICMP hook (RFC 5508): errors about mapped flows are translated, headers inside included.
      if (iface === this.outsideIface && table.isExternalIp(pkt.dst)) return icmpInbound(this, table, pkt);
      const route = this.routes.lookup(pkt.dst);
      if (iface !== this.outsideIface && route?.iface === this.outsideIface) return icmpOutbound(this, table, pkt);
      return super.receive(pkt, iface);
    }
    // Fragment hook (RFC 4787 REQ-14): fragments after the first follow the first one's translation.
    if (isFragment(pkt) && pkt.frag.offset > 0 && this.translates(udp, pkt, iface)) return this.fragments.later(pkt);
    // One table per protocol (RFC 5382 for TCP); flags -1 = UDP.
    const tcp = pkt.tcp;
    const table = tcp === undefined ? udp : this.tcp();
    const flags = tcp === undefined ? -1 : tcp.flags;
    if (iface === this.outsideIface) {
      if (table.isExternalIp(pkt.dst)) return this.inbound(table, pkt, flags);
      return super.receive(pkt, iface);
    }
    if (table.isExternalIp(pkt.dst)) return this.hairpin(table, pkt, flags);
    const route = this.routes.lookup(pkt.dst);
    if (route && route.iface !== this.outsideIface) return super.receive(pkt, iface);
    this.outbound(table, pkt, route, flags);
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
    // A TCP table not made yet is made later from the rebooted settings (tcp()).
    if (this.tcpTable) this.traceFlushed(this.tcpTable.reboot(newExternalIps));
    this.synAnswers.clear();
    this.aliasExternalIps();
  }

  /** Changes NAT settings while running; see NatTable.reconfigure for what happens to existing mappings. */
  reconfigure(patch: Partial<NatInit>): void {
    if (!this.table) throw new TopologyError(`${this.name}: an open NAT cannot be reconfigured`);
    // Both tables resolve the same settings: a bad patch throws in the first, before either changes.
    const flushed = this.table.reconfigure(patch);
    this.traceFlushed(flushed);
    if (this.tcpTable) this.traceFlushed(this.tcpTable.reconfigure(patch));
    this.aliasExternalIps();
    this.expiry.arm();
    this.tcpExpiry.arm();
  }

  /** The current mapping table with each entry's timer. */
  snapshot(): MappingSnapshot[] {
    return this.table ? [...this.table.snapshot(this.sim.now), ...(this.tcpTable?.snapshot(this.sim.now) ?? [])] : [];
  }

  /** `route` is the route to pkt.dst already looked up by receive() (undefined: no route, dropped after translation). */
  private outbound(table: NatTable, pkt: Datagram, route: Route | undefined, flags: number): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const now = this.sim.now;
    // The table's mapping itself, no result object per packet (nat-table.ts, outboundMapping).
    const m = flags < 0 ? table.outboundMapping(now, pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort)
      : table.outboundTcpMapping(now, pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort, flags);
    if (!(m instanceof MappingRecord)) return this.drop(pkt, m.reason, this.outboundDropDetail(pkt, m));
    const created = table.lastCreated;
    const out = pkt.translatedHop(m.externalIp, m.externalPort, pkt.dst, pkt.dstPort);
    // Rare work lives in helpers: this function stays small enough for V8 to inline on the packet path.
    if (this.sim.trace.on) this.traceTranslated(now, created ? 'mapping-created' : 'mapping-refreshed', m, 'outbound', pkt, out);
    if (isFragment(pkt)) this.fragments.first(pkt, out, 'outbound');
    // A refresh only moves the mapping's expiry later, so the armed timer is still early enough; a new mapping
    // (or one retired as due) may need it earlier.
    if (flags >= 0) this.tcpOutbound(m.externalIp, m.externalPort, pkt, flags);
    else if (created) this.expiry.arm();
    if (!route) return this.route(out); // dropped 'no-route', with ICMP network unreachable
    route.iface.transmit(out, route.via ?? out.dst);
  }

  /** After an outbound TCP segment: a FIN or RST may move the mapping's expiry earlier; a SYN meets held ones (REQ-4). */
  private tcpOutbound(externalIp: number, externalPort: number, pkt: Datagram, flags: number): void {
    this.tcpExpiry.arm();
    if ((flags & (TCP_FLAG.SYN | TCP_FLAG.ACK)) === TCP_FLAG.SYN) this.synAnswers.outboundSyn(externalIp, externalPort, pkt.dst, pkt.dstPort);
  }

  /** Traces a translation and the mapping event that came with it (`mappingKind` undefined: none). */
  private traceTranslated(now: number, mappingKind: 'mapping-created' | 'mapping-refreshed' | undefined, mapping: NatMapping,
    direction: 'outbound' | 'inbound', before: Datagram, after: Datagram): void {
    const trace = this.sim.trace;
    if (mappingKind !== undefined) trace.record(mappingEvent(mappingKind, now, this.name, mapping) satisfies NatTraceEvent);
    trace.record({ kind: 'translated', t: now, node: this.name, direction, before, after, pkt: after } satisfies NatTraceEvent);
  }

  private inbound(table: NatTable, pkt: Datagram, flags: number): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const now = this.sim.now;
    const m = flags < 0 ? table.inboundMapping(now, pkt.dst, pkt.dstPort, pkt.src, pkt.srcPort)
      : table.inboundTcpMapping(now, pkt.dst, pkt.dstPort, pkt.src, pkt.srcPort, flags);
    if (!(m instanceof MappingRecord)) {
      if (flags < 0) return this.drop(pkt, m.reason, this.inboundDropDetail(table, m.reason));
      return this.tcpInboundRefused(table, pkt, flags, m.reason, m.noConnection === true);
    }
    const out = pkt.translatedHop(pkt.src, pkt.srcPort, m.internalIp, m.internalPort);
    if (this.sim.trace.on) this.traceTranslated(now, table.config.inboundRefresh ? 'mapping-refreshed' : undefined, m, 'inbound', pkt, out);
    if (isFragment(pkt)) this.fragments.first(pkt, out, 'inbound');
    if (flags < 0) this.expiry.armFor(m.expiresAt);
    else this.tcpExpiry.arm();
    this.route(out);
  }

  /** An inbound TCP segment the table refused: dropped; an unsolicited SYN is answered per RFC 5382 REQ-4. */
  private tcpInboundRefused(table: NatTable, pkt: Datagram, flags: number, reason: Parameters<NatNode['drop']>[1],
    noConnection: boolean): void {
    const tcp = table.config.tcp;
    const syn = (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK | TCP_FLAG.RST)) === TCP_FLAG.SYN;
    if (!syn) {
      const detail = noConnection ? 'TCP segment of no connection through this mapping (only a SYN opens one)' : this.inboundDropDetail(table, reason);
      return this.drop(pkt, reason, detail);
    }
    const answer = tcp.unsolicitedSyn === 'drop' ? 'no answer'
      : `${tcp.unsolicitedSyn === 'rst' ? 'RST' : 'ICMP port unreachable'}${tcp.synHold > 0 ? ` after ${tcp.synHold / 1000} s unless an outbound SYN meets it` : ''}`;
    this.drop(pkt, reason, `unsolicited SYN (RFC 5382 REQ-4: ${answer}); ${this.inboundDropDetail(table, reason)}`);
    this.synAnswers.unsolicited(pkt, tcp.unsolicitedSyn, tcp.synHold);
  }

  /** Says why an outbound packet got no mapping. */
  private outboundDropDetail(pkt: Datagram, r: OutboundFail): string {
    if (r.reason === 'nat-no-mapping') return 'outbound TCP segment without SYN and no mapping (only a SYN creates TCP state)';
    return `no free port for ${formatEndpoint(pkt.src, pkt.srcPort)}`;
  }

  /** Says why an inbound packet was refused, in the terms of RFC 4787 §5. */
  private inboundDropDetail(table: NatTable, reason: string): string {
    if (reason === 'nat-filtered') return `${table.config.filtering} filtering: this mapping never sent to that source`;
    if (reason === 'nat-mapping-expired') return 'the mapping for this port has expired';
    return 'no mapping for this port';
  }

  private hairpin(table: NatTable, pkt: Datagram, flags: number): void {
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const now = this.sim.now;
    const r = table.hairpin(now, pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort, flags);
    const trace = this.sim.trace;
    const sender = r.ok ? r : r.outbound;
    if (sender && trace.on) {
      trace.record(mappingEvent(sender.created ? 'mapping-created' : 'mapping-refreshed', now, this.name, sender.mapping) satisfies NatTraceEvent);
    }
    (flags < 0 ? this.expiry : this.tcpExpiry).arm();
    if (!r.ok) return this.drop(pkt, r.reason, `hairpin to ${formatEndpoint(pkt.dst, pkt.dstPort)}`);
    const out = pkt.translatedHop(r.srcIp, r.srcPort, r.internalIp, r.internalPort);
    if (trace.on) trace.record({ kind: 'translated', t: now, node: this.name, direction: 'hairpin', before: pkt, after: out, pkt: out } satisfies NatTraceEvent);
    this.route(out);
  }

  private expireDue(now: number, table: NatTable | undefined): void {
    if (!table) return;
    const expired = table.expire(now);
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

/**
 * Nat64Node: a stateful NAT64 (RFC 6146) between an IPv6-only inside and an IPv4 outside. A thin shell over
 * Nat64Table: an IPv6 packet to an address inside the NAT64 prefix (RFC 6052) is translated to IPv4 from a pool
 * address (RFC 7915 §5); an IPv4 packet to a pool address is translated back if its BIB entry and filtering admit
 * it (§4); an IPv6 packet to the IPv6 representation of a pool address is hairpinned (RFC 6146 §3.8). Other
 * packets are routed untranslated. Every translation, BIB entry's life and drop is traced, as a NatNode's are.
 */
import type { Sim } from '../sim/sim';
import { Datagram, IPPROTO_UDP } from '../net/datagram';
import { TopologyError } from '../net/errors';
import type { Iface } from '../net/iface';
import { formatIp, isIpv6Number } from '../net/ip-number';
import { tryParseIpv4 } from '../net/ipv4';
import type { LinkProps } from '../net/link-props';
import { EdgeRouter } from './edge-router';
import type { Segment } from '../net/segment';
import { ExpiryTimer } from './expiry-timer';
import type { Nat64Init } from './nat64-config';
import { resolveNat64Config } from './nat64-config';
import { isNonGlobalIpv4 } from '../net/nat64-prefix';
import { BibEntry, BibSnapshot, Nat64Proto, Nat64Table, bibEvent } from './nat64-table';
import { isTranslatable, toIpv4, toIpv6 } from './nat64-translate';
import type { NatTraceEvent } from './nat-trace-kinds';

/** A NAT64 box. Attach the outside (IPv4) first: its address is the default pool. */
export class Nat64Node extends EdgeRouter {
  /** Node kind, for reports (a translating box). */
  readonly kind = 'nat';
  private table: Nat64Table | undefined;
  private readonly expiry: ExpiryTimer;

  /**
   * @param settings RFC 6146 settings (validated at once; errors name `path`)
   * @param path config path for errors, e.g. `topology.nat64s.carrier`
   */
  constructor(sim: Sim, name: string, private readonly settings: Nat64Init = {}, private readonly path = `nat64s.${name}`) {
    super(sim, name);
    resolveNat64Config(settings, path);
    this.expiry = new ExpiryTimer(sim, () => this.table?.nextExpiry(), (now) => this.expireDue(now));
  }

  /** The BIBs and sessions (undefined before the outside is attached). */
  get nat64(): Nat64Table | undefined {
    return this.table;
  }

  /** Attaches the IPv4 outside; its address is the pool unless the settings give one. */
  override attachOutside(segment: Segment, ip: string | readonly string[], opts: { ifname?: string; link?: LinkProps; gateway?: string } = {}): Iface {
    const iface = super.attachOutside(segment, ip, { ifname: opts.ifname, link: opts.link });
    const v4 = (typeof ip === 'string' ? [ip] : ip).map((a) => tryParseIpv4(a)).find((a) => a !== undefined);
    if (v4 === undefined) throw new TopologyError(`${this.name}: the NAT64's outside interface needs an IPv4 address`);
    this.table = new Nat64Table(this.settings, this.sim.rng.fork(`nat64:${this.name}`), [v4], this.path);
    for (const addr of this.table.pool) if (addr !== iface.ip) segment.addAlias(iface, addr);
    if (opts.gateway) this.setDefaultGateway(opts.gateway);
    return iface;
  }

  /** The BIB entries and their live sessions now. */
  snapshot(): BibSnapshot[] {
    return this.table ? this.table.snapshot(this.sim.now) : [];
  }

  override receive(pkt: Datagram, iface: Iface): void {
    const table = this.table;
    if (table === undefined) return super.receive(pkt, iface);
    if (isIpv6Number(pkt.dst)) {
      const v4 = table.config.prefix.extract(pkt.dst);
      if (v4 < 0 || isIpv6Number(pkt.src) === false) return super.receive(pkt, iface);
      return this.fromIpv6(table, pkt, v4);
    }
    if (!isIpv6Number(pkt.src) && table.isPoolAddress(pkt.dst)) return this.fromIpv4(table, pkt);
    super.receive(pkt, iface);
  }

  /** RFC 6146 §3.5 "IPv6 incoming", §3.7 translation, §3.8 hairpinning. */
  private fromIpv6(table: Nat64Table, pkt: Datagram, v4: number): void {
    if (!isTranslatable(pkt)) return this.drop(pkt, 'nat-filtered', 'only UDP and TCP are translated (RFC 7915 ICMPv6 translation is not modelled)');
    if (pkt.ttl <= 1) return this.ttlExpired(pkt); // ICMPv6 Time Exceeded (RFC 4443 §3.3)
    if (table.config.prefix.wellKnown && isNonGlobalIpv4(v4)) {
      return this.drop(pkt, 'nat-filtered', `the Well-Known Prefix must not embed the non-global ${formatIp(v4)} (RFC 6052 §3.1)`);
    }
    const now = this.sim.now;
    const proto = this.protoOf(pkt);
    const hairpin = table.isPoolAddress(v4);
    if (hairpin && !table.config.hairpinning) return this.drop(pkt, 'nat-hairpin-off', 'hairpinning is off (RFC 6146 §3.8)');
    const r = table.outbound(now, proto, pkt.src, pkt.srcPort, v4, pkt.dstPort, pkt.tcp);
    if (!r.ok) return this.drop(pkt, r.reason, r.detail);
    this.traceBib(r.created ? 'mapping-created' : 'mapping-refreshed', r.bib);
    if (r.created) this.expiry.arm();
    if (hairpin) {
      // §3.8: the translated packet's destination is a pool address, so it is processed as IPv4 incoming.
      const back = table.inbound(now, proto, r.externalIp, r.externalPort, v4, pkt.dstPort, pkt.tcp);
      if (!back.ok) return this.drop(pkt, back.reason, `hairpin: ${back.detail}`);
      const out = toIpv6(pkt, table.config.prefix.embed(r.externalIp), r.externalPort, back.internalIp, back.internalPort);
      this.traceTranslated('hairpin', pkt, out);
      this.expiry.arm();
      return this.route(out);
    }
    const out = toIpv4(pkt, r.externalIp, r.externalPort, v4, pkt.dstPort);
    this.traceTranslated('outbound', pkt, out);
    this.expiry.armFor(r.bib.expiresAt);
    this.route(out);
  }

  /** RFC 6146 §3.5 "IPv4 incoming" and §3.7. */
  private fromIpv4(table: Nat64Table, pkt: Datagram): void {
    if (!isTranslatable(pkt)) {
      return this.drop(pkt, 'nat-filtered', 'ICMP and IPv4 fragments are not translated (RFC 7915 §4.1/§4.2 not modelled)');
    }
    if (pkt.ttl <= 1) return this.ttlExpired(pkt);
    const r = table.inbound(this.sim.now, this.protoOf(pkt), pkt.src, pkt.srcPort, pkt.dst, pkt.dstPort, pkt.tcp);
    if (!r.ok) return this.drop(pkt, r.reason, r.detail);
    const out = toIpv6(pkt, table.config.prefix.embed(pkt.src), pkt.srcPort, r.internalIp, r.internalPort);
    this.traceTranslated('inbound', pkt, out);
    this.expiry.armFor(r.bib.expiresAt);
    this.route(out);
  }

  private protoOf(pkt: Datagram): Nat64Proto {
    return pkt.proto === IPPROTO_UDP ? 'udp' : 'tcp';
  }

  private traceBib(kind: 'mapping-created' | 'mapping-refreshed' | 'mapping-expired', b: BibEntry): void {
    const trace = this.sim.trace;
    if (trace.on) trace.record(bibEvent(kind, this.sim.now, this.name, b) satisfies NatTraceEvent);
  }

  private traceTranslated(direction: 'outbound' | 'inbound' | 'hairpin', before: Datagram, after: Datagram): void {
    const trace = this.sim.trace;
    if (trace.on) trace.record({ kind: 'translated', t: this.sim.now, node: this.name, direction, before, after, pkt: after } satisfies NatTraceEvent);
  }

  private expireDue(now: number): void {
    if (!this.table) return;
    for (const b of this.table.expire(now)) this.traceBib('mapping-expired', b);
  }
}

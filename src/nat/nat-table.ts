/**
 * NatTable: the pure core of an RFC 4787 UDP NAT. It never reads a clock or touches a socket: every call takes
 * `now` (µs) and returns a decision, like Tailscale natlab's NATTable. The NAT node is a thin shell around it:
 *
 *   packet from inside  -> outbound() (or hairpin() when the destination is one of the NAT's own addresses)
 *   packet from outside -> inbound()
 *   one timer at nextExpiry() -> expire(now), tracing each returned mapping as 'mapping-expired'
 *
 * Before handling a packet at `now`, a node that wants expiries traced before the packet's own events calls
 * expire(now) when now >= nextExpiry(). outbound/inbound are correct either way: a mapping due at `now` is
 * treated as expired (an outbound packet then gets a new mapping, and the old one is returned by expire()).
 */
import type { RandomSource } from '../sim/rng';
import { tryParseIpv4 } from '../net/ipv4';
import type { NatConfig, NatInit } from './nat-config';
import { NatConfigError, NatUsageError } from './nat-errors';
import { ExpiryQueue } from './expiry-queue';
import { BehaviorLevel, behaviorLevel, mappingAdmits } from './filtering';
import { hairpinDecision } from './hairpin';
import { ExternalPools } from './ip-pooling';
import { MappingIndex } from './mapping-index';
import { MappingRecord, MappingSnapshot, NatMapping, snapshotMapping } from './nat-mapping';
import type { HairpinResult, InboundFail, InboundResult, OutboundFail, OutboundResult } from './nat-results';
import { ResolveNatOptions, mergeNatInit, resolveNatConfig, tcpTableConfig, validateExternalIps } from './nat-validate';
import { TCP_FLAG } from '../net/tcp-header';
import { TcpSessions } from './tcp-sessions';
import type { PortAllocation } from './port-allocator';

const EXHAUSTED: OutboundFail = Object.freeze({ ok: false, reason: 'nat-port-exhausted' });
const NO_MAPPING: InboundFail = Object.freeze({ ok: false, reason: 'nat-no-mapping' });
const FILTERED: InboundFail = Object.freeze({ ok: false, reason: 'nat-filtered' });
const EXPIRED: InboundFail = Object.freeze({ ok: false, reason: 'nat-mapping-expired' });
const NO_CONNECTION: InboundFail = Object.freeze({ ok: false, reason: 'nat-filtered', noConnection: true });
const NO_MAPPING_OUT: OutboundFail = Object.freeze({ ok: false, reason: 'nat-no-mapping' });

/** Options of a NatTable: those of resolveNatConfig, and which protocol's table it is. */
export interface NatTableOptions extends ResolveNatOptions {
  /**
   * 'tcp': a NAT's TCP table (RFC 5382): the settings' `tcp` part applies, connections are tracked from flags
   * (outboundTcp / inboundTcp) and timed by their state; only a SYN creates a mapping.
   * @default 'udp'
   */
  protocol?: 'udp' | 'tcp';
}

const US_PER_MS = 1000;

/** An inbound call's result object from its mapping. */
function inboundResult(m: MappingRecord | InboundFail): InboundResult {
  return m instanceof MappingRecord ? { ok: true, internalIp: m.internalIp, internalPort: m.internalPort, mapping: m } : m;
}

function byExpiryThenId(a: NatMapping, b: NatMapping): number {
  return a.expiresAt - b.expiresAt || a.id - b.id;
}

/** The mapping table of one NAT. */
export class NatTable {
  private init: NatInit;
  private cfg!: NatConfig;
  private pools!: ExternalPools;
  private index!: MappingIndex;
  private readonly queue = new ExpiryQueue<MappingRecord>();
  /** Mappings found due by outbound() and removed, not yet returned by expire(). */
  private pending: MappingRecord[] = [];
  private nextId = 1;
  private lastNow = 0;
  // Derived from cfg (µs and numbers for the hot path); see applyConfig().
  private filterLevel: BehaviorLevel = 0;
  private endpointScope = false;
  private timeoutUs = 0;
  private establishedUs = 0;
  private alloc!: PortAllocation;
  /**
   * The external address when the NAT has exactly one (most do), else -1: isExternalIp's answer without reading
   * the pools, which every packet through the NAT asks (set with the pools in applyConfig).
   */
  private singleExternalIp = -1;
  /** The mapping admitted() found last: a flow's next inbound packet is for it again (checked live and equal). */
  private lastInbound: MappingRecord | undefined = undefined;
  /** Whether the last outboundMapping() or outboundTcpMapping() call created its mapping. */
  private created = false;

  /**
   * @param settings the NAT's settings (validated here; may come straight from YAML)
   * @param rng where random port assignment draws from (give the NAT its own stream, e.g. rng.fork('nat:home'))
   * @param opts config path for errors, and the default external address(es)
   * @throws NatConfigError for bad settings; NatUsageError for an open NAT (translate: false), which has no table
   */
  constructor(settings: NatInit, private readonly rng: RandomSource, private readonly opts: NatTableOptions = {}) {
    const cfg = this.resolve(settings);
    if (!cfg.translate) {
      throw new NatUsageError(`${opts.path ?? 'nat'}: an open NAT (translate: false) has no table; route its packets untranslated`);
    }
    this.init = { ...settings };
    this.applyConfig(cfg, true);
  }

  /**
   * The current settings, defaults applied. For a TCP table, the RFC 4787 axes are the `tcp` ones and the
   * timeouts are the transitory (mappingTimeout) and established ones (tcpTableConfig).
   */
  get config(): NatConfig {
    return this.cfg;
  }

  /** True when the last outboundMapping() or outboundTcpMapping() created the mapping it returned. */
  get lastCreated(): boolean {
    return this.created;
  }

  /** The settings as given, with every reconfigure() patch and reboot() address change merged in (no defaults applied). */
  get settings(): Readonly<NatInit> {
    return this.init;
  }

  /** True for a NAT's TCP table. */
  get isTcp(): boolean {
    return this.opts.protocol === 'tcp';
  }

  private resolve(init: NatInit): NatConfig {
    const cfg = resolveNatConfig(init, this.opts);
    return this.opts.protocol === 'tcp' && cfg.translate ? tcpTableConfig(cfg) : cfg;
  }

  /** Number of live mappings. */
  get size(): number {
    return this.pools.size;
  }

  /** True when `ip` (uint32) is one of the NAT's external addresses (the node then hairpins). */
  isExternalIp(ip: number): boolean {
    const single = this.singleExternalIp;
    return single >= 0 ? ip === single : this.pools.find(ip) !== undefined;
  }

  /**
   * Translates a packet from internalIp:internalPort to remoteIp:remotePort: finds or creates its mapping
   * (RFC 4787 §4.1), refreshes it (REQ-6) and records the remote for filtering. Fails only when no port is left.
   */
  outbound(now: number, internalIp: number, internalPort: number, remoteIp: number, remotePort: number): OutboundResult {
    return this.outboundResult(this.outboundMapping(now, internalIp, internalPort, remoteIp, remotePort));
  }

  /**
   * outbound() without a result object, for the NAT node's packet path: the mapping (its external endpoint is
   * the packet's new source; lastCreated then says whether this call created it), or why there is none.
   */
  outboundMapping(now: number, internalIp: number, internalPort: number, remoteIp: number, remotePort: number): MappingRecord | OutboundFail {
    this.clock(now);
    let m = this.liveOutbound(now, internalIp, internalPort, remoteIp, remotePort);
    this.created = false;
    if (m === undefined) {
      m = this.create(now, internalIp, internalPort, remoteIp, remotePort);
      if (m === undefined) return EXHAUSTED;
      this.created = true;
    }
    m.lastRefresh = now;
    this.setExpiry(m);
    const sentKey = remoteIp * 65536 + remotePort;
    if (sentKey !== m.lastSentKey) {
      m.sentTo.add(sentKey);
      m.sentToIps.add(remoteIp);
      m.lastSentKey = sentKey;
    }
    return m;
  }

  /**
   * A TCP segment from the inside (RFC 5382): like outbound(), but only a SYN (without RST) creates a mapping
   * (RFC 6146 §3.5.2.2: other segments without state are dropped, 'nat-no-mapping'), and the segment's `flags`
   * (TCP_FLAG bits) move its connection's state, which sets the mapping's expiry (tcp-sessions.ts).
   */
  outboundTcp(now: number, internalIp: number, internalPort: number, remoteIp: number, remotePort: number,
    flags: number): OutboundResult {
    return this.outboundResult(this.outboundTcpMapping(now, internalIp, internalPort, remoteIp, remotePort, flags));
  }

  /** outboundTcp() without a result object (as outboundMapping() is to outbound()). */
  outboundTcpMapping(now: number, internalIp: number, internalPort: number, remoteIp: number, remotePort: number,
    flags: number): MappingRecord | OutboundFail {
    this.clock(now);
    let m = this.liveOutbound(now, internalIp, internalPort, remoteIp, remotePort);
    this.created = false;
    if (m === undefined) {
      if ((flags & (TCP_FLAG.SYN | TCP_FLAG.RST)) !== TCP_FLAG.SYN) return NO_MAPPING_OUT;
      m = this.create(now, internalIp, internalPort, remoteIp, remotePort);
      if (m === undefined) return EXHAUSTED;
      this.created = true;
    }
    m.lastRefresh = now;
    const sentKey = remoteIp * 65536 + remotePort;
    if (sentKey !== m.lastSentKey) {
      m.sentTo.add(sentKey);
      m.sentToIps.add(remoteIp);
      m.lastSentKey = sentKey;
    }
    m.tcp!.segment(now, sentKey, flags, false, this.establishedUs, this.timeoutUs);
    this.setExpiry(m);
    return m;
  }

  /**
   * A TCP segment from remoteIp:remotePort to externalIp:externalPort: the mapping must be alive and filtering
   * must admit the remote, as for UDP; then a segment of no known connection passes only if it is a SYN
   * (RFC 5382 REQ-2: an inbound SYN admitted by filtering, e.g. the other half of a simultaneous open, opens or
   * completes one); otherwise 'nat-filtered'. Admitted segments refresh their connection.
   */
  inboundTcp(now: number, externalIp: number, externalPort: number, remoteIp: number, remotePort: number,
    flags: number): InboundResult {
    return inboundResult(this.inboundTcpMapping(now, externalIp, externalPort, remoteIp, remotePort, flags));
  }

  /** inboundTcp() without a result object (as inboundMapping() is to inbound()). */
  inboundTcpMapping(now: number, externalIp: number, externalPort: number, remoteIp: number, remotePort: number,
    flags: number): MappingRecord | InboundFail {
    this.clock(now);
    const m = this.admitted(now, externalIp, externalPort, remoteIp, remotePort);
    if (!(m instanceof MappingRecord)) return m;
    const rk = remoteIp * 65536 + remotePort;
    const s = m.tcp!;
    const known = s.byRemote.get(rk);
    if ((known === undefined || known.expiresAt <= now) && (flags & (TCP_FLAG.SYN | TCP_FLAG.RST)) !== TCP_FLAG.SYN) {
      return NO_CONNECTION;
    }
    s.segment(now, rk, flags, true, this.establishedUs, this.timeoutUs);
    m.established = true;
    m.lastRefresh = now;
    this.setExpiry(m);
    return m;
  }

  /**
   * Decides a packet from remoteIp:remotePort to the NAT's externalIp:externalPort: the mapping must exist and be
   * alive, and filtering (RFC 4787 §5) must admit the remote. Admitting marks the mapping established and, with
   * inboundRefresh, refreshes it (REQ-6a).
   */
  inbound(now: number, externalIp: number, externalPort: number, remoteIp: number, remotePort: number): InboundResult {
    return inboundResult(this.inboundMapping(now, externalIp, externalPort, remoteIp, remotePort));
  }

  /**
   * inbound() without a result object, for the NAT node's packet path: the admitting mapping (its internal
   * endpoint is the packet's new destination), or why the packet is refused.
   */
  inboundMapping(now: number, externalIp: number, externalPort: number, remoteIp: number, remotePort: number): MappingRecord | InboundFail {
    this.clock(now);
    const m = this.admitted(now, externalIp, externalPort, remoteIp, remotePort);
    if (!(m instanceof MappingRecord)) return m;
    if (!m.established || this.cfg.inboundRefresh) {
      m.established = true;
      if (this.cfg.inboundRefresh) m.lastRefresh = now;
      this.setExpiry(m);
    }
    return m;
  }

  /**
   * A packet from the inside to one of the NAT's own external addresses (RFC 4787 §6): translated outbound
   * (its source becomes the sender's mapped address, REQ-9a), then treated as inbound on the destination's
   * mapping (filtering applies). Dropped with 'nat-hairpin-off' when hairpinning is off, creating no state.
   */
  hairpin(now: number, internalIp: number, internalPort: number, dstIp: number, dstPort: number, tcpFlags = -1): HairpinResult {
    return hairpinDecision(this, now, internalIp, internalPort, dstIp, dstPort, tcpFlags);
  }

  /**
   * ICMP (RFC 5508): the live mapping whose external endpoint is externalIp:externalPort, and whether filtering
   * would admit a packet from `fromIp` (port unknown: any port it sent to counts). Read-only: an ICMP error neither
   * refreshes nor ends a mapping (RFC 4787 REQ-12).
   */
  icmpInbound(now: number, externalIp: number, externalPort: number, fromIp: number): { mapping: MappingRecord; admitted: boolean } | undefined {
    const m = this.pools.find(externalIp)?.owners.get(externalPort);
    if (m === undefined || m.expiresAt <= now) return undefined;
    return { mapping: m, admitted: this.filterLevel === 0 || m.sentToIps.has(fromIp) };
  }

  /** ICMP (RFC 5508 REQ-4): the live mapping of internalIp:internalPort towards remoteIp:remotePort, read-only. */
  icmpOutbound(now: number, internalIp: number, internalPort: number, remoteIp: number, remotePort: number): MappingRecord | undefined {
    const m = this.index.get(internalIp * 65536 + internalPort, remoteIp, remotePort);
    return m !== undefined && m.expiresAt > now ? m : undefined;
  }

  /** When the earliest mapping expires (µs), or undefined when none will. Schedule the node's timer here. */
  nextExpiry(): number | undefined {
    let t = this.queue.next();
    for (const m of this.pending) if (t === undefined || m.expiresAt < t) t = m.expiresAt;
    return t;
  }

  /**
   * Removes every mapping due at `now` (expiresAt <= now) and returns them ordered by (expiresAt, id), for
   * 'mapping-expired' trace events. Their ports are released (held for portReuseDelay).
   */
  expire(now: number): NatMapping[] {
    this.clock(now);
    const out: MappingRecord[] = this.pending;
    this.pending = [];
    const due: MappingRecord[] = [];
    this.queue.popDue(now, due);
    for (const m of due) {
      this.retire(m, m.expiresAt);
      out.push(m);
    }
    return out.sort(byExpiryThenId);
  }

  /**
   * Reboots the NAT: flushes every mapping and returns them by id (for 'mapping-flushed' events), forgets
   * expired ports (later packets to them get 'nat-no-mapping'), restarts sequential cursors and pairing. With
   * `newExternalIps` the NAT comes back with new external addresses. The RNG stream continues.
   */
  reboot(newExternalIps?: readonly string[]): NatMapping[] {
    if (newExternalIps !== undefined) {
      validateExternalIps(newExternalIps, `${this.opts.path ?? 'nat'}.externalIps`);
      this.init = mergeNatInit(this.init, { externalIps: newExternalIps });
      this.cfg = this.resolve(this.init);
    }
    const flushed = this.pools.mappings();
    for (const m of flushed) m.live = false;
    this.applyConfig(this.cfg, true);
    return flushed;
  }

  /**
   * Changes settings mid-run (RFC 4787 REQ-11 says a real NAT must not; this models an administrator or a
   * misbehaving device). `patch` is merged into the settings given so far (undefined removes a setting). A change
   * of mapping, pooling or externalIps flushes every mapping (returned by id, for 'mapping-flushed'); other
   * changes keep mappings: filtering, hairpinning, refresh and reuse-delay changes apply to them at once, new
   * timeouts apply from each mapping's last refresh (a mapping thereby due expires at the next expire()), and
   * port assignment, parity, range and quota changes apply to new mappings only. Throws NatConfigError (table
   * unchanged) for bad settings or translate: false.
   */
  reconfigure(patch: Readonly<Partial<NatInit>>): NatMapping[] {
    const init = mergeNatInit(this.init, patch);
    if (patch.translate === false || init.preset === 'open') {
      throw new NatConfigError(`${this.opts.path ?? 'nat'}.${patch.translate === false ? 'translate' : 'preset'}`,
        'a running NAT cannot be turned into an open one (no NAT)', 'a translating NAT (replace the node to remove it)');
    }
    const cfg = this.resolve(init);
    const old = this.cfg;
    const flush = cfg.mapping !== old.mapping || cfg.pooling !== old.pooling
      || cfg.externalIps.join() !== old.externalIps.join();
    this.init = init;
    const flushed = flush ? this.pools.mappings() : [];
    for (const m of flushed) m.live = false;
    this.applyConfig(cfg, flush);
    if (!flush) {
      if (cfg.portRange[0] !== old.portRange[0] || cfg.portRange[1] !== old.portRange[1]
        || cfg.portReuseDelay !== old.portReuseDelay) {
        this.pools.setLimits(cfg.portRange[0], cfg.portRange[1], Math.round(cfg.portReuseDelay * US_PER_MS));
      }
      if (cfg.mappingTimeout !== old.mappingTimeout || cfg.establishedTimeout !== old.establishedTimeout) {
        for (const m of this.pools.mappings()) {
          m.tcp?.recompute(this.lastNow, this.establishedUs, this.timeoutUs);
          this.setExpiry(m);
        }
      }
    }
    return flushed;
  }

  /** The mapping table at `now`, by id: internal, external, bound remote, times and time left (µs). */
  snapshot(now: number): MappingSnapshot[] {
    return this.pools.mappings().map((m) => snapshotMapping(m, now));
  }

  /** An outbound call's result object from its mapping (lastCreated read now, right after the call). */
  private outboundResult(m: MappingRecord | OutboundFail): OutboundResult {
    return m instanceof MappingRecord ? { ok: true, externalIp: m.externalIp, externalPort: m.externalPort, created: this.created, mapping: m } : m;
  }

  private clock(now: number): void {
    if (!(now >= this.lastNow)) {
      throw new NatUsageError(`NAT table: time went backwards (${now} µs after ${this.lastNow} µs)`);
    }
    this.lastNow = now;
  }

  private applyConfig(cfg: NatConfig, rebuild: boolean): void {
    this.cfg = cfg;
    const [lo, hi] = cfg.portRange;
    if (rebuild) {
      const ips = cfg.externalIps.map((ip) => tryParseIpv4(ip)!);
      this.pools = new ExternalPools(ips, lo, hi, Math.round(cfg.portReuseDelay * US_PER_MS));
      this.singleExternalIp = ips.length === 1 ? ips[0] : -1;
      this.lastInbound = undefined;
      this.index = new MappingIndex(behaviorLevel(cfg.mapping));
      this.queue.clear();
    }
    this.filterLevel = behaviorLevel(cfg.filtering);
    this.endpointScope = cfg.filteringScope === 'endpoint' && cfg.mapping !== 'endpoint-independent';
    this.timeoutUs = Math.round(cfg.mappingTimeout * US_PER_MS);
    this.establishedUs = Math.round(cfg.establishedTimeout * US_PER_MS);
    this.alloc = { assignment: cfg.portAssignment, step: cfg.sequentialStep, lo, hi, parity: cfg.parity };
  }

  private create(now: number, internalIp: number, internalPort: number, remoteIp: number,
    remotePort: number): MappingRecord | undefined {
    const { cfg } = this;
    const choice = this.pools.choose(internalIp, internalPort, cfg.pooling, cfg.portQuota, this.alloc, this.rng, now);
    if (choice === undefined) return undefined;
    const bindIp = cfg.mapping === 'endpoint-independent' ? -1 : remoteIp;
    const bindPort = cfg.mapping === 'address-and-port-dependent' ? remotePort : -1;
    const m = new MappingRecord(this.nextId++, internalIp, internalPort, choice.pool.ip, choice.port,
      bindIp, bindPort, now);
    if (this.opts.protocol === 'tcp') m.tcp = new TcpSessions();
    this.pools.attach(m, choice.pool);
    this.index.add(m);
    return m;
  }

  /** Sets expiresAt from lastRefresh and the timeout that applies, and keeps the expiry queue in step. */
  private setExpiry(m: MappingRecord): void {
    const tcp = m.tcp;
    m.expiresAt = tcp === undefined ? m.lastRefresh + (m.established ? this.establishedUs : this.timeoutUs) : tcp.expiresAt;
    this.queue.schedule(m);
  }

  /** The live mapping serving internal -> remote; one found due is retired (returned later by expire()). */
  private liveOutbound(now: number, internalIp: number, internalPort: number, remoteIp: number,
    remotePort: number): MappingRecord | undefined {
    const m = this.index.get(internalIp * 65536 + internalPort, remoteIp, remotePort);
    if (m !== undefined && m.expiresAt <= now) {
      this.retire(m, m.expiresAt);
      this.pending.push(m);
      return undefined;
    }
    return m;
  }

  /** The live mapping owning externalIp:externalPort if filtering admits remoteIp:remotePort, else why not. */
  private admitted(now: number, externalIp: number, externalPort: number, remoteIp: number,
    remotePort: number): MappingRecord | InboundFail {
    // A retired mapping is not live, so the one-entry cache never answers for a port that changed hands.
    const last = this.lastInbound;
    const m = last !== undefined && last.live && last.externalPort === externalPort && last.externalIp === externalIp
      ? last : this.owner(externalIp, externalPort);
    if (!(m instanceof MappingRecord)) return m;
    if (m.expiresAt <= now) return EXPIRED;
    if (!this.admits(m, now, remoteIp, remotePort)) return FILTERED;
    return m;
  }

  /** The live mapping holding externalIp:externalPort (remembered for the next inbound packet), else why none. */
  private owner(externalIp: number, externalPort: number): MappingRecord | InboundFail {
    const pool = this.pools.find(externalIp);
    if (pool === undefined) return NO_MAPPING;
    const m = pool.owners.get(externalPort);
    if (m === undefined) return pool.expiredAt.has(externalPort) ? EXPIRED : NO_MAPPING;
    this.lastInbound = m;
    return m;
  }

  /** Removes a mapping from every structure; `expiredAt` marks its port as expired (tombstone, reuse hold). */
  private retire(m: MappingRecord, expiredAt: number): void {
    m.live = false;
    this.index.remove(m);
    this.pools.detach(m, expiredAt);
  }

  private admits(m: MappingRecord, now: number, remoteIp: number, remotePort: number): boolean {
    const level = this.filterLevel;
    if (mappingAdmits(level, m, remoteIp, remotePort)) return true;
    return this.endpointScope && this.endpointAdmits(m, now, remoteIp, remotePort);
  }

  /** filteringScope 'endpoint': any live mapping of the same internal endpoint that sent to the remote counts. */
  private endpointAdmits(m: MappingRecord, now: number, remoteIp: number, remotePort: number): boolean {
    const level = this.filterLevel;
    for (const other of this.index.ofEndpoint(m.internalIp * 65536 + m.internalPort)) {
      if (other !== m && other.expiresAt > now && mappingAdmits(level, other, remoteIp, remotePort)) return true;
    }
    return false;
  }
}

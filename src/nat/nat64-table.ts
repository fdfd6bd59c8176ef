/**
 * Nat64Table: the pure core of a stateful NAT64 (RFC 6146), like NatTable: every call takes `now` (µs) and returns
 * a decision; the node (nat64-node.ts) translates and traces.
 *
 * - Binding Information Bases (§3.1): one per protocol (UDP, TCP), an entry binding an IPv6 transport address
 *   (X',x) to an IPv4 one (T,t). Mapping is endpoint-independent: the entry is found by (X',x) alone (§3.5.1,
 *   §3.5.2), so every IPv4 destination sees the same (T,t).
 * - Session tables (§3.2): per BIB entry, one session per IPv4 remote (Z,z), with its own lifetime; a BIB entry is
 *   deleted when its last session is (§3.5.1). UDP sessions get udpTimeout on every packet either way; TCP
 *   sessions follow §3.5.2.2 (tcp-session-state.ts).
 * - IPv4 -> IPv6 (§3.5.1): no BIB entry for (T,t): dropped ('nat-no-mapping'); with address-dependent filtering,
 *   dropped ('nat-filtered') unless a live session of the entry has the packet's source address; otherwise a
 *   session for (W,w) is found or created and refreshed.
 * - Port allocation (§3.5.1.1): paired pooling, parity kept, the IPv6 source port kept when free.
 */
import type { RandomSource } from '../sim/rng';
import type { MappingEvent } from '../sim/trace-events';
import { formatIp, formatIpEndpoint } from '../net/ip-number';
import type { TcpHeader } from '../net/tcp-header';
import { ExpiryQueue } from './expiry-queue';
import { BehaviorLevel, behaviorLevel } from './filtering';
import { ExternalPools } from './ip-pooling';
import { Nat64Config, Nat64Init, resolveNat64Config } from './nat64-config';
import { NatUsageError } from './nat-errors';
import { MappingRecord } from './nat-mapping';
import type { PortAllocation } from './port-allocator';
import { liveSession, Session, SessionHolder, sessionsAdmit, touchSession } from './sessions';
import { TcpLifetime, TcpSessionState, tcpNext, tcpOpen } from './tcp-session-state';

const US_PER_MS = 1000;

/** A BIB entry (RFC 6146 §3.1): internal = the IPv6 (X',x), external = the IPv4 (T,t); with its sessions. */
export class BibEntry extends MappingRecord implements SessionHolder {
  /** key: endpointKey(IPv4 remote Z, z) -> session (RFC 6146 §3.2). */
  readonly sessions = new Map<number, Session>();
  /** Which BIB it belongs to. */
  proto: Nat64Proto = 'udp';
}

/** The protocols with a BIB. */
export type Nat64Proto = 'udp' | 'tcp';

/** An IPv6 packet was translated: its IPv4 source is externalIp:externalPort. */
export interface Nat64OutOk {
  readonly ok: true;
  readonly externalIp: number;
  readonly externalPort: number;
  readonly created: boolean;
  readonly bib: BibEntry;
}
/** An IPv4 packet was admitted: its IPv6 destination is internalIp:internalPort. */
export interface Nat64InOk {
  readonly ok: true;
  readonly internalIp: number;
  readonly internalPort: number;
  readonly bib: BibEntry;
}
/** A refusal, with a trace DropReason and a detail for people. */
export interface Nat64Fail {
  readonly ok: false;
  readonly reason: 'nat-port-exhausted' | 'nat-no-mapping' | 'nat-filtered' | 'nat-mapping-expired';
  readonly detail: string;
}

/** A BIB entry for people. */
export interface BibSnapshot {
  readonly proto: Nat64Proto;
  readonly ipv6: string;
  readonly ipv4: string;
  readonly sessions: readonly { readonly remote: string; readonly expiresAt: number; readonly tcpState?: TcpSessionState }[];
  readonly expiresAt: number;
}

const fail = (reason: Nat64Fail['reason'], detail: string): Nat64Fail => ({ ok: false, reason, detail });

/** One protocol's BIB: pools for the IPv4 side and the entries by IPv6 source. */
class Bib {
  readonly pools: ExternalPools;
  /** key: endpointKey(IPv6 X', x) -> entry. */
  readonly byInside = new Map<number, BibEntry>();
  constructor(pool: readonly number[], lo: number, hi: number) {
    this.pools = new ExternalPools(pool, lo, hi, 0);
  }
}

/** The BIBs and session tables of one NAT64. */
export class Nat64Table {
  readonly config: Nat64Config;
  private readonly level: BehaviorLevel;
  private readonly bibs: Record<Nat64Proto, Bib>;
  private readonly queue = new ExpiryQueue<BibEntry>();
  private readonly alloc: PortAllocation;
  private readonly udpUs: number;
  private readonly estUs: number;
  private readonly transUs: number;
  /** BIB entries found dead by outbound() and removed, not yet returned by expire(). */
  private pending: BibEntry[] = [];
  private nextId = 1;
  private lastNow = 0;

  /**
   * @param pool the IPv4 pool when the settings give none (the node's outside address)
   * @throws NatConfigError for bad settings (at `path`)
   */
  constructor(settings: Nat64Init, private readonly rng: RandomSource, defaultPool: readonly number[], path = 'nat64') {
    this.config = resolveNat64Config(settings, path);
    const pool = this.config.pool.length > 0 ? this.config.pool : defaultPool;
    if (pool.length === 0) throw new NatUsageError(`${path}: a NAT64 needs at least one IPv4 pool address`);
    const [lo, hi] = this.config.portRange;
    this.bibs = { udp: new Bib(pool, lo, hi), tcp: new Bib(pool, lo, hi) };
    this.alloc = { assignment: 'preserve', step: 1, lo, hi, parity: true };
    this.level = behaviorLevel(this.config.filtering);
    this.udpUs = this.config.udpTimeout * US_PER_MS;
    this.estUs = this.config.tcpEstablishedTimeout * US_PER_MS;
    this.transUs = this.config.tcpTransitoryTimeout * US_PER_MS;
  }

  /** The IPv4 pool addresses. */
  get pool(): readonly number[] {
    return this.bibs.udp.pools.pools.map((p) => p.ip);
  }

  /** True when `ip` is one of the pool addresses. */
  isPoolAddress(ip: number): boolean {
    return this.bibs.udp.pools.find(ip) !== undefined;
  }

  /**
   * An IPv6 packet (X',x) -> (Y',y), where Y' embeds the IPv4 address y4 (§3.5.1 / §3.5.2 "IPv6 incoming"):
   * finds or creates the BIB entry, then the session to (y4,y), and refreshes it.
   */
  outbound(now: number, proto: Nat64Proto, srcIp: number, srcPort: number, dst4: number, dstPort: number,
    tcp?: TcpHeader): Nat64OutOk | Nat64Fail {
    this.clock(now);
    const bib = this.bibs[proto];
    const key = srcIp * 65536 + srcPort;
    let b = bib.byInside.get(key);
    if (b !== undefined && b.expiresAt <= now) {
      this.retire(bib, b);
      this.pending.push(b);
      b = undefined;
    }
    const s = b && liveSession(b, dst4, dstPort, now);
    let state: ReturnType<typeof tcpOpen>;
    if (tcp !== undefined) {
      state = s?.tcp !== undefined ? tcpNext(s.tcp, tcp, true) : tcpOpen(tcp, true);
      // §3.5.2.2 CLOSED: only a SYN opens a session from the IPv6 side.
      if (state === undefined) return fail('nat-no-mapping', 'a TCP segment other than SYN with no session (RFC 6146 §3.5.2.2)');
    }
    let created = false;
    if (b === undefined) {
      const choice = bib.pools.choose(srcIp, srcPort, 'paired', 0, this.alloc, this.rng, now);
      if (choice === undefined) return fail('nat-port-exhausted', `no free IPv4 port for ${formatIpEndpoint(srcIp, srcPort)}`);
      b = new BibEntry(this.nextId++, srcIp, srcPort, choice.pool.ip, choice.port, -1, -1, now);
      b.proto = proto;
      bib.pools.attach(b, choice.pool);
      bib.byInside.set(key, b);
      created = true;
    }
    const lifetime = state === undefined ? this.udpUs : this.lifetime(state.lifetime);
    const session = touchSession(b, dst4, dstPort, now, lifetime, state?.keep);
    if (state !== undefined) session.tcp = state.state;
    b.lastRefresh = now;
    this.queue.schedule(b);
    return { ok: true, externalIp: b.externalIp, externalPort: b.externalPort, created, bib: b };
  }

  /** An IPv4 packet (W,w) -> (T,t) (§3.5.1 / §3.5.2 "IPv4 incoming"). */
  inbound(now: number, proto: Nat64Proto, srcIp: number, srcPort: number, dstIp: number, dstPort: number,
    tcp?: TcpHeader): Nat64InOk | Nat64Fail {
    this.clock(now);
    const pool = this.bibs[proto].pools.find(dstIp);
    const b = pool?.owners.get(dstPort) as BibEntry | undefined;
    if (b === undefined) {
      return pool?.expiredAt.has(dstPort)
        ? fail('nat-mapping-expired', 'the BIB entry for this IPv4 transport address expired')
        : fail('nat-no-mapping', 'no BIB entry for this IPv4 transport address (RFC 6146 §3.5.1)');
    }
    if (b.expiresAt <= now) return fail('nat-mapping-expired', 'the BIB entry for this IPv4 transport address expired');
    const s = liveSession(b, srcIp, srcPort, now);
    if (tcp !== undefined && s?.tcp !== undefined) {
      const st = tcpNext(s.tcp, tcp, false);
      touchSession(b, srcIp, srcPort, now, this.lifetime(st.lifetime), st.keep).tcp = st.state;
      this.queue.schedule(b);
      return { ok: true, internalIp: b.internalIp, internalPort: b.internalPort, bib: b };
    }
    if (!sessionsAdmit(b, this.level, srcIp, srcPort, now)) {
      return fail('nat-filtered', `address-dependent filtering: no live session of this BIB entry with ${formatIp(srcIp)} (RFC 6146 §3.5.1)`);
    }
    if (tcp !== undefined) {
      const open = tcpOpen(tcp, false);
      if (open === undefined) return fail('nat-no-mapping', 'a TCP segment other than SYN with no session (RFC 6146 §3.5.2.2)');
      touchSession(b, srcIp, srcPort, now, this.transUs).tcp = open.state;
    } else {
      touchSession(b, srcIp, srcPort, now, this.udpUs);
    }
    this.queue.schedule(b);
    return { ok: true, internalIp: b.internalIp, internalPort: b.internalPort, bib: b };
  }

  /** When the earliest BIB entry expires (µs), or undefined. */
  nextExpiry(): number | undefined {
    let t = this.queue.next();
    for (const b of this.pending) if (t === undefined || b.expiresAt < t) t = b.expiresAt;
    return t;
  }

  /** Deletes every BIB entry whose last session ended by `now`; returns them ordered by (expiry, id). */
  expire(now: number): BibEntry[] {
    this.clock(now);
    const due: BibEntry[] = [];
    this.queue.popDue(now, due);
    for (const b of due) this.retire(this.bibs[b.proto], b);
    const out = this.pending.concat(due);
    this.pending = [];
    return out.sort((a, b) => a.expiresAt - b.expiresAt || a.id - b.id);
  }

  /** The BIBs with their live sessions at `now`, UDP first, by id. */
  snapshot(now: number): BibSnapshot[] {
    const out: BibSnapshot[] = [];
    for (const proto of ['udp', 'tcp'] as const) {
      for (const b of this.bibs[proto].pools.mappings() as BibEntry[]) {
        if (b.expiresAt <= now) continue;
        const sessions = [...b.sessions.values()].filter((s) => s.expiresAt > now).map((s) => ({
          remote: formatIpEndpoint(s.remoteIp, s.remotePort), expiresAt: s.expiresAt, ...(s.tcp ? { tcpState: s.tcp } : {}),
        }));
        out.push({ proto, ipv6: formatIpEndpoint(b.internalIp, b.internalPort), ipv4: formatIpEndpoint(b.externalIp, b.externalPort), sessions, expiresAt: b.expiresAt });
      }
    }
    return out;
  }

  private lifetime(l: TcpLifetime): number {
    return l === 'established' ? this.estUs : this.transUs;
  }

  /** Removes a BIB entry (its expiresAt is kept: when its last session ended). */
  private retire(bib: Bib, b: BibEntry): void {
    b.live = false;
    const key = b.internalIp * 65536 + b.internalPort;
    if (bib.byInside.get(key) === b) bib.byInside.delete(key);
    bib.pools.detach(b, b.expiresAt);
    b.sessions.clear();
  }

  private clock(now: number): void {
    if (!(now >= this.lastNow)) throw new NatUsageError(`NAT64 table: time went backwards (${now} µs after ${this.lastNow} µs)`);
    this.lastNow = now;
  }
}

/** The trace event of a BIB entry's life (a NAT mapping event with IPv6 inside and IPv4 outside). */
export function bibEvent(kind: MappingEvent['kind'], t: number, node: string, b: BibEntry): MappingEvent {
  const withExpiry = kind === 'mapping-created' || kind === 'mapping-refreshed';
  return {
    kind, t, node,
    internal: formatIpEndpoint(b.internalIp, b.internalPort),
    external: formatIpEndpoint(b.externalIp, b.externalPort),
    ...(withExpiry ? { expiresAt: b.expiresAt } : {}),
  };
}

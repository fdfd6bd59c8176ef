/**
 * Ipv6Firewall: the pure core of a stateful filter without translation (RFC 6092 "simple security"), in RFC 4787
 * §5 filtering terms. Like NatTable it takes `now` (µs) and returns verdicts; the node drops refused packets with
 * reason 'firewall' and the verdict's detail. Family-agnostic (addresses are numbers), so a node may use it for
 * IPv4 as well.
 *
 * State is one record per inside endpoint and protocol (UDP, TCP) holding a session per remote endpoint
 * (sessions.ts): outbound packets open and refresh sessions (RFC 6092 REC-16); inbound packets pass when the
 * filtering behaviour admits them against the record's live sessions. TCP sessions follow the RFC 6146 §3.5.2
 * state machine (tcp-session-state.ts) with REC-30's timeouts; an inbound SYN opens a session only where
 * filtering admits it (an inside endpoint that has sent out: EIF, or simultaneous open under ADF/APDF, REC-26).
 */
import { formatIpEndpoint } from '../net/ip-number';
import type { Datagram } from '../net/datagram';
import { IPPROTO_TCP, TCP_FLAG } from '../net/tcp-header';
import { ExpiryQueue } from './expiry-queue';
import { BehaviorLevel, behaviorLevel } from './filtering';
import { Ipv6FirewallConfig, Ipv6FirewallInit, resolveIpv6FirewallConfig } from './ipv6-firewall-config';
import { NatUsageError } from './nat-errors';
import { liveSession, Session, SessionHolder, sessionsAdmit, touchSession } from './sessions';
import { TcpLifetime, tcpNext, tcpOpen } from './tcp-session-state';

/** A firewall's decision. */
export type Ipv6FirewallVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'firewall'; readonly detail: string };

const PASS: Ipv6FirewallVerdict = Object.freeze({ ok: true });
const US_PER_MS = 1000;

/** The state of one inside endpoint for one protocol (RFC 6092's "state record"), with its sessions. */
export class StateRecord implements SessionHolder {
  readonly sessions = new Map<number, Session>();
  expiresAt = 0;
  live = true;
  queuedAt = Infinity;
  constructor(readonly proto: number, readonly insideIp: number, readonly insidePort: number, readonly createdAt: number) {}
}

/** A session for people: endpoints as text, times in µs. */
export interface Ipv6FirewallSessionSnapshot {
  readonly proto: 'udp' | 'tcp';
  readonly inside: string;
  readonly remote: string;
  readonly tcpState?: string;
  readonly expiresAt: number;
  readonly timeLeft: number;
}

/** A stateful IPv6 firewall. */
export class Ipv6Firewall {
  readonly config: Ipv6FirewallConfig;
  private readonly level: BehaviorLevel;
  private readonly udpUs: number;
  private readonly estUs: number;
  private readonly transUs: number;
  /** key: endpointKey(insideIp, insidePort) -> record; one map for UDP, one for TCP. */
  private readonly udp = new Map<number, StateRecord>();
  private readonly tcp = new Map<number, StateRecord>();
  private readonly queue = new ExpiryQueue<StateRecord>();
  private lastNow = 0;

  /** @throws NatConfigError for bad settings (at `path`) */
  constructor(settings: Ipv6FirewallInit = {}, path = 'ipv6Firewall') {
    this.config = resolveIpv6FirewallConfig(settings, path);
    this.level = behaviorLevel(this.config.filtering);
    this.udpUs = Math.round(this.config.udpTimeout * US_PER_MS);
    this.estUs = Math.round(this.config.tcpEstablishedTimeout * US_PER_MS);
    this.transUs = Math.round(this.config.tcpTransitoryTimeout * US_PER_MS);
  }

  /** A packet from the inside (pkt.src) to the outside: passes, and opens or refreshes its session. */
  outbound(now: number, pkt: Datagram): Ipv6FirewallVerdict {
    this.clock(now);
    const tcp = pkt.proto === IPPROTO_TCP ? pkt.tcp : undefined;
    const table = tcp ? this.tcp : this.udp;
    const key = pkt.src * 65536 + pkt.srcPort;
    let rec = table.get(key);
    if (rec !== undefined && rec.expiresAt <= now) {
      this.retire(table, rec);
      rec = undefined;
    }
    if (tcp === undefined) {
      if (rec === undefined) table.set(key, (rec = new StateRecord(pkt.proto, pkt.src, pkt.srcPort, now)));
      touchSession(rec, pkt.dst, pkt.dstPort, now, this.udpUs);
    } else {
      const s = rec && liveSession(rec, pkt.dst, pkt.dstPort, now);
      const st = s?.tcp !== undefined ? tcpNext(s.tcp, tcp, true) : tcpOpen(tcp, true);
      // A non-SYN segment of a session the firewall never saw opens nothing (it passes: outbound is trusted).
      if (st === undefined) return PASS;
      if (rec === undefined) table.set(key, (rec = new StateRecord(pkt.proto, pkt.src, pkt.srcPort, now)));
      touchSession(rec, pkt.dst, pkt.dstPort, now, this.lifetime(st.lifetime), st.keep).tcp = st.state;
    }
    this.queue.schedule(rec);
    return PASS;
  }

  /** A packet from the outside (pkt.src) to the inside (pkt.dst): passes only when filtering admits it. */
  inbound(now: number, pkt: Datagram): Ipv6FirewallVerdict {
    this.clock(now);
    const tcp = pkt.proto === IPPROTO_TCP ? pkt.tcp : undefined;
    const rec = (tcp ? this.tcp : this.udp).get(pkt.dst * 65536 + pkt.dstPort);
    if (tcp === undefined) {
      if (rec === undefined || !sessionsAdmit(rec, this.level, pkt.src, pkt.srcPort, now)) return this.refuse(rec, now, 'UDP');
      if (this.config.inboundRefresh) {
        touchSession(rec, pkt.src, pkt.srcPort, now, this.udpUs);
        this.queue.schedule(rec);
      }
      return PASS;
    }
    const s = rec && liveSession(rec, pkt.src, pkt.srcPort, now);
    if (s?.tcp !== undefined) {
      const st = tcpNext(s.tcp, tcp, false);
      touchSession(rec!, pkt.src, pkt.srcPort, now, this.lifetime(st.lifetime), st.keep).tcp = st.state;
      this.queue.schedule(rec!);
      return PASS;
    }
    const open = tcpOpen(tcp, false);
    if (open === undefined || rec === undefined || !sessionsAdmit(rec, this.level, pkt.src, pkt.srcPort, now)) {
      return this.refuse(rec, now, (tcp.flags & TCP_FLAG.SYN) !== 0 ? 'TCP SYN' : 'TCP segment');
    }
    touchSession(rec, pkt.src, pkt.srcPort, now, this.transUs).tcp = open.state;
    this.queue.schedule(rec);
    return PASS;
  }

  /** True when inside insideIp:insidePort has a live session with remoteIp:remotePort (for ICMP errors). */
  hasState(now: number, proto: number, insideIp: number, insidePort: number, remoteIp: number, remotePort: number): boolean {
    const rec = (proto === IPPROTO_TCP ? this.tcp : this.udp).get(insideIp * 65536 + insidePort);
    return rec !== undefined && liveSession(rec, remoteIp, remotePort, now) !== undefined;
  }

  /** When the earliest record expires (µs), or undefined. */
  nextExpiry(): number | undefined {
    return this.queue.next();
  }

  /** Removes every record due at `now`; returns how many went. */
  expire(now: number): number {
    this.clock(now);
    const due: StateRecord[] = [];
    this.queue.popDue(now, due);
    for (const r of due) this.retire(r.proto === IPPROTO_TCP ? this.tcp : this.udp, r);
    return due.length;
  }

  /** Live sessions at `now`, UDP first, in creation order. */
  snapshot(now: number): Ipv6FirewallSessionSnapshot[] {
    const out: Ipv6FirewallSessionSnapshot[] = [];
    for (const [proto, table] of [['udp', this.udp], ['tcp', this.tcp]] as const) {
      for (const r of table.values()) {
        for (const s of r.sessions.values()) {
          if (s.expiresAt <= now) continue;
          out.push({
            proto, inside: formatIpEndpoint(r.insideIp, r.insidePort), remote: formatIpEndpoint(s.remoteIp, s.remotePort),
            ...(s.tcp !== undefined ? { tcpState: s.tcp } : {}), expiresAt: s.expiresAt, timeLeft: s.expiresAt - now,
          });
        }
      }
    }
    return out;
  }

  private lifetime(l: TcpLifetime): number {
    return l === 'established' ? this.estUs : this.transUs;
  }

  private refuse(rec: StateRecord | undefined, now: number, what: string): Ipv6FirewallVerdict {
    const live = rec !== undefined && rec.expiresAt > now;
    const detail = !live
      ? `unsolicited inbound ${what}: no state for this inside endpoint`
      : `${this.config.filtering} filtering: this inside endpoint never sent to that ${this.level === 1 ? 'address' : 'address and port'}`;
    return { ok: false, reason: 'firewall', detail };
  }

  private retire(table: Map<number, StateRecord>, r: StateRecord): void {
    r.live = false;
    const key = r.insideIp * 65536 + r.insidePort;
    if (table.get(key) === r) table.delete(key);
    r.sessions.clear();
  }

  private clock(now: number): void {
    if (!(now >= this.lastNow)) throw new NatUsageError(`IPv6 firewall: time went backwards (${now} µs after ${this.lastNow} µs)`);
    this.lastNow = now;
  }
}

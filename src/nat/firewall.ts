/**
 * Firewall: the pure core of a stateful filter that does not translate. Like NatTable it takes `now` (µs)
 * and returns verdicts; the node drops denied packets with reason 'firewall' and the verdict's detail.
 * Pinholes are per 5-tuple (protocol, inside IP:port, remote IP:port): address-and-port-dependent filtering,
 * RFC 4787 §5, one table per protocol. Outbound packets first pass the rules (protocol and destination port).
 */
import { formatEndpoint } from '../net/endpoint';
import { IPPROTO_TCP } from '../net/tcp-header';
import { ExpiryQueue } from './expiry-queue';
import { FirewallConfig, FirewallInit, FirewallRuleConfig, resolveFirewallConfig } from './firewall-config';
import { NatUsageError } from './nat-errors';

/** A firewall's decision. */
export type FirewallVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'firewall'; readonly detail: string };

const PASS: FirewallVerdict = Object.freeze({ ok: true });
const ALL_BLOCKED: FirewallVerdict = Object.freeze({ ok: false, reason: 'firewall', detail: 'all UDP blocked' });
const UNSOLICITED: FirewallVerdict = Object.freeze({ ok: false, reason: 'firewall', detail: 'unsolicited inbound' });
const CLOSED: FirewallVerdict = Object.freeze({ ok: false, reason: 'firewall', detail: 'pinhole expired' });

/** An open pinhole: inside endpoint -> remote endpoint of one protocol, times in µs. */
export class Pinhole {
  expiresAt = 0;
  lastRefresh: number;
  live = true;
  queuedAt = Infinity;
  constructor(
    readonly insideIp: number, readonly insidePort: number,
    readonly remoteIp: number, readonly remotePort: number,
    readonly createdAt: number,
    /** True for a TCP pinhole. */
    readonly tcp = false,
  ) {
    this.lastRefresh = createdAt;
  }
}

/** A pinhole for people: `inside` and `remote` as ip:port, times in µs. */
export interface PinholeSnapshot {
  readonly inside: string;
  readonly remote: string;
  readonly createdAt: number;
  readonly lastRefresh: number;
  readonly expiresAt: number;
  readonly timeLeft: number;
  /** 'tcp' for a TCP pinhole (absent for UDP). */
  readonly proto?: 'tcp';
}

/** A stateful firewall for UDP and TCP. */
export class Firewall {
  readonly config: FirewallConfig;
  private readonly timeoutUs: number;
  private readonly tcpTimeoutUs: number;
  /** Per protocol (0 UDP, 1 TCP): key: endpointKey(inside) → (key: endpointKey(remote) → pinhole). */
  private readonly pinholes = [new Map<number, Map<number, Pinhole>>(), new Map<number, Map<number, Pinhole>>()];
  /** Per protocol: key: endpointKey(inside) → set of endpointKey(remote) whose pinhole expired; for the drop detail. */
  private readonly closed = [new Map<number, Set<number>>(), new Map<number, Set<number>>()];
  /** Verdicts of the rules, one per rule, and the default's (built once). */
  private readonly ruleDenials: FirewallVerdict[];
  private readonly defaultDenied: boolean;
  private readonly queue = new ExpiryQueue<Pinhole>();
  private lastNow = 0;

  /** @throws NatConfigError for bad settings (at `path`) */
  constructor(settings: FirewallInit = {}, path = 'firewall') {
    this.config = resolveFirewallConfig(settings, path);
    this.timeoutUs = Math.round(this.config.timeout * 1000);
    this.tcpTimeoutUs = Math.round(this.config.tcpTimeout * 1000);
    this.ruleDenials = this.config.rules.map((r, i) => Object.freeze({ ok: false, reason: 'firewall', detail: `outbound denied by rule ${i + 1} (${ruleText(r)})` }));
    this.defaultDenied = this.config.defaultOutbound === 'deny';
  }

  /**
   * A packet from the inside insideIp:insidePort to remoteIp:remotePort (`proto` 17 UDP or 6 TCP): passes when
   * the rules allow it, and then opens/refreshes its pinhole.
   */
  outbound(now: number, insideIp: number, insidePort: number, remoteIp: number, remotePort: number, proto = 17): FirewallVerdict {
    this.clock(now);
    const tcp = proto === IPPROTO_TCP;
    if (!tcp && this.config.mode === 'block-all-udp') return ALL_BLOCKED;
    const denied = this.ruleVerdict(tcp, remotePort);
    if (denied !== undefined) return denied;
    const t = tcp ? 1 : 0;
    const ik = insideIp * 65536 + insidePort;
    const rk = remoteIp * 65536 + remotePort;
    let p = this.pinholes[t].get(ik)?.get(rk);
    if (p !== undefined && p.expiresAt <= now) {
      this.close(p);
      p = undefined;
    }
    if (p === undefined) {
      p = new Pinhole(insideIp, insidePort, remoteIp, remotePort, now, tcp);
      let inner = this.pinholes[t].get(ik);
      if (inner === undefined) this.pinholes[t].set(ik, (inner = new Map()));
      inner.set(rk, p);
      const gone = this.closed[t].get(ik);
      if (gone?.delete(rk) && gone.size === 0) this.closed[t].delete(ik);
    }
    this.refresh(p, now);
    return PASS;
  }

  /**
   * A packet from remoteIp:remotePort to the inside insideIp:insidePort: passes only through an open pinhole of
   * its protocol. TCP pinholes are refreshed by admitted segments too (connection idle time, RFC 5382 §5).
   */
  inbound(now: number, insideIp: number, insidePort: number, remoteIp: number, remotePort: number, proto = 17): FirewallVerdict {
    this.clock(now);
    const tcp = proto === IPPROTO_TCP;
    if (!tcp && this.config.mode === 'block-all-udp') return ALL_BLOCKED;
    const t = tcp ? 1 : 0;
    const ik = insideIp * 65536 + insidePort;
    const rk = remoteIp * 65536 + remotePort;
    const p = this.pinholes[t].get(ik)?.get(rk);
    if (p === undefined) return this.closed[t].get(ik)?.has(rk) ? CLOSED : UNSOLICITED;
    if (p.expiresAt <= now) return CLOSED;
    if (tcp || this.config.inboundRefresh) this.refresh(p, now);
    return PASS;
  }

  /** The denial of an outbound packet by the rules (first match wins, then defaultOutbound), or undefined. */
  private ruleVerdict(tcp: boolean, port: number): FirewallVerdict | undefined {
    const rules = this.config.rules;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.proto !== 'any' && (r.proto === 'tcp') !== tcp) continue;
      if (r.ports.length > 0 && !r.ports.some(([lo, hi]) => port >= lo && port <= hi)) continue;
      return r.action === 'allow' ? undefined : this.ruleDenials[i];
    }
    if (!this.defaultDenied) return undefined;
    return { ok: false, reason: 'firewall', detail: `outbound ${tcp ? 'TCP' : 'UDP'} to port ${port} matches no allow rule (defaultOutbound: deny)` };
  }

  /** When the earliest pinhole closes (µs), or undefined. */
  nextExpiry(): number | undefined {
    return this.queue.next();
  }

  /** Closes every pinhole due at `now` and returns them ordered by (expiresAt, creation). */
  expire(now: number): Pinhole[] {
    this.clock(now);
    const due: Pinhole[] = [];
    this.queue.popDue(now, due);
    for (const p of due) this.close(p);
    return due.sort((a, b) => a.expiresAt - b.expiresAt || a.createdAt - b.createdAt);
  }

  /** Forgets every pinhole (a reboot) and returns them. */
  reset(): Pinhole[] {
    const all = this.all();
    for (const p of all) p.live = false;
    for (const m of this.pinholes) m.clear();
    for (const m of this.closed) m.clear();
    this.queue.clear();
    return all;
  }

  /** Open pinholes at `now`. */
  snapshot(now: number): PinholeSnapshot[] {
    return this.all().map((p) => ({
      inside: formatEndpoint(p.insideIp, p.insidePort),
      remote: formatEndpoint(p.remoteIp, p.remotePort),
      createdAt: p.createdAt,
      lastRefresh: p.lastRefresh,
      expiresAt: p.expiresAt,
      timeLeft: Math.max(0, p.expiresAt - now),
      ...(p.tcp ? { proto: 'tcp' as const } : {}),
    }));
  }

  private all(): Pinhole[] {
    const out: Pinhole[] = [];
    for (const table of this.pinholes) for (const inner of table.values()) for (const p of inner.values()) out.push(p);
    return out.sort((a, b) => a.createdAt - b.createdAt || Number(a.tcp) - Number(b.tcp) || a.insideIp - b.insideIp || a.insidePort - b.insidePort
      || a.remoteIp - b.remoteIp || a.remotePort - b.remotePort);
  }

  private refresh(p: Pinhole, now: number): void {
    p.lastRefresh = now;
    p.expiresAt = now + (p.tcp ? this.tcpTimeoutUs : this.timeoutUs);
    this.queue.schedule(p);
  }

  private close(p: Pinhole): void {
    p.live = false;
    const ik = p.insideIp * 65536 + p.insidePort;
    const rk = p.remoteIp * 65536 + p.remotePort;
    const t = p.tcp ? 1 : 0;
    const inner = this.pinholes[t].get(ik);
    if (inner?.get(rk) === p) inner.delete(rk);
    if (inner?.size === 0) this.pinholes[t].delete(ik);
    let gone = this.closed[t].get(ik);
    if (gone === undefined) this.closed[t].set(ik, (gone = new Set()));
    gone.add(rk);
  }

  private clock(now: number): void {
    if (!(now >= this.lastNow)) throw new NatUsageError(`firewall: time went backwards (${now} µs after ${this.lastNow} µs)`);
    this.lastNow = now;
  }
}

/** A rule for people: `allow tcp 80,443`, `deny udp`, `allow any 8000-8100`. */
export function ruleText(r: FirewallRuleConfig): string {
  const ports = r.ports.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',');
  return `${r.action} ${r.proto}${ports ? ` ${ports}` : ''}`;
}

/**
 * Firewall: the pure core of a stateful UDP filter that does not translate. Like NatTable it takes `now` (µs)
 * and returns verdicts; the node drops denied packets with reason 'firewall' and the verdict's detail.
 * Pinholes are per 5-tuple (inside IP:port, remote IP:port): address-and-port-dependent filtering, RFC 4787 §5.
 */
import { formatEndpoint } from '../net/endpoint';
import { ExpiryQueue } from './expiry-queue';
import { FirewallConfig, FirewallInit, resolveFirewallConfig } from './firewall-config';
import { NatUsageError } from './nat-errors';

/** A firewall's decision. */
export type FirewallVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'firewall'; readonly detail: string };

const PASS: FirewallVerdict = Object.freeze({ ok: true });
const ALL_BLOCKED: FirewallVerdict = Object.freeze({ ok: false, reason: 'firewall', detail: 'all UDP blocked' });
const UNSOLICITED: FirewallVerdict = Object.freeze({ ok: false, reason: 'firewall', detail: 'unsolicited inbound' });
const CLOSED: FirewallVerdict = Object.freeze({ ok: false, reason: 'firewall', detail: 'pinhole expired' });

/** An open pinhole: inside endpoint -> remote endpoint, times in µs. */
export class Pinhole {
  expiresAt = 0;
  lastRefresh: number;
  live = true;
  queuedAt = Infinity;
  constructor(
    readonly insideIp: number, readonly insidePort: number,
    readonly remoteIp: number, readonly remotePort: number,
    readonly createdAt: number,
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
}

/** A stateful UDP firewall. */
export class Firewall {
  readonly config: FirewallConfig;
  private readonly timeoutUs: number;
  /** key: endpointKey(inside) → (key: endpointKey(remote) → pinhole). */
  private readonly pinholes = new Map<number, Map<number, Pinhole>>();
  /** key: endpointKey(inside) → set of endpointKey(remote) whose pinhole expired; for the drop detail. */
  private readonly closed = new Map<number, Set<number>>();
  private readonly queue = new ExpiryQueue<Pinhole>();
  private lastNow = 0;

  /** @throws NatConfigError for bad settings (at `path`) */
  constructor(settings: FirewallInit = {}, path = 'firewall') {
    this.config = resolveFirewallConfig(settings, path);
    this.timeoutUs = Math.round(this.config.timeout * 1000);
  }

  /** A packet from the inside insideIp:insidePort to remoteIp:remotePort: passes and opens/refreshes its pinhole. */
  outbound(now: number, insideIp: number, insidePort: number, remoteIp: number, remotePort: number): FirewallVerdict {
    this.clock(now);
    if (this.config.mode === 'block-all-udp') return ALL_BLOCKED;
    const ik = insideIp * 65536 + insidePort;
    const rk = remoteIp * 65536 + remotePort;
    let p = this.pinholes.get(ik)?.get(rk);
    if (p !== undefined && p.expiresAt <= now) {
      this.close(p);
      p = undefined;
    }
    if (p === undefined) {
      p = new Pinhole(insideIp, insidePort, remoteIp, remotePort, now);
      let inner = this.pinholes.get(ik);
      if (inner === undefined) this.pinholes.set(ik, (inner = new Map()));
      inner.set(rk, p);
      const gone = this.closed.get(ik);
      if (gone?.delete(rk) && gone.size === 0) this.closed.delete(ik);
    }
    this.refresh(p, now);
    return PASS;
  }

  /** A packet from remoteIp:remotePort to the inside insideIp:insidePort: passes only through an open pinhole. */
  inbound(now: number, insideIp: number, insidePort: number, remoteIp: number, remotePort: number): FirewallVerdict {
    this.clock(now);
    if (this.config.mode === 'block-all-udp') return ALL_BLOCKED;
    const ik = insideIp * 65536 + insidePort;
    const rk = remoteIp * 65536 + remotePort;
    const p = this.pinholes.get(ik)?.get(rk);
    if (p === undefined) return this.closed.get(ik)?.has(rk) ? CLOSED : UNSOLICITED;
    if (p.expiresAt <= now) return CLOSED;
    if (this.config.inboundRefresh) this.refresh(p, now);
    return PASS;
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
    this.pinholes.clear();
    this.closed.clear();
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
    }));
  }

  private all(): Pinhole[] {
    const out: Pinhole[] = [];
    for (const inner of this.pinholes.values()) for (const p of inner.values()) out.push(p);
    return out.sort((a, b) => a.createdAt - b.createdAt || a.insideIp - b.insideIp || a.insidePort - b.insidePort
      || a.remoteIp - b.remoteIp || a.remotePort - b.remotePort);
  }

  private refresh(p: Pinhole, now: number): void {
    p.lastRefresh = now;
    p.expiresAt = now + this.timeoutUs;
    this.queue.schedule(p);
  }

  private close(p: Pinhole): void {
    p.live = false;
    const ik = p.insideIp * 65536 + p.insidePort;
    const rk = p.remoteIp * 65536 + p.remotePort;
    const inner = this.pinholes.get(ik);
    if (inner?.get(rk) === p) inner.delete(rk);
    if (inner?.size === 0) this.pinholes.delete(ik);
    let gone = this.closed.get(ik);
    if (gone === undefined) this.closed.set(ik, (gone = new Set()));
    gone.add(rk);
  }

  private clock(now: number): void {
    if (!(now >= this.lastNow)) throw new NatUsageError(`firewall: time went backwards (${now} µs after ${this.lastNow} µs)`);
    this.lastNow = now;
  }
}

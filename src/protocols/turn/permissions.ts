/**
 * The permissions of one allocation (RFC 8656 §9): peer IP address -> time-to-expiry. Only the IP address counts,
 * never the port. A permission lasts 300 s and is installed or refreshed only by CreatePermission or ChannelBind;
 * data (Send, ChannelData, or UDP from the peer) never refreshes it (§9, §12.6).
 */
import { MS_PER_SECOND, PERMISSION_LIFETIME_S } from './lifetimes';

/** A permission that expired. */
export interface ExpiredPermission {
  readonly peerIp: string;
  /** The scheduled expiry time, ms. */
  readonly at: number;
}

/** Per-allocation permission list. All times are ms on the caller's clock. */
export class PermissionSet {
  /** key: peer IP address text -> expiry time (ms). */
  private readonly expiries = new Map<string, number>();

  /** @param lifetimeMs permission lifetime; RFC 8656 §9 fixes it at 300 s. */
  constructor(private readonly lifetimeMs = PERMISSION_LIFETIME_S * MS_PER_SECOND) {}

  /**
   * Installs or refreshes the permission for `peerIp` (RFC 8656 §9): its expiry becomes now + 300 s.
   * @returns 'created' or 'refreshed', and the new expiry time
   */
  install(peerIp: string, now: number): { readonly outcome: 'created' | 'refreshed'; readonly expiresAt: number } {
    const live = this.has(peerIp, now);
    const expiresAt = now + this.lifetimeMs;
    this.expiries.set(peerIp, expiresAt);
    return { outcome: live ? 'refreshed' : 'created', expiresAt };
  }

  /** True when a live permission exists for `peerIp` at `now` (the §9 check; ports are not compared). */
  has(peerIp: string, now: number): boolean {
    const at = this.expiries.get(peerIp);
    return at !== undefined && now < at;
  }

  /** Expiry time (ms) of the permission for `peerIp`, if any (live or not yet swept). */
  expiresAt(peerIp: string): number | undefined {
    return this.expiries.get(peerIp);
  }

  /** Peer IPs with a live permission at `now`, in installation order. */
  list(now: number): string[] {
    return [...this.expiries].filter(([, at]) => now < at).map(([ip]) => ip);
  }

  /** Number of permissions held (including expired ones not yet swept). */
  get size(): number {
    return this.expiries.size;
  }

  /** Removes and returns the permissions whose expiry is <= now, earliest first. */
  expire(now: number): ExpiredPermission[] {
    const out: ExpiredPermission[] = [];
    for (const [peerIp, at] of this.expiries) {
      if (at <= now) out.push({ peerIp, at });
    }
    for (const e of out) this.expiries.delete(e.peerIp);
    return out.sort((a, b) => a.at - b.at);
  }

  /** Earliest expiry time (ms) among the permissions, or undefined when there are none. */
  nextExpiry(): number | undefined {
    let min: number | undefined;
    for (const at of this.expiries.values()) if (min === undefined || at < min) min = at;
    return min;
  }
}

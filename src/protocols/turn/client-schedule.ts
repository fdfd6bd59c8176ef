/**
 * When a TURN client refreshes (RFC 8656 §8, §9, §12): the allocation roughly 1 minute before it expires, each
 * permission before its fixed 300 s run out, each channel binding before its 600 s. Data never refreshes any of
 * them (§6, §9, §12.6). ClientRefreshTracker turns that into due actions for a callback-driven client agent.
 */
import { CHANNEL_LIFETIME_S, MS_PER_SECOND, PERMISSION_LIFETIME_S } from './lifetimes';
import { transportAddressKey, type TransportAddress } from './types';

/** Default safety margin before an expiry, seconds (RFC 8656 §8: "roughly 1 minute before it expires"). */
export const DEFAULT_REFRESH_MARGIN_S = 60;

/**
 * When to refresh an allocation granted at `grantedAt` (ms) for `lifetimeS` (the LIFETIME in the response, §7.3):
 * `marginS` before expiry, but never earlier than half the lifetime (so a short lifetime is not refreshed at once).
 */
export function allocationRefreshAt(grantedAt: number, lifetimeS: number, marginS = DEFAULT_REFRESH_MARGIN_S): number {
  return grantedAt + Math.max(lifetimeS - marginS, lifetimeS / 2) * MS_PER_SECOND;
}

/** When to refresh a permission installed or refreshed at `installedAt` (ms): 300 s - margin later (240 s). */
export function permissionRefreshAt(installedAt: number, marginS = DEFAULT_REFRESH_MARGIN_S): number {
  return allocationRefreshAt(installedAt, PERMISSION_LIFETIME_S, marginS);
}

/** When to refresh a channel bound or rebound at `boundAt` (ms): 600 s - margin later (540 s). */
export function channelRefreshAt(boundAt: number, marginS = DEFAULT_REFRESH_MARGIN_S): number {
  return allocationRefreshAt(boundAt, CHANNEL_LIFETIME_S, marginS);
}

/** Something the client should send now. */
export type RefreshAction =
  | { readonly kind: 'refresh-allocation' }
  /** One CreatePermission with an XOR-PEER-ADDRESS per IP (§10.1 allows several). */
  | { readonly kind: 'refresh-permissions'; readonly peerIps: readonly string[] }
  /** A ChannelBind with the same number and peer (§12.1); it refreshes the permission too. */
  | { readonly kind: 'refresh-channel'; readonly channel: number; readonly peer: TransportAddress };

/** Options for a ClientRefreshTracker. */
export interface ClientRefreshTrackerInit {
  /** Seconds before each expiry to refresh. @default 60 */
  marginS?: number;
}

interface Item {
  refreshAt: number;
  expiresAt: number;
}

/**
 * The client's copy of what needs refreshing (RFC 8656 §7.3 "the client ... needs to track the channels and
 * permissions it establishes"). Report successes with on*(); takeDue(now) returns due actions once (they are
 * then in flight until the next on*() for them). Times are ms.
 */
export class ClientRefreshTracker {
  private readonly marginS: number;
  private allocation: Item | undefined;
  /** key: peer IP -> permission timing. */
  private readonly permissions = new Map<string, Item>();
  /** key: channel number -> binding timing and peer. */
  private readonly channels = new Map<number, Item & { peer: TransportAddress }>();

  constructor(init: ClientRefreshTrackerInit = {}) {
    this.marginS = init.marginS ?? DEFAULT_REFRESH_MARGIN_S;
  }

  /** An Allocate or Refresh succeeded at `now` with LIFETIME `lifetimeS`; 0 means the allocation is gone. */
  onAllocation(now: number, lifetimeS: number): void {
    if (lifetimeS <= 0) return this.onAllocationGone();
    this.allocation = {
      refreshAt: allocationRefreshAt(now, lifetimeS, this.marginS),
      expiresAt: now + lifetimeS * MS_PER_SECOND,
    };
  }

  /** The allocation is gone (deleted, expired, or a 437 on Refresh, §8.3): forget everything. */
  onAllocationGone(): void {
    this.allocation = undefined;
    this.permissions.clear();
    this.channels.clear();
  }

  /** A CreatePermission for `peerIps` succeeded at `now`. */
  onPermissions(peerIps: readonly string[], now: number): void {
    for (const ip of peerIps) {
      this.permissions.set(ip, {
        refreshAt: permissionRefreshAt(now, this.marginS),
        expiresAt: now + PERMISSION_LIFETIME_S * MS_PER_SECOND,
      });
    }
  }

  /** A ChannelBind succeeded at `now`: the binding and the peer IP's permission are (re)started (§12.3). */
  onChannelBound(channel: number, peer: TransportAddress, now: number): void {
    this.channels.set(channel, {
      peer,
      refreshAt: channelRefreshAt(now, this.marginS),
      expiresAt: now + CHANNEL_LIFETIME_S * MS_PER_SECOND,
    });
    this.onPermissions([peer.address], now);
  }

  /** Stop refreshing a permission (the application no longer needs the peer). */
  forgetPermission(peerIp: string): void {
    this.permissions.delete(peerIp);
  }

  /** Stop refreshing a channel (it will expire on the server). */
  forgetChannel(channel: number): void {
    this.channels.delete(channel);
  }

  /** True while the allocation is believed live at `now`. */
  hasAllocation(now: number): boolean {
    return this.allocation !== undefined && now < this.allocation.expiresAt;
  }

  /** True while a permission for `peerIp` is believed live (§12.6: the client SHOULD drop data otherwise). */
  hasPermission(peerIp: string, now: number): boolean {
    const p = this.permissions.get(peerIp);
    return p !== undefined && now < p.expiresAt;
  }

  /** The channel believed bound to `peer` at `now`, if any. */
  channelFor(peer: TransportAddress, now: number): number | undefined {
    const key = transportAddressKey(peer);
    for (const [ch, c] of this.channels) if (transportAddressKey(c.peer) === key && now < c.expiresAt) return ch;
    return undefined;
  }

  /** Actions due at `now`, allocation first; each is returned once until its next on*() call. */
  takeDue(now: number): RefreshAction[] {
    const out: RefreshAction[] = [];
    if (this.allocation && this.allocation.refreshAt <= now) {
      this.allocation.refreshAt = Infinity;
      out.push({ kind: 'refresh-allocation' });
    }
    const ips: string[] = [];
    for (const [ip, p] of this.permissions) {
      if (p.refreshAt <= now) {
        p.refreshAt = Infinity;
        ips.push(ip);
      }
    }
    if (ips.length > 0) out.push({ kind: 'refresh-permissions', peerIps: ips });
    for (const [channel, c] of this.channels) {
      if (c.refreshAt <= now) {
        c.refreshAt = Infinity;
        out.push({ kind: 'refresh-channel', channel, peer: c.peer });
      }
    }
    return out;
  }

  /** When takeDue() next returns something (ms), or undefined. Schedule one timer for it. */
  nextDueAt(): number | undefined {
    let min = this.allocation?.refreshAt ?? Infinity;
    for (const p of this.permissions.values()) min = Math.min(min, p.refreshAt);
    for (const c of this.channels.values()) min = Math.min(min, c.refreshAt);
    return min === Infinity ? undefined : min;
  }
}

/**
 * What the TURN client believes about its allocation (RFC 8656 §7.3 "the client ... needs to track the channels
 * and permissions it establishes"): the allocation's expiry, permissions by peer IP (300 s, §9), channel bindings
 * (600 s, §12) both ways, and the refresh schedule (ClientRefreshTracker) of everything it keeps alive.
 */
import {
  ClientChannelNumbers,
  ClientRefreshTracker,
  MS_PER_SECOND,
  PERMISSION_LIFETIME_S,
  type RefreshAction,
  type TransportAddress,
} from '../../protocols/turn';

/** Which kinds of state the client refreshes by itself. */
export interface AutoRefresh {
  readonly allocation: boolean;
  readonly permissions: boolean;
  readonly channels: boolean;
}

/** Client-side allocation state. Times are ms. */
export class ClientRelayState {
  private tracker: ClientRefreshTracker;
  private numbers = new ClientChannelNumbers();
  /** key: channel number -> the peer it was bound to (for inbound ChannelData, §12.6). */
  private readonly peerByChannel = new Map<number, TransportAddress>();
  /** key: peer IP -> permission expiry (ms). */
  private readonly permissionExpiry = new Map<string, number>();
  /** Allocation expiry (ms), while there is one. */
  expiresAt: number | undefined;

  constructor(
    private readonly marginS: number,
    private readonly auto: AutoRefresh,
  ) {
    this.tracker = new ClientRefreshTracker({ marginS });
  }

  /** An Allocate or Refresh succeeded at `now` with LIFETIME `lifetimeS` (§7.3, §8.3). */
  onAllocation(now: number, lifetimeS: number): void {
    this.expiresAt = now + lifetimeS * MS_PER_SECOND;
    this.tracker.onAllocation(now, lifetimeS);
  }

  /** A CreatePermission for `peerIps` succeeded at `now` (§10.3). */
  onPermissions(peerIps: readonly string[], now: number): void {
    for (const ip of peerIps) this.permissionExpiry.set(ip, now + PERMISSION_LIFETIME_S * MS_PER_SECOND);
    this.tracker.onPermissions(peerIps, now);
  }

  /** A ChannelBind succeeded at `now` (§12.3): the binding and the peer IP's permission are (re)started. */
  onChannelBound(channel: number, peer: TransportAddress, now: number): void {
    this.numbers.onBound(channel, peer, now);
    for (const [ch, p] of this.peerByChannel) if (ch !== channel && p.address === peer.address && p.port === peer.port) this.peerByChannel.delete(ch);
    this.peerByChannel.set(channel, peer);
    this.permissionExpiry.set(peer.address, now + PERMISSION_LIFETIME_S * MS_PER_SECOND);
    if (this.auto.channels) this.tracker.onChannelBound(channel, peer, now);
    else this.tracker.onPermissions([peer.address], now);
  }

  /** The channel bound to `peer` at `now` (not expired), if any: data to it goes as ChannelData (§12.5). */
  channelFor(peer: TransportAddress, now: number): number | undefined {
    return this.numbers.boundChannel(peer, now);
  }

  /** The number to bind `peer` to (its current one, or a free one honouring the 5-minute hold, §12). */
  numberFor(peer: TransportAddress, now: number): number | undefined {
    return this.numbers.numberFor(peer, now);
  }

  /** The peer a received ChannelData channel number belongs to. */
  peerFor(channel: number): TransportAddress | undefined {
    return this.peerByChannel.get(channel);
  }

  /** True while a permission for `peerIp` is believed live. */
  hasPermission(peerIp: string, now: number): boolean {
    const at = this.permissionExpiry.get(peerIp);
    return at !== undefined && now < at;
  }

  /** Stops refreshing the permission for `peerIp` (it lapses on the server after 300 s). */
  forgetPermission(peerIp: string): void {
    this.tracker.forgetPermission(peerIp);
  }

  /** Stops refreshing `channel` (it lapses on the server after 600 s; sends fall back to Send indications). */
  forgetChannel(channel: number): void {
    this.tracker.forgetChannel(channel);
  }

  /** Refresh actions due at `now`, without the kinds that are not refreshed automatically. */
  takeDue(now: number): RefreshAction[] {
    return this.tracker.takeDue(now).filter((a) =>
      a.kind === 'refresh-allocation' ? this.auto.allocation : a.kind === 'refresh-permissions' ? this.auto.permissions : this.auto.channels,
    );
  }

  /** The next time something is due: a refresh, or the allocation's expiry. */
  nextWakeAt(): number | undefined {
    const due = this.tracker.nextDueAt();
    if (due === undefined) return this.expiresAt;
    return this.expiresAt === undefined ? due : Math.min(due, this.expiresAt);
  }

  /** The allocation is gone: forget everything. */
  reset(): void {
    this.expiresAt = undefined;
    this.tracker = new ClientRefreshTracker({ marginS: this.marginS });
    this.numbers = new ClientChannelNumbers();
    this.peerByChannel.clear();
    this.permissionExpiry.clear();
  }
}

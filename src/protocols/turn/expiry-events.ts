/**
 * What the TURN core reports when time passes (RFC 8656 §6, §9, §12, §7.2): allocations, permissions, channel
 * bindings, channel holds and port reservations that expired, each with its exact scheduled time so the server
 * agent can trace it at that instant.
 */
import type { Allocation } from './allocation';
import type { TransportAddress, TurnFiveTuple } from './types';

/** Identifies the allocation an event belongs to. */
export interface AllocationRef {
  /** fiveTupleKey of the allocation. */
  readonly key: string;
  readonly fiveTuple: TurnFiveTuple;
  readonly username: string | undefined;
  readonly relayed: TransportAddress;
}

/** An allocation expired (§6) or was deleted by Refresh LIFETIME=0 (§8.2); its relay port went back to the pool. */
export interface AllocationExpiry extends AllocationRef {
  readonly kind: 'allocation';
  /** 'expired': its lifetime ran out (§6); 'deleted': Refresh with LIFETIME 0 (§8.2). */
  readonly cause: 'expired' | 'deleted';
  /** Scheduled expiry (or deletion) time, ms. */
  readonly at: number;
  /** Peer IPs whose permissions were still live and went with it (§9). */
  readonly permissions: readonly string[];
  /** Channel bindings still live that went with it (§12). */
  readonly channels: readonly { readonly channel: number; readonly peer: TransportAddress }[];
}

/** A permission expired (§9: after 300 s without CreatePermission/ChannelBind). */
export interface PermissionExpiry extends AllocationRef {
  readonly kind: 'permission';
  readonly at: number;
  readonly peerIp: string;
}

/** A channel binding expired (§12: after 600 s without a rebinding ChannelBind); number and peer are now held. */
export interface ChannelExpiry extends AllocationRef {
  readonly kind: 'channel';
  readonly at: number;
  readonly channel: number;
  readonly peer: TransportAddress;
}

/** The 5-minute hold after a channel expired ended (§12): number and peer are free for other bindings. */
export interface ChannelHoldRelease extends AllocationRef {
  readonly kind: 'channel-hold-released';
  readonly at: number;
  readonly channel: number;
  readonly peer: TransportAddress;
}

/** An unclaimed RESERVATION-TOKEN lapsed (§7.2); the reserved port went back to the pool. */
export interface ReservationExpiry {
  readonly kind: 'reservation';
  readonly at: number;
  /** The token, 16 hex characters. */
  readonly token: string;
  readonly port: number;
}

/** Anything AllocationTable.expire() reports. */
export type TurnExpiry = AllocationExpiry | PermissionExpiry | ChannelExpiry | ChannelHoldRelease | ReservationExpiry;

/** The AllocationRef fields of an allocation. */
export function allocationRef(a: Allocation): AllocationRef {
  return { key: a.key, fiveTuple: a.fiveTuple, username: a.username, relayed: a.relayed };
}

/**
 * Empties an allocation that ends at `at` (ms): reports its permissions, channels and holds that lapsed before
 * `at` as their own events, then the allocation event listing what was still live.
 */
export function endAllocation(a: Allocation, at: number, cause: AllocationExpiry['cause']): TurnExpiry[] {
  const out = expireInside(a, at);
  const permissions = a.permissions.list(at);
  const channels = a.channels.list(at).map((b) => ({ channel: b.channel, peer: b.peer }));
  out.push({ kind: 'allocation', cause, ...allocationRef(a), at, permissions, channels });
  return out;
}

/** Reports the permissions, channels and holds of a live allocation that lapsed by `now`. */
export function expireInside(a: Allocation, now: number): TurnExpiry[] {
  const out: TurnExpiry[] = [];
  const ref = allocationRef(a);
  for (const p of a.permissions.expire(now)) out.push({ kind: 'permission', ...ref, at: p.at, peerIp: p.peerIp });
  const ch = a.channels.expire(now);
  for (const c of ch.channels) out.push({ kind: 'channel', ...ref, at: c.at, channel: c.channel, peer: c.peer });
  for (const h of ch.holdsReleased) {
    out.push({ kind: 'channel-hold-released', ...ref, at: h.at, channel: h.channel, peer: h.peer });
  }
  return out;
}

/**
 * One allocation's state on the server (RFC 8656 §6): the 5-tuple, the username that created it, the relayed
 * transport address, its time-to-expiry, its permissions (§9) and its channel bindings (§12).
 */
import { ChannelBindings, type ChannelBindingsInit } from './channels';
import { secondsUntil } from './lifetimes';
import { PermissionSet } from './permissions';
import { addressFamily, fiveTupleKey, type AddressFamily, type TransportAddress, type TurnFiveTuple } from './types';

/** What an Allocation is created from. */
export interface AllocationInit {
  readonly fiveTuple: TurnFiveTuple;
  /** Username that authenticated the Allocate; undefined when the server does not authenticate. */
  readonly username: string | undefined;
  readonly relayed: TransportAddress;
  /**
   * A dual allocation's relayed address of the other family (RFC 8656 §7.1), on the same port as `relayed`.
   * @default none (a single-family allocation)
   */
  readonly relayedOther?: TransportAddress;
  /** Creation time, ms. */
  readonly createdAt: number;
  /** Expiry time, ms. */
  readonly expiresAt: number;
  /** Transaction id of the creating Allocate (any text, e.g. hex), to answer its retransmissions (§7.2, §5). */
  readonly transactionId?: string;
  /** Channel binding settings. */
  readonly channels?: ChannelBindingsInit;
}

/** A server-side allocation. Mutated only through AllocationTable. */
export class Allocation {
  /** fiveTupleKey(fiveTuple): the table's key for this allocation. */
  readonly key: string;
  readonly fiveTuple: TurnFiveTuple;
  readonly username: string | undefined;
  /** The (first) relayed transport address: the IPv4 one of a dual allocation. */
  readonly relayed: TransportAddress;
  /** Every relayed transport address, IPv4 first: one, or two for a dual allocation (RFC 8656 §7.1). */
  readonly relayedAddresses: readonly TransportAddress[];
  readonly createdAt: number;
  readonly transactionId: string | undefined;
  /** Permissions by peer IP (RFC 8656 §9). */
  readonly permissions = new PermissionSet();
  /** Channel bindings (RFC 8656 §12). */
  readonly channels: ChannelBindings;
  private expiry: number;

  constructor(init: AllocationInit) {
    this.key = fiveTupleKey(init.fiveTuple);
    this.fiveTuple = init.fiveTuple;
    this.username = init.username;
    this.relayed = init.relayed;
    this.relayedAddresses = init.relayedOther ? [init.relayed, init.relayedOther] : [init.relayed];
    this.createdAt = init.createdAt;
    this.expiry = init.expiresAt;
    this.transactionId = init.transactionId;
    this.channels = new ChannelBindings(init.channels);
  }

  /** The relayed address of `family`, if this allocation has one (a peer of another family gets 443, §10.2). */
  relayedFor(family: AddressFamily): TransportAddress | undefined {
    return this.relayedAddresses.find((r) => addressFamily(r.address) === family);
  }

  /** True for a dual allocation (an IPv4 and an IPv6 relayed address, RFC 8656 §7.1). */
  get isDual(): boolean {
    return this.relayedAddresses.length > 1;
  }

  /** Expiry time, ms. */
  get expiresAt(): number {
    return this.expiry;
  }

  /** True while the allocation has not expired at `now`. */
  isLive(now: number): boolean {
    return now < this.expiry;
  }

  /** Seconds until expiry at `now`, rounded up (the LIFETIME a response reports). */
  lifetimeLeft(now: number): number {
    return secondsUntil(this.expiry, now);
  }

  /** Sets a new expiry (Refresh, RFC 8656 §8.2). For AllocationTable. */
  setExpiry(expiresAt: number): void {
    this.expiry = expiresAt;
  }

  /** Earliest time (ms) anything in this allocation expires: itself, a permission, a channel or a channel hold. */
  nextExpiry(): number {
    let min = this.expiry;
    const p = this.permissions.nextExpiry();
    if (p !== undefined && p < min) min = p;
    const c = this.channels.nextExpiry();
    if (c !== undefined && c < min) min = c;
    return min;
  }
}

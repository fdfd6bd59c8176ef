/**
 * Plain inputs and outcomes of AllocationTable's request methods (RFC 8656 §7.2, §8.2, §10.2, §12.2). The server
 * agent fills the inputs from decoded STUN attributes and maps the outcomes back to STUN responses.
 */
import type { Allocation } from './allocation';
import type { AllocationExpiry } from './expiry-events';
import type { AddressFamily, TransportAddress, TurnFiveTuple } from './types';

/** An Allocate that passed authentication and attribute checks. */
export interface AllocateInput {
  readonly fiveTuple: TurnFiveTuple;
  /** Authenticated username (undefined when the server does not authenticate). */
  readonly username?: string;
  /** LIFETIME attribute, seconds, if present. */
  readonly lifetimeS?: number;
  /** STUN transaction id (any text, e.g. hex): a retransmitted Allocate gets the same success again (§5, §7.2). */
  readonly transactionId?: string;
  /** EVEN-PORT attribute (§18.6): `reserve` is its R bit (also reserve port+1 under a RESERVATION-TOKEN). */
  readonly evenPort?: { readonly reserve: boolean };
  /** RESERVATION-TOKEN (§18.9), 16 hex characters: use the port reserved by an earlier EVEN-PORT R=1. */
  readonly reservationToken?: string;
  /**
   * Relayed families, IPv4 first: one, or [4, 6] for a dual allocation (RFC 8656 §7.1); the table must have a relay
   * address of each (grantFamilies decides). @default the family of the table's first relay address
   */
  readonly families?: readonly AddressFamily[];
}

/** A successful Allocate. */
export interface AllocateSuccess {
  readonly ok: true;
  readonly allocation: Allocation;
  /** LIFETIME for the response, seconds (§7.2). */
  readonly lifetimeS: number;
  /** RESERVATION-TOKEN for the response when EVEN-PORT R=1 reserved port+1 (16 hex characters). */
  readonly reservationToken?: string;
  /** True when this answered a retransmission of the Allocate that created the allocation. */
  readonly replayed: boolean;
}

/** A Refresh (§8). */
export interface RefreshInput {
  readonly fiveTuple: TurnFiveTuple;
  readonly username?: string;
  /** LIFETIME attribute, seconds; 0 deletes the allocation (§8.1). */
  readonly lifetimeS?: number;
}

/** A successful Refresh. */
export interface RefreshOk {
  readonly ok: true;
  readonly allocation: Allocation;
  /** LIFETIME for the response, seconds; 0 when the allocation was deleted. */
  readonly lifetimeS: number;
  /** Present when LIFETIME was 0: the deleted allocation and what went with it. */
  readonly deleted?: AllocationExpiry;
}

/** A CreatePermission (§10). */
export interface CreatePermissionInput {
  readonly fiveTuple: TurnFiveTuple;
  readonly username?: string;
  /** IP addresses of the XOR-PEER-ADDRESS attributes (ports are ignored, §9). */
  readonly peerIps: readonly string[];
}

/** A successful CreatePermission. */
export interface CreatePermissionOk {
  readonly ok: true;
  readonly allocation: Allocation;
  /** One entry per peer IP: created or refreshed, and the new expiry (ms). */
  readonly installed: readonly { readonly peerIp: string; readonly outcome: 'created' | 'refreshed'; readonly expiresAt: number }[];
}

/** A ChannelBind (§12.1). */
export interface ChannelBindInput {
  readonly fiveTuple: TurnFiveTuple;
  readonly username?: string;
  /** CHANNEL-NUMBER. */
  readonly channel: number;
  /** XOR-PEER-ADDRESS. */
  readonly peer: TransportAddress;
}

/** A successful ChannelBind. */
export interface ChannelBindOk {
  readonly ok: true;
  readonly allocation: Allocation;
  readonly outcome: 'created' | 'refreshed';
  /** Binding expiry, ms. */
  readonly expiresAt: number;
  /** The peer IP's permission, installed or refreshed by the bind (§12.2). */
  readonly permission: { readonly outcome: 'created' | 'refreshed'; readonly expiresAt: number };
}

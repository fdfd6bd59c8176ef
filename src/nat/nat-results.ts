/**
 * What the pure NAT table decides for a packet. A failure's `reason` is a trace DropReason (trace-events.ts), so
 * the NAT node can record the drop as is.
 */
import type { DropReason } from '../sim/trace-events';
import type { NatMapping } from './nat-mapping';

/** An outbound packet was translated: its new source is externalIp:externalPort. */
export interface OutboundOk {
  readonly ok: true;
  readonly externalIp: number;
  readonly externalPort: number;
  /** True when this packet created the mapping (trace 'mapping-created'). */
  readonly created: boolean;
  readonly mapping: NatMapping;
}

/**
 * An outbound packet could not get a mapping: no free port, or the internal IP's port quota is used up
 * ('nat-port-exhausted'); or (TCP only) a segment other than a SYN found no mapping ('nat-no-mapping').
 */
export interface OutboundFail {
  readonly ok: false;
  readonly reason: 'nat-port-exhausted' | 'nat-no-mapping';
}

/** Result of NatTable.outbound. */
export type OutboundResult = OutboundOk | OutboundFail;

/** An inbound packet was admitted: its new destination is internalIp:internalPort. */
export interface InboundOk {
  readonly ok: true;
  readonly internalIp: number;
  readonly internalPort: number;
  readonly mapping: NatMapping;
}

/** Why an inbound packet may be dropped (all trace DropReasons). */
export const INBOUND_DROP_REASONS = ['nat-no-mapping', 'nat-filtered', 'nat-mapping-expired'] as const satisfies
  readonly DropReason[];
/** One of INBOUND_DROP_REASONS. */
export type InboundDropReason = (typeof INBOUND_DROP_REASONS)[number];

/** An inbound packet was dropped. */
export interface InboundFail {
  readonly ok: false;
  readonly reason: InboundDropReason;
  /** TCP: filtering admitted the remote, but the segment is no SYN and belongs to no connection the NAT knows. */
  readonly noConnection?: true;
}

/** Result of NatTable.inbound. */
export type InboundResult = InboundOk | InboundFail;

/**
 * A hairpinned packet (RFC 4787 §6) is delivered inside: its source becomes the sender's mapped address
 * srcIp:srcPort (REQ-9a) and its destination internalIp:internalPort.
 */
export interface HairpinOk {
  readonly ok: true;
  /** The sender's mapped (external) address: the packet's new source. */
  readonly srcIp: number;
  readonly srcPort: number;
  /** The receiver inside: the packet's new destination. */
  readonly internalIp: number;
  readonly internalPort: number;
  /** True when the sender's mapping was created by this packet. */
  readonly created: boolean;
  /** The sender's mapping. */
  readonly mapping: NatMapping;
  /** The receiver's mapping (the one owning the destination address). */
  readonly target: NatMapping;
}

/** Why a hairpinned packet may be dropped (all trace DropReasons). */
export const HAIRPIN_DROP_REASONS = ['nat-hairpin-off', 'nat-port-exhausted', ...INBOUND_DROP_REASONS] as const satisfies
  readonly DropReason[];
/** One of HAIRPIN_DROP_REASONS. */
export type HairpinDropReason = (typeof HAIRPIN_DROP_REASONS)[number];

/** A hairpinned packet was dropped; `outbound` is set when the sender's side was translated before the drop. */
export interface HairpinFail {
  readonly ok: false;
  readonly reason: HairpinDropReason;
  readonly outbound?: OutboundOk;
}

/** Result of NatTable.hairpin. */
export type HairpinResult = HairpinOk | HairpinFail;

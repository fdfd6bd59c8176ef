/**
 * Data-path decisions over an AllocationTable (RFC 8656 §11-§12): where a Send indication, a ChannelData message
 * or a peer's UDP datagram goes, or why it is silently discarded. None of these refreshes anything (§9, §12.6).
 */
import type { Allocation } from './allocation';
import type { AllocationTable } from './allocation-table';
import { checkPeer, type TurnServerPolicy } from './server-requests';
import { fiveTupleKey, type TransportAddress, type TurnFiveTuple } from './types';

/** Why a data-path message is silently discarded. */
export type RelayDropReason =
  /** No live allocation on the 5-tuple or relayed port (§5: indications and ChannelData are silently ignored). */
  | 'no-allocation'
  /** No live permission for the peer's IP (§9, §11.2). */
  | 'no-permission'
  /** ChannelData on a channel not bound to any peer (§12.6). */
  | 'unbound-channel'
  /** A Send indication without XOR-PEER-ADDRESS or DATA (§11.2). */
  | 'malformed'
  /** A Send indication with DONT-FRAGMENT the server cannot honour (§11.2: unknown attribute -> discard). */
  | 'unsupported-attribute'
  /** The peer's family differs from the relayed address's, or local policy refuses it (§11.2). */
  | 'forbidden-peer';

/** A discard decision with a human-readable detail. */
export interface RelayDrop {
  readonly ok: false;
  readonly reason: RelayDropReason;
  readonly detail: string;
}

/**
 * A UDP datagram from `peer` arrived at relayed port `relayedPort` (§11.3, §12.7): deliver it to the allocation's
 * client as ChannelData on `channel` when one is bound to the peer (the server MUST then use it, §12.5), else as a
 * Data indication (`channel` undefined).
 */
export function routeFromPeer(
  table: AllocationTable,
  relayedPort: number,
  peer: TransportAddress,
  now: number,
): { readonly ok: true; readonly allocation: Allocation; readonly channel: number | undefined } | RelayDrop {
  const allocation = table.findByRelayedPort(relayedPort, now);
  if (!allocation) return drop('no-allocation', `no allocation on relayed port ${relayedPort}`);
  if (!allocation.permissions.has(peer.address, now)) {
    return drop('no-permission', `no permission for ${peer.address} on relayed port ${relayedPort}`);
  }
  return { ok: true, allocation, channel: allocation.channels.channelForPeer(peer, now) };
}

/**
 * A Send indication from the client to `peer` (§11.2): relay it from the allocation's relayed address when the
 * 5-tuple has an allocation and the peer's IP a permission.
 */
export function routeSend(
  table: AllocationTable,
  fiveTuple: TurnFiveTuple,
  peer: TransportAddress,
  now: number,
): { readonly ok: true; readonly allocation: Allocation } | RelayDrop {
  const allocation = table.find(fiveTuple, now);
  if (!allocation) return drop('no-allocation', `no allocation on 5-tuple ${fiveTupleKey(fiveTuple)}`);
  if (!allocation.permissions.has(peer.address, now)) {
    return drop('no-permission', `no permission for ${peer.address}`);
  }
  return { ok: true, allocation };
}

/**
 * A ChannelData message from the client on `channel` (§12.6): relay it to the bound peer. Besides §12.6's
 * unbound-channel rule we also require a live permission for the peer (a binding can outlive its permission,
 * 600 s vs 300 s; §9 forbids relaying without one). This is a choice; coturn ties channels to permissions too.
 */
export function routeChannelData(
  table: AllocationTable,
  fiveTuple: TurnFiveTuple,
  channel: number,
  now: number,
): { readonly ok: true; readonly allocation: Allocation; readonly peer: TransportAddress } | RelayDrop {
  const allocation = table.find(fiveTuple, now);
  if (!allocation) return drop('no-allocation', `no allocation on 5-tuple ${fiveTupleKey(fiveTuple)}`);
  const peer = allocation.channels.peerForChannel(channel, now);
  if (!peer) return drop('unbound-channel', `channel ${channel} is not bound`);
  if (!allocation.permissions.has(peer.address, now)) {
    return drop('no-permission', `channel ${channel}'s peer ${peer.address} has no live permission`);
  }
  return { ok: true, allocation, peer };
}

/** Decoded Send indication fields. */
export interface SendIndication {
  readonly fiveTuple: TurnFiveTuple;
  /** XOR-PEER-ADDRESS, if present. */
  readonly peer?: TransportAddress;
  /** DATA, if present. */
  readonly data?: Uint8Array;
  /** DONT-FRAGMENT present. */
  readonly dontFragment?: boolean;
}

/**
 * A Send indication (RFC 8656 §11.2), checked in order: allocation, both XOR-PEER-ADDRESS and DATA present,
 * DONT-FRAGMENT support, peer family and policy, permission. Every failure is a silent discard (indications get
 * no error response, §5).
 */
export function routeSendIndication(
  table: AllocationTable,
  ind: SendIndication,
  now: number,
  policy: TurnServerPolicy = {},
):
  | { readonly ok: true; readonly allocation: Allocation; readonly peer: TransportAddress; readonly data: Uint8Array }
  | RelayDrop {
  const allocation = table.find(ind.fiveTuple, now);
  if (!allocation) return drop('no-allocation', `no allocation on 5-tuple ${fiveTupleKey(ind.fiveTuple)}`);
  const { peer, data } = ind;
  if (!peer || !data) return drop('malformed', `Send indication without ${peer ? 'DATA' : 'XOR-PEER-ADDRESS'}`);
  if (ind.dontFragment && !policy.dontFragment) return drop('unsupported-attribute', 'DONT-FRAGMENT is not supported');
  const refused = checkPeer(allocation, peer, policy);
  if (refused) return drop('forbidden-peer', refused.reason);
  const routed = routeSend(table, ind.fiveTuple, peer, now);
  return routed.ok ? { ok: true, allocation, peer, data } : routed;
}

function drop(reason: RelayDropReason, detail: string): RelayDrop {
  return { ok: false, reason, detail };
}

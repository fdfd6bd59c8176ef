/**
 * Request validation for the TURN server agent (RFC 8656 §7.2, §8.2, §10.2, §12.2), free of STUN encoding: inputs
 * are decoded attribute values as plain fields (after authentication), outputs are the success fields of the
 * response or a TurnFailure. Checks run in the RFC's order and then call the AllocationTable.
 */
import type { Allocation } from './allocation';
import type { AllocationTable } from './allocation-table';
import { isBindableChannelNumber, formatChannelNumber } from './channel-numbers';
import { isTurnFailure, TURN_ERROR, turnFailure, type TurnFailure } from './error-codes';
import type { PeerPolicy } from './peer-policy';
import { grantFamilies } from './relay-families';
import type { AllocationExpiry } from './expiry-events';
import { addressFamily, transportAddressKey, type AddressFamily, type TransportAddress, type TurnFiveTuple } from './types';

/** UDP's protocol number, the only REQUESTED-TRANSPORT RFC 8656 relays (§7.2, §18.7). */
export const REQUESTED_TRANSPORT_UDP = 17;

/** Server policy the checks consult. */
export interface TurnServerPolicy {
  /**
   * The server can set DF on relayed datagrams, so DONT-FRAGMENT is understood (§7.2 step 4); otherwise it is an
   * unknown comprehension-required attribute (420). @default false
   */
  readonly dontFragment?: boolean;
  /** Local policy on peer addresses (§10.2, §12.2): false gives 403. @default every peer allowed */
  readonly allowPeer?: (peer: TransportAddress) => boolean;
  /** Address ranges refused as peers (§9.1): a refused peer gets 403 naming the rule. @default every peer allowed */
  readonly peers?: PeerPolicy;
}

/** Decoded Allocate request fields. Absent attribute = undefined. */
export interface AllocateRequest {
  readonly fiveTuple: TurnFiveTuple;
  /** Authenticated username (undefined without authentication). */
  readonly username?: string;
  /** STUN transaction id as text, so a retransmission gets the same success (§5). */
  readonly transactionId?: string;
  /** REQUESTED-TRANSPORT protocol number, or 'malformed' when the attribute did not decode. */
  readonly requestedTransport?: number | 'malformed';
  readonly lifetimeS?: number;
  /** DONT-FRAGMENT present. */
  readonly dontFragment?: boolean;
  readonly evenPort?: { readonly reserve: boolean };
  /** RESERVATION-TOKEN as 16 hex characters. */
  readonly reservationToken?: string;
  readonly requestedAddressFamily?: AddressFamily;
  readonly additionalAddressFamily?: AddressFamily;
}

/** Fields of an Allocate success response (§7.2). */
export interface AllocateResponse {
  readonly ok: true;
  readonly allocation: Allocation;
  /** XOR-RELAYED-ADDRESS (the IPv4 one of a dual allocation). */
  readonly relayed: TransportAddress;
  /** Every XOR-RELAYED-ADDRESS, IPv4 first: two for a dual allocation (RFC 8656 §7.1, §7.2). */
  readonly relayedAddresses: readonly TransportAddress[];
  /** XOR-MAPPED-ADDRESS: the client's address from the 5-tuple. */
  readonly mapped: TransportAddress;
  /** LIFETIME, seconds. */
  readonly lifetimeS: number;
  /** RESERVATION-TOKEN (16 hex characters) when EVEN-PORT R=1 reserved the next port. */
  readonly reservationToken?: string;
  /**
   * ADDRESS-ERROR-CODE (RFC 8656 §18.12) when ADDITIONAL-ADDRESS-FAMILY asked for both families and the server has
   * a relay address of only one: 440 and the family it could not allocate (§7.2).
   */
  readonly addressError?: { readonly family: AddressFamily; readonly code: 440 };
  /** True when this answered a retransmission of the creating Allocate. */
  readonly replayed: boolean;
}

/**
 * Allocate (RFC 8656 §7.2 steps 2-10, authentication being step 1): 437 for a 5-tuple in use (a retransmission
 * is answered again); 400 without a valid REQUESTED-TRANSPORT, 442 for a protocol other than UDP; 420 for
 * DONT-FRAGMENT when unsupported; 400 for RESERVATION-TOKEN with EVEN-PORT or a family attribute, for both family
 * attributes, for EVEN-PORT R=1 with ADDITIONAL-ADDRESS-FAMILY, and for ADDITIONAL-ADDRESS-FAMILY IPv4; 440 for a
 * family the server has no relay address of (grantFamilies); then quota (486) and capacity (508) in the table. A dual
 * allocation (§7.1) gets one port on both relay addresses.
 */
export function handleAllocate(
  table: AllocationTable,
  req: AllocateRequest,
  now: number,
  policy: TurnServerPolicy = {},
): AllocateResponse | TurnFailure {
  if (table.find(req.fiveTuple, now)) return asResponse(table.allocate(req, now), req);
  const bad = checkAllocateAttributes(req, policy);
  if (bad) return bad;
  // With a RESERVATION-TOKEN (no family attributes allowed, checked above) the reserved port's family decides.
  const grant = req.reservationToken !== undefined
    ? { ok: true as const, families: undefined, addressError: undefined }
    : grantFamilies(req.requestedAddressFamily, req.additionalAddressFamily, table.relayAddresses);
  if (!grant.ok) return grant;
  const result = table.allocate({ ...req, families: grant.families }, now);
  if (!result.ok) return result;
  const response = asResponse(result, req);
  if (!response.ok) return response;
  return grant.addressError ? { ...response, addressError: grant.addressError } : response;
}

function asResponse(r: ReturnType<AllocationTable['allocate']>, req: AllocateRequest): AllocateResponse | TurnFailure {
  if (!r.ok) return r;
  const a = r.allocation;
  const base = { ok: true as const, allocation: a, relayed: a.relayed, relayedAddresses: a.relayedAddresses, mapped: req.fiveTuple.client };
  const token = r.reservationToken !== undefined ? { reservationToken: r.reservationToken } : {};
  return { ...base, lifetimeS: r.lifetimeS, ...token, replayed: r.replayed };
}

function checkAllocateAttributes(req: AllocateRequest, policy: TurnServerPolicy): TurnFailure | undefined {
  const t = req.requestedTransport;
  if (t === undefined || t === 'malformed') {
    return turnFailure(TURN_ERROR.BAD_REQUEST, `REQUESTED-TRANSPORT is ${t === undefined ? 'missing' : 'malformed'}`);
  }
  if (t !== REQUESTED_TRANSPORT_UDP) {
    return turnFailure(TURN_ERROR.UNSUPPORTED_TRANSPORT_PROTOCOL, `REQUESTED-TRANSPORT ${t} is not UDP (17)`);
  }
  if (req.dontFragment && !policy.dontFragment) {
    return turnFailure(TURN_ERROR.UNKNOWN_ATTRIBUTE, 'DONT-FRAGMENT is not supported', ['DONT-FRAGMENT']);
  }
  const raf = req.requestedAddressFamily;
  const aaf = req.additionalAddressFamily;
  if (req.reservationToken !== undefined && (req.evenPort || raf !== undefined || aaf !== undefined)) {
    return turnFailure(TURN_ERROR.BAD_REQUEST, 'RESERVATION-TOKEN with EVEN-PORT or an address family attribute');
  }
  if (raf !== undefined && aaf !== undefined) {
    return turnFailure(TURN_ERROR.BAD_REQUEST, 'both REQUESTED-ADDRESS-FAMILY and ADDITIONAL-ADDRESS-FAMILY');
  }
  if (req.evenPort?.reserve && aaf !== undefined) {
    return turnFailure(TURN_ERROR.BAD_REQUEST, 'EVEN-PORT with R=1 and ADDITIONAL-ADDRESS-FAMILY');
  }
  if (aaf === 4) return turnFailure(TURN_ERROR.BAD_REQUEST, 'ADDITIONAL-ADDRESS-FAMILY must be IPv6');
  return undefined;
}

/** Decoded Refresh request fields. */
export interface RefreshRequest {
  readonly fiveTuple: TurnFiveTuple;
  readonly username?: string;
  readonly lifetimeS?: number;
  readonly requestedAddressFamily?: AddressFamily;
}

/** Fields of a Refresh success response (§8.2). */
export interface RefreshResponse {
  readonly ok: true;
  /** LIFETIME, seconds; 0 when deleted. */
  readonly lifetimeS: number;
  /** The deleted allocation and what went with it, when LIFETIME was 0. */
  readonly deleted?: AllocationExpiry;
}

/**
 * Refresh (RFC 8656 §8.2): 437 / 441 (§5), 443 when REQUESTED-ADDRESS-FAMILY names a family the allocation has no
 * relayed address of. A dual allocation is one allocation with one lifetime: a Refresh naming either of its
 * families refreshes (or, with LIFETIME 0, deletes) both relayed addresses.
 */
export function handleRefresh(table: AllocationTable, req: RefreshRequest, now: number): RefreshResponse | TurnFailure {
  const a = table.owned(req.fiveTuple, req.username, now);
  if (isTurnFailure(a)) return a;
  const raf = req.requestedAddressFamily;
  if (raf !== undefined && a.relayedFor(raf) === undefined) {
    return turnFailure(TURN_ERROR.PEER_ADDRESS_FAMILY_MISMATCH, `REQUESTED-ADDRESS-FAMILY IPv${raf}: ${familiesText(a)}`);
  }
  const r = table.refresh(req, now);
  if (!r.ok) return r;
  return r.deleted ? { ok: true, lifetimeS: 0, deleted: r.deleted } : { ok: true, lifetimeS: r.lifetimeS };
}

/** Decoded CreatePermission request fields. */
export interface CreatePermissionRequest {
  readonly fiveTuple: TurnFiveTuple;
  readonly username?: string;
  /** Every XOR-PEER-ADDRESS (ports ignored). */
  readonly peers: readonly TransportAddress[];
}

/**
 * CreatePermission (RFC 8656 §10.2): 437 / 441 (§5); 400 without XOR-PEER-ADDRESS; 443 for a peer of another
 * family than the relayed address; 403 when policy refuses a peer. All peers or none are installed.
 */
export function handleCreatePermission(
  table: AllocationTable,
  req: CreatePermissionRequest,
  now: number,
  policy: TurnServerPolicy = {},
): { readonly ok: true } | TurnFailure {
  const a = table.owned(req.fiveTuple, req.username, now);
  if (isTurnFailure(a)) return a;
  if (req.peers.length === 0) return turnFailure(TURN_ERROR.BAD_REQUEST, 'no XOR-PEER-ADDRESS');
  for (const peer of req.peers) {
    const bad = checkPeer(a, peer, policy, false);
    if (bad) return bad;
  }
  const r = table.createPermission({ ...req, peerIps: req.peers.map((p) => p.address) }, now);
  return r.ok ? { ok: true } : r;
}

/** Decoded ChannelBind request fields. */
export interface ChannelBindRequest {
  readonly fiveTuple: TurnFiveTuple;
  readonly username?: string;
  /** CHANNEL-NUMBER, if present. */
  readonly channel?: number;
  /** XOR-PEER-ADDRESS, if present. */
  readonly peer?: TransportAddress;
}

/**
 * ChannelBind (RFC 8656 §12.2): 437 / 441 (§5); 400 without CHANNEL-NUMBER or XOR-PEER-ADDRESS or for a number
 * outside 0x4000-0x4FFF (0x4000-0x7FFF with table.legacyChannelNumbers); 443 / 403 for the peer as in
 * CreatePermission; then 400 for a number or peer bound (or held) elsewhere and 508 over the channel limit, in the
 * table.
 */
export function handleChannelBind(
  table: AllocationTable,
  req: ChannelBindRequest,
  now: number,
  policy: TurnServerPolicy = {},
): { readonly ok: true } | TurnFailure {
  const a = table.owned(req.fiveTuple, req.username, now);
  if (isTurnFailure(a)) return a;
  const { channel, peer } = req;
  if (channel === undefined || peer === undefined) {
    return turnFailure(TURN_ERROR.BAD_REQUEST, `ChannelBind without ${channel === undefined ? 'CHANNEL-NUMBER' : 'XOR-PEER-ADDRESS'}`);
  }
  if (!isBindableChannelNumber(channel, table.legacyChannelNumbers)) {
    const max = table.legacyChannelNumbers ? '0x7FFF' : '0x4FFF';
    return turnFailure(TURN_ERROR.BAD_REQUEST, `channel number ${formatChannelNumber(channel)} is outside 0x4000-${max}`);
  }
  const bad = checkPeer(a, peer, policy);
  if (bad) return bad;
  const r = table.channelBind({ fiveTuple: req.fiveTuple, username: req.username, channel, peer }, now);
  return r.ok ? { ok: true } : r;
}

/**
 * 443 for a peer of another family than the relayed address (§10.2, §12.2), 403 when policy refuses it (§9.1).
 * `portMatters` is false for CreatePermission, whose ports are ignored (§9).
 */
export function checkPeer(a: Allocation, peer: TransportAddress, policy: TurnServerPolicy, portMatters = true): TurnFailure | undefined {
  const family = addressFamily(peer.address);
  if (a.relayedFor(family) === undefined) {
    return turnFailure(TURN_ERROR.PEER_ADDRESS_FAMILY_MISMATCH, `peer ${transportAddressKey(peer)} is IPv${family}: ${familiesText(a)}`);
  }
  if (policy.allowPeer && !policy.allowPeer(peer)) {
    return turnFailure(TURN_ERROR.FORBIDDEN, `peer ${transportAddressKey(peer)} is not allowed by policy`);
  }
  const verdict = policy.peers?.verdict(peer.address, portMatters ? peer.port : undefined);
  if (verdict && !verdict.allowed) {
    return turnFailure(TURN_ERROR.FORBIDDEN, `peer ${transportAddressKey(peer)} is refused (${verdict.rule})`);
  }
  return undefined;
}

/** 'the allocation relays on IPv4 only' / '... on IPv4 and IPv6', for 443 reasons. */
function familiesText(a: Allocation): string {
  const fams = a.relayedAddresses.map((r) => `IPv${addressFamily(r.address)}`);
  return `the allocation relays on ${fams.join(' and ')}${fams.length === 1 ? ' only' : ''}`;
}

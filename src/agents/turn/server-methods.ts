/**
 * The server's TURN methods on decoded STUN messages (RFC 8656 §7.2 Allocate, §8.2 Refresh, §10.2
 * CreatePermission, §12.2 ChannelBind): read the attributes into the TURN core's request objects, run the core's
 * checks, and build the success response. Errors come back as the core's TurnFailure.
 */
import { StunMessage, StunMethod, transactionIdHex, type DecodedStunMessage } from '../../protocols/stun';
import {
  formatChannelNumber,
  handleChannelBind,
  handleCreatePermission,
  handleRefresh,
  type AllocateRequest,
  type AllocateResponse,
  type AllocationExpiry,
  type AllocationTable,
  type TurnFailure,
  type TurnFiveTuple,
  type TurnServerPolicy,
} from '../../protocols/turn';
import { addressText, fromStunAddress, toStunAddress } from './addresses';
import type { TurnServerEventName } from './server-events';
import { addLegacyAddressError, legacyAdditionalFamily } from './legacy-family-attributes';
import { hex, unhex } from './server-messages';

/**
 * Allocate's attributes as the core's AllocateRequest (RFC 8656 §7.2). With `legacyFamilies`, coturn's 0x8032 counts
 * as ADDITIONAL-ADDRESS-FAMILY when 0x8000 is absent (legacy-family-attributes.ts).
 */
export function allocateRequestOf(m: DecodedStunMessage, fiveTuple: TurnFiveTuple, username: string, legacyFamilies = false): AllocateRequest {
  const token = m.get('RESERVATION-TOKEN');
  return {
    fiveTuple,
    username,
    transactionId: transactionIdHex(m.transactionId),
    requestedTransport: m.get('REQUESTED-TRANSPORT'),
    lifetimeS: m.get('LIFETIME'),
    dontFragment: m.has('DONT-FRAGMENT'),
    evenPort: m.get('EVEN-PORT'),
    reservationToken: token ? hex(token) : undefined,
    requestedAddressFamily: m.get('REQUESTED-ADDRESS-FAMILY'),
    additionalAddressFamily: m.get('ADDITIONAL-ADDRESS-FAMILY') ?? (legacyFamilies ? legacyAdditionalFamily(m) : undefined),
  };
}

/**
 * Allocate success response (RFC 8656 §7.2 step 10): XOR-RELAYED-ADDRESS (two for a dual allocation, IPv4 first,
 * §7.1), LIFETIME, XOR-MAPPED-ADDRESS, RESERVATION-TOKEN when one was made, ADDRESS-ERROR-CODE when the family of a
 * dual request could not be allocated (§18.12).
 */
export function allocateSuccess(req: DecodedStunMessage, r: AllocateResponse): StunMessage {
  const msg = StunMessage.successResponse(req);
  for (const relayed of r.relayedAddresses) msg.add('XOR-RELAYED-ADDRESS', toStunAddress(relayed));
  msg
    .add('LIFETIME', r.lifetimeS)
    .add('XOR-MAPPED-ADDRESS', toStunAddress(r.mapped));
  if (r.reservationToken !== undefined) msg.add('RESERVATION-TOKEN', unhex(r.reservationToken));
  if (r.addressError !== undefined) {
    const reason = 'Address Family not Supported';
    // Answer in the client's dialect: 0x8033 to a client that asked with coturn's 0x8032.
    if (!req.has('ADDITIONAL-ADDRESS-FAMILY') && legacyAdditionalFamily(req) !== undefined) addLegacyAddressError(msg, r.addressError.family, 440, reason);
    else msg.add('ADDRESS-ERROR-CODE', { family: r.addressError.family, code: 440, reason });
  }
  return msg;
}

/** A successful Refresh, CreatePermission or ChannelBind: the response and what to trace. */
export interface MethodSuccess {
  readonly ok: true;
  readonly response: StunMessage;
  /** Trace event name, e.g. 'refreshed'. */
  readonly event: TurnServerEventName;
  readonly data: Record<string, unknown>;
  /** Set when Refresh LIFETIME=0 deleted the allocation (§8.2). */
  readonly deleted?: AllocationExpiry;
}

/** Runs Refresh, CreatePermission or ChannelBind (the methods that act on an existing allocation, RFC 8656 §5). */
export function runAllocationMethod(
  table: AllocationTable,
  m: DecodedStunMessage,
  fiveTuple: TurnFiveTuple,
  username: string,
  now: number,
  policy: TurnServerPolicy,
): MethodSuccess | TurnFailure {
  const base = { fiveTuple, username };
  const client = addressText(fiveTuple.client);
  switch (m.method) {
    case StunMethod.Refresh: {
      const r = handleRefresh(table, { ...base, lifetimeS: m.get('LIFETIME'), requestedAddressFamily: m.get('REQUESTED-ADDRESS-FAMILY') }, now);
      if (!r.ok) return r;
      const response = StunMessage.successResponse(m).add('LIFETIME', r.lifetimeS);
      const event = r.deleted ? 'allocation-deleted' : 'refreshed';
      return { ok: true, response, event, data: { client, username, lifetimeS: r.lifetimeS }, deleted: r.deleted };
    }
    case StunMethod.CreatePermission: {
      const peers = m.getAll('XOR-PEER-ADDRESS').map(fromStunAddress);
      const r = handleCreatePermission(table, { ...base, peers }, now, policy);
      if (!r.ok) return r;
      const data = { client, peers: peers.map((p) => p.address) };
      return { ok: true, response: StunMessage.successResponse(m), event: 'permission-installed', data };
    }
    default: {
      const xpa = m.get('XOR-PEER-ADDRESS');
      const channel = m.get('CHANNEL-NUMBER');
      const r = handleChannelBind(table, { ...base, channel, peer: xpa && fromStunAddress(xpa) }, now, policy);
      if (!r.ok) return r;
      const data = { client, channel: formatChannelNumber(channel as number), peer: addressText(fromStunAddress(xpa!)) };
      return { ok: true, response: StunMessage.successResponse(m), event: 'channel-bound', data };
    }
  }
}

/** True for the request methods that act on an existing allocation (Refresh, CreatePermission, ChannelBind). */
export function isAllocationMethod(method: number): boolean {
  return method === StunMethod.Refresh || method === StunMethod.CreatePermission || method === StunMethod.ChannelBind;
}

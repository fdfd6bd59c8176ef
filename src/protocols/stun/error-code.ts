/**
 * ERROR-CODE (RFC 8489 §14.8) and ADDRESS-ERROR-CODE (RFC 8656 §18.12) values, the registered error codes and
 * their default reason phrases (IANA "STUN Error Codes").
 */
import { StunAddressFamily, WIRE_FAMILY, familyFromWire } from './address-codec';
import { badValue, invalid, okValue, ValueCodec, ValueResult } from './codec-types';
import { MAX_TEXT_BYTES, MAX_TEXT_CHARS } from './constants';
import { textCodec } from './value-codecs';

/** Registered STUN/TURN/ICE error codes. */
export const StunErrorCode = {
  /** RFC 8489 §14.8: use ALTERNATE-SERVER. */
  TryAlternate: 300,
  /** RFC 8489 §14.8: malformed request. */
  BadRequest: 400,
  /** RFC 8489 §14.8: missing or wrong credentials (RFC 5389 called it Unauthorized). */
  Unauthenticated: 401,
  /** RFC 8656 §7.2: policy forbids the request. */
  Forbidden: 403,
  /** RFC 8016: mobility forbidden. */
  MobilityForbidden: 405,
  /** RFC 8489 §14.8: unknown comprehension-required attribute; response carries UNKNOWN-ATTRIBUTES. */
  UnknownAttribute: 420,
  /** RFC 8656 §7.2: allocation mismatch. */
  AllocationMismatch: 437,
  /** RFC 8489 §14.8: the NONCE is no longer valid. */
  StaleNonce: 438,
  /** RFC 8656 §7.2: address family not supported. */
  AddressFamilyNotSupported: 440,
  /** RFC 8656 §7.2: credentials differ from the allocation's. */
  WrongCredentials: 441,
  /** RFC 8656 §7.2: REQUESTED-TRANSPORT not supported. */
  UnsupportedTransportProtocol: 442,
  /** RFC 8656 §9: peer address family differs from the relayed address family. */
  PeerAddressFamilyMismatch: 443,
  /** RFC 6062 §6.3: connection already exists. */
  ConnectionAlreadyExists: 446,
  /** RFC 6062 §6.3: connection timeout or failure. */
  ConnectionTimeoutOrFailure: 447,
  /** RFC 8656 §7.2: allocation quota reached. */
  AllocationQuotaReached: 486,
  /** RFC 8445 §7.3.1.1: ICE role conflict. */
  RoleConflict: 487,
  /** RFC 8489 §14.8: temporary server error. */
  ServerError: 500,
  /** RFC 8656 §7.2: insufficient capacity. */
  InsufficientCapacity: 508,
} as const;

/** Code -> default reason phrase. Key: the numeric error code. */
const REASONS: ReadonlyMap<number, string> = new Map([
  [300, 'Try Alternate'],
  [400, 'Bad Request'],
  [401, 'Unauthenticated'],
  [403, 'Forbidden'],
  [405, 'Mobility Forbidden'],
  [420, 'Unknown Attribute'],
  [437, 'Allocation Mismatch'],
  [438, 'Stale Nonce'],
  [440, 'Address Family not Supported'],
  [441, 'Wrong Credentials'],
  [442, 'Unsupported Transport Protocol'],
  [443, 'Peer Address Family Mismatch'],
  [446, 'Connection Already Exists'],
  [447, 'Connection Timeout or Failure'],
  [486, 'Allocation Quota Reached'],
  [487, 'Role Conflict'],
  [500, 'Server Error'],
  [508, 'Insufficient Capacity'],
]);

/** The registered reason phrase for a code, or a generic one by class ('Error 4xx') if unregistered. */
export function defaultReason(code: number): string {
  return REASONS.get(code) ?? `Error ${code}`;
}

/** An ERROR-CODE value: `{ code: 401, reason: 'Unauthenticated' }`. Code is 300..699. */
export interface ErrorCodeValue {
  /** 300..699 (class 3..6, number 0..99). */
  readonly code: number;
  /** UTF-8 reason phrase, fewer than 128 characters. */
  readonly reason: string;
}

/** An ADDRESS-ERROR-CODE value (RFC 8656 §18.12): an ERROR-CODE for one address family of a dual allocation. */
export interface AddressErrorCodeValue extends ErrorCodeValue {
  /** Which requested family failed. */
  readonly family: StunAddressFamily;
}

/** Builds an {@link ErrorCodeValue}, filling the default reason phrase. */
export function errorCode(code: number, reason: string = defaultReason(code)): ErrorCodeValue {
  return { code, reason };
}

const reasonCodec = textCodec(MAX_TEXT_BYTES, MAX_TEXT_CHARS);

/** Writes class/number into bytes 2..3 and the reason after byte 4. `first` goes in byte 0. */
function encodeCoded(first: number, value: ErrorCodeValue): Uint8Array {
  const { code } = value;
  if (!Number.isInteger(code) || code < 300 || code > 699) invalid(`code must be an integer 300..699, got ${code}`);
  const reason = reasonCodec.encode(value.reason, { transactionId: new Uint8Array(12) });
  const out = new Uint8Array(4 + reason.length);
  out[0] = first;
  out[2] = Math.floor(code / 100);
  out[3] = code % 100;
  out.set(reason, 4);
  return out;
}

/** Reads class/number and reason (RFC 8489 §14.8: class 3..6, number 0..99). */
function decodeCoded(bytes: Uint8Array): ValueResult<ErrorCodeValue> {
  if (bytes.length < 4) return badValue(`value too short (${bytes.length} bytes)`);
  const cls = bytes[2] & 0x07;
  const num = bytes[3];
  if (cls < 3 || cls > 6 || num > 99) return badValue(`invalid class ${cls} / number ${num}`);
  const reason = reasonCodec.decode(bytes.subarray(4), { transactionId: new Uint8Array(12) });
  if (!reason.ok) return reason;
  return okValue({ code: cls * 100 + num, reason: reason.value });
}

/** ERROR-CODE value codec: 21 zero bits, class (3 bits), number (8 bits), reason phrase (RFC 8489 §14.8). */
export const errorCodeCodec: ValueCodec<ErrorCodeValue> = {
  encode: (value) => encodeCoded(0, value),
  decode: decodeCoded,
};

/** ADDRESS-ERROR-CODE value codec: family (8 bits), 13 reserved bits, class, number, reason (RFC 8656 §18.12). */
export const addressErrorCodeCodec: ValueCodec<AddressErrorCodeValue> = {
  encode(value) {
    if (value.family !== 4 && value.family !== 6) invalid(`family must be 4 or 6, got ${String(value.family)}`);
    return encodeCoded(WIRE_FAMILY[value.family], value);
  },
  decode(bytes) {
    const coded = decodeCoded(bytes);
    if (!coded.ok) return coded;
    const family = familyFromWire(bytes[0]);
    if (family === undefined) return badValue(`unknown address family 0x${bytes[0].toString(16)}`, 'unsupported-address-family');
    return okValue({ family, ...coded.value });
  },
};

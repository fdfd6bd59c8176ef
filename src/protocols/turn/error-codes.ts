/**
 * TURN/STUN error codes the core decides on (RFC 8656 §7.2, §8.2, §10.2, §12.2, §5; RFC 8489 §14.8), their standard
 * reason phrases, and the plain failure object every decision function returns (the server agent maps it to an
 * ERROR-CODE attribute).
 */

/** Error codes by name (IANA STUN Error Codes registry; RFC 8656 §19). */
export const TURN_ERROR = {
  /** RFC 8489 §14.8: malformed request (missing REQUESTED-TRANSPORT, bad ChannelBind, ...). */
  BAD_REQUEST: 400,
  /** RFC 8489 §14.8 (RFC 5389 "Unauthorized"): missing or bad long-term credentials; carries REALM + NONCE. */
  UNAUTHENTICATED: 401,
  /** RFC 8656 §10.2, §12.2: the request is valid but local policy refuses it (e.g. a forbidden peer address). */
  FORBIDDEN: 403,
  /** RFC 8489 §14.8: an unknown comprehension-required attribute (e.g. DONT-FRAGMENT when unsupported, §7.2). */
  UNKNOWN_ATTRIBUTE: 420,
  /** RFC 8656 §7.2 / §5: Allocate on a 5-tuple in use, or another request without an allocation. */
  ALLOCATION_MISMATCH: 437,
  /** RFC 8489 §9.2.4: the NONCE is no longer valid; carries a new NONCE. */
  STALE_NONCE: 438,
  /** RFC 8656 §7.2: requested address family not supported. */
  ADDRESS_FAMILY_NOT_SUPPORTED: 440,
  /** RFC 8656 §5: a non-Allocate request authenticated with another username than the allocation's. */
  WRONG_CREDENTIALS: 441,
  /** RFC 8656 §7.2: REQUESTED-TRANSPORT names a protocol other than UDP (17). */
  UNSUPPORTED_TRANSPORT_PROTOCOL: 442,
  /** RFC 8656 §10.2, §12.2: XOR-PEER-ADDRESS family differs from the relayed address family. */
  PEER_ADDRESS_FAMILY_MISMATCH: 443,
  /** RFC 8656 §7.2: the username's allocation quota is used up. */
  ALLOCATION_QUOTA_REACHED: 486,
  /** RFC 8656 §7.2, §12.2: no relay port, bad reservation token, or some other capacity limit. */
  INSUFFICIENT_CAPACITY: 508,
} as const;

/** One of the TURN_ERROR codes. */
export type TurnErrorCode = (typeof TURN_ERROR)[keyof typeof TURN_ERROR];

/** Standard reason phrases (RFC 8489 §14.8, RFC 8656 §19). */
export const TURN_ERROR_PHRASES: Readonly<Record<TurnErrorCode, string>> = {
  400: 'Bad Request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  420: 'Unknown Attribute',
  437: 'Allocation Mismatch',
  438: 'Stale Nonce',
  440: 'Address Family not Supported',
  441: 'Wrong Credentials',
  442: 'Unsupported Transport Protocol',
  443: 'Peer Address Family Mismatch',
  486: 'Allocation Quota Reached',
  508: 'Insufficient Capacity',
};

/** A refused request: the code, its standard phrase, and a specific reason for traces and logs. */
export interface TurnFailure {
  readonly ok: false;
  readonly code: TurnErrorCode;
  /** Standard reason phrase of `code` (what a server usually puts on the wire). */
  readonly phrase: string;
  /** What exactly was wrong, e.g. `channel 0x4001 is bound to 192.0.2.7:4000`. */
  readonly reason: string;
  /** For 420: the attribute names to list in UNKNOWN-ATTRIBUTES (RFC 8489 §14.9). */
  readonly unknownAttributes?: readonly string[];
}

/** Builds a TurnFailure for `code` with a specific `reason` (defaults to the standard phrase). */
export function turnFailure(code: TurnErrorCode, reason?: string, unknownAttributes?: readonly string[]): TurnFailure {
  const phrase = TURN_ERROR_PHRASES[code];
  const base = { ok: false as const, code, phrase, reason: reason ?? phrase };
  return unknownAttributes ? { ...base, unknownAttributes } : base;
}

/** True when a decision function returned a TurnFailure (rather than an object or value without `ok: false`). */
export function isTurnFailure(x: unknown): x is TurnFailure {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}

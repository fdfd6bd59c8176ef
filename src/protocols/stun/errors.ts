/**
 * Errors thrown for misuse of the STUN codec API (building or encoding a message that cannot be represented on the
 * wire, or credentials that OpaqueString rejects). Decoding hostile bytes never throws: see decode.ts.
 */

/**
 * A value cannot be encoded as the named attribute (RFC 8489 §14), or the message as a whole is not encodable
 * (RFC 8489 §5: length must fit 16 bits). The message says which attribute and what would be valid.
 */
export class StunEncodeError extends Error {
  constructor(
    message: string,
    /** The attribute name (or 'header' / 'message') where the problem is. */
    readonly where: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'StunEncodeError';
  }
}

/**
 * A password, username or realm is rejected by the SASLprep/OpaqueString profile (RFC 8489 §9.2.2, RFC 4013), for
 * example because it contains a prohibited control character.
 */
export class StunCredentialError extends Error {
  constructor(
    message: string,
    /** Which input failed: 'password', 'username' or 'realm'. */
    readonly field: 'password' | 'username' | 'realm',
  ) {
    super(`${field}: ${message}`);
    this.name = 'StunCredentialError';
  }
}

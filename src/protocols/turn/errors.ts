/** Errors for misuse of the TURN core's API (bad configuration or arguments). Hostile bytes never throw. */

/** A bad TURN configuration value; `path` names the setting (e.g. `turn.relayPorts.min`). */
export class TurnConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'TurnConfigError';
  }
}

/** A channel number or ChannelData payload the caller asked to encode is invalid (RFC 8656 §12, §12.4). */
export class ChannelNumberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelNumberError';
  }
}

/**
 * A username, realm or password that OpaqueString/SASLprep rejects (prohibited or unassigned characters,
 * RFC 8489 §9.2.2, RFC 4013 §2.3), or a bad credential-store argument. `field` says which.
 */
export class CredentialError extends Error {
  constructor(readonly field: 'username' | 'realm' | 'password' | 'secret' | 'key', message: string) {
    super(`${field}: ${message}`);
    this.name = 'CredentialError';
  }
}

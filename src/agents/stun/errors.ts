/** Errors of the STUN agents: misuse of the client or server API, named and saying what would be valid. */

/** Misuse of the STUN transaction layer (a non-request passed to request(), a bad RTO, a reused transaction id). */
export class StunClientUsageError extends Error {
  constructor(
    /** Where: the option or argument, e.g. `request(options.rto)`. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'StunClientUsageError';
  }
}

/** A bad StunServer setting; `path` names the option, `valid` what would be accepted. */
export class StunServerConfigError extends Error {
  constructor(
    /** Option path, e.g. `stunServer.ports`. */
    readonly path: string,
    /** What is wrong. */
    readonly problem: string,
    /** What would be valid. */
    readonly valid: string,
  ) {
    super(`${path}: ${problem}; valid: ${valid}`);
    this.name = 'StunServerConfigError';
  }
}

/** A bad NAT discovery option (RFC 5780 client). */
export class DiscoveryConfigError extends Error {
  constructor(
    /** Option path, e.g. `discovery.lifetime.precision`. */
    readonly path: string,
    /** What is wrong. */
    readonly problem: string,
    /** What would be valid. */
    readonly valid: string,
  ) {
    super(`${path}: ${problem}; valid: ${valid}`);
    this.name = 'DiscoveryConfigError';
  }
}

/** A simulated discovery run that did not finish within its time budget (a bug or an absurd configuration). */
export class DiscoveryIncompleteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryIncompleteError';
  }
}

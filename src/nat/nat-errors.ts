/** Errors of the NAT layer: each names where the problem is (a config path) and what would be valid. */

/**
 * A bad NAT or firewall setting. `path` is the config path (for example `nats.home.mapping`), `valid` says what
 * would be accepted. DESIGN.md: a setting that is unknown or not implemented is rejected, never silently ignored.
 */
export class NatConfigError extends Error {
  constructor(
    /** Config path of the offending setting, e.g. `nats.home.portRange[1]`. */
    readonly path: string,
    /** What is wrong. */
    readonly problem: string,
    /** What would be valid, for people. */
    readonly valid: string,
  ) {
    super(`${path}: ${problem}; valid: ${valid}`);
    this.name = 'NatConfigError';
  }
}

/** Misuse of a NAT table or firewall API by the code driving it (time going backwards, an open NAT's table). */
export class NatUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NatUsageError';
  }
}

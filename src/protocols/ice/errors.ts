/** Errors raised by the pure ICE core (RFC 8445) for misuse of its API. Bad input from the wire never throws. */

/**
 * Thrown when the ICE core is used wrongly by its caller (the ICE agent): an out-of-range preference, a nomination
 * by the controlled agent, a second nomination for a component (RFC 8445 §8.1.1), an unknown stream.
 * `where` names the offending argument or operation, e.g. 'candidatePriority(localPref)'.
 */
export class IceUsageError extends Error {
  constructor(
    /** The function and argument (or operation) at fault. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'IceUsageError';
  }
}

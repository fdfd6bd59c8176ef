/** Errors of the simulated signaling channel. */

/** Misuse of the signaling channel: a bad option or an unknown endpoint; `where` names it. */
export class SignalingUsageError extends Error {
  constructor(
    /** The option or argument at fault, e.g. `signaling.delayMs`. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'SignalingUsageError';
  }
}

/** Errors of the ICE agent: bad options or misuse, naming the option and what would be valid. */

/** A bad IceAgentInit value or a call the agent cannot honour in its state. */
export class IceAgentUsageError extends Error {
  constructor(
    /** The option path or method, e.g. `ice.keepaliveIntervalMs` or `restart()`. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'IceAgentUsageError';
  }
}

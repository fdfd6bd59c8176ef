/** Errors of the hole-punch agent. */

/** A bad HolePunchInit option; `option` names it. */
export class HolePunchConfigError extends Error {
  constructor(
    /** The option at fault, e.g. `punchIntervalMs`. */
    readonly option: string,
    message: string,
  ) {
    super(`HolePunchInit.${option}: ${message}`);
    this.name = 'HolePunchConfigError';
  }
}

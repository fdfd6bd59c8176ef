/** Errors of the connectivity matrix. */

/** A bad matrix option (an unknown NAT kind, ...); `where` names the option. */
export class MatrixUsageError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'MatrixUsageError';
  }
}

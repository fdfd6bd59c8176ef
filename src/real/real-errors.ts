/** Errors of the real-network adapter: bad command-line style options and services that could not start. */

/** A bad option for a real-network service or client; `option` names it, the message says what would be valid. */
export class RealOptionError extends Error {
  constructor(readonly option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'RealOptionError';
  }
}

/** A server could not start (a port in use, an address the machine does not have). */
export class ServiceStartError extends Error {
  constructor(readonly service: string, override readonly cause: Error) {
    super(`${service} could not start: ${cause.message}`);
    this.name = 'ServiceStartError';
  }
}

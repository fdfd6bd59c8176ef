/** Errors raised by the embedding layer (third-party UDP code inside a simulated world). */

/**
 * Code inside an active scope tried to use the real network: a real dgram socket, a TCP connection or server, or a
 * DNS lookup of a name the scope does not know. Thrown so that a test can never leak traffic.
 */
export class RealNetworkEscapeError extends Error {
  /** Node-style code, so callers that switch on `err.code` see a failure rather than success. */
  readonly code = 'ERR_NATSIM_REAL_NETWORK';

  constructor(readonly what: string) {
    super(`${what}: real network access is blocked while a natsim embed scope is active ` +
      '(create sockets with dgram.createSocket inside run.onHost(host, ...), or list names in EmbeddedRunInit.names)');
    this.name = 'RealNetworkEscapeError';
  }
}

/** Misuse of the embedding API: two scopes at once, a socket created outside any host, a finished scope reused. */
export class EmbedScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbedScopeError';
  }
}

/** A dgram feature the simulated socket does not provide (IPv6, fd binding, cluster sharing). */
export class EmbedUnsupportedError extends Error {
  readonly code = 'ERR_NATSIM_UNSUPPORTED';

  constructor(what: string, valid: string) {
    super(`${what} is not supported on a simulated socket (${valid})`);
    this.name = 'EmbedUnsupportedError';
  }
}

/** The embedded run made no progress in virtual time for too many steps (a zero-delay timer loop, for example). */
export class EmbedRunawayError extends Error {
  constructor(readonly steps: number, readonly atMs: number) {
    super(`embedded run: ${steps} steps without reaching the stop point (virtual time ${atMs} ms); ` +
      'a zero-delay timer or setImmediate loop in the embedded code? Raise RunOptions.maxSteps if this is expected');
    this.name = 'EmbedRunawayError';
  }
}

/** EmbeddedRun.drive(): the awaited work did not settle in the virtual time allowed, or the world went idle first. */
export class EmbedTimeoutError extends Error {
  constructor(readonly timeoutMs: number, readonly stop: string, readonly atMs: number) {
    super(stop === 'idle'
      ? `embedded work did not settle and nothing is left to run (virtual time ${atMs} ms): is it waiting for real I/O?`
      : `embedded work did not settle within ${timeoutMs} ms of virtual time (now ${atMs} ms)`);
    this.name = 'EmbedTimeoutError';
  }
}

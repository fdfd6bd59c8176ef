/** Errors of the TURN client agent: failed TURN transactions (reported to callbacks) and API misuse (thrown). */

/** Why a TURN client operation failed. */
export type TurnClientFailure =
  /** The server answered with an error response (`code` says which, RFC 8656 §7.4, §8.3, §10.3, §12.3). */
  | 'error-response'
  /** No response after the RFC 8489 §6.2.1 retransmissions. */
  | 'timeout'
  /** The response could not be used (unknown comprehension-required attributes, send error, missing attribute). */
  | 'bad-response'
  /** The client was closed, or its allocation was lost, while the operation was in flight. */
  | 'closed';

/** A failed Allocate, Refresh, CreatePermission or ChannelBind; passed to the operation's callback. */
export class TurnClientError extends Error {
  constructor(
    /** The TURN method, e.g. 'Allocate'. */
    readonly method: string,
    readonly failure: TurnClientFailure,
    /** ERROR-CODE of the response, for 'error-response'. */
    readonly code: number | undefined,
    detail: string,
  ) {
    super(`${method} ${code !== undefined ? `failed with ${code}` : failure}: ${detail}`);
    this.name = 'TurnClientError';
  }
}

/** Misuse of the TurnClient API (bad option, or a call in the wrong state); `where` names the option or method. */
export class TurnClientUsageError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'TurnClientUsageError';
  }
}

/**
 * TURN requests from the client (RFC 8656 §7-§12 over RFC 8489 §6.2): builds each attempt afresh (new transaction
 * id), signs it with the long-term credentials once REALM and NONCE are known (RFC 8489 §9.2.3), and on 438 Stale
 * Nonce takes the new NONCE and retries (§9.2.5). Everything else is reported to the caller, who applies the
 * RFC 8656 error advice.
 */
import { methodName, StunMessage, type DecodedStunMessage } from '../../protocols/stun';
import type { ClientCredentials } from './client-credentials';
import { TurnClientError } from './client-errors';
import type { ClientTransport } from './client-transport';

/** Consecutive 438 answers accepted before giving up (a server that never accepts its own nonces). */
export const MAX_STALE_NONCE_RETRIES = 3;

/** Outcome of one request: the success response, or an error (with the error response when there was one). */
export type TurnRequestResult =
  | { readonly ok: true; readonly response: DecodedStunMessage }
  | { readonly ok: false; readonly error: TurnClientError; readonly response?: DecodedStunMessage };

/** Sends requests for the client. */
export class TurnRequester {
  constructor(
    private readonly transport: ClientTransport,
    private readonly credentials: ClientCredentials,
    private readonly software: string,
    private readonly trace: (event: string, data: Record<string, unknown>) => void,
  ) {}

  /**
   * Sends a request of `method` whose attributes `fill` adds; `done` gets the outcome (never synchronously).
   * @param staleRetries how many 438s have been retried so far
   */
  send(method: number, fill: (m: StunMessage) => void, done: (r: TurnRequestResult) => void, staleRetries = 0): void {
    const msg = StunMessage.request(method, this.transport.newTransactionId());
    fill(msg);
    if (this.software !== '') msg.add('SOFTWARE', this.software);
    const integrity = this.credentials.sign(msg);
    const name = methodName(method);
    const fail = (failure: TurnClientError['failure'], detail: string): void => done({ ok: false, error: new TurnClientError(name, failure, undefined, detail) });
    this.transport.request(
      msg,
      {
        onResponse: (response) => {
          if (response.class === 'success') return done({ ok: true, response });
          const ec = response.get('ERROR-CODE');
          const code = ec?.code ?? 0;
          this.trace('error-response', { method: name, code, reason: ec?.reason ?? '' });
          if (code === 438 && staleRetries < MAX_STALE_NONCE_RETRIES && this.credentials.learn(response)) {
            return this.send(method, fill, done, staleRetries + 1);
          }
          done({ ok: false, error: new TurnClientError(name, 'error-response', code, ec?.reason ?? 'no reason'), response });
        },
        onTimeout: () => fail('timeout', 'no response after the retransmissions (RFC 8489 §6.2.1)'),
        onError: (f) => fail(f.reason === 'closed' ? 'closed' : 'bad-response', `${f.reason}${f.detail ? `: ${f.detail}` : ''}`),
      },
      integrity,
    );
  }
}

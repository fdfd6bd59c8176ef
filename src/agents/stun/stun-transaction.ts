/**
 * One STUN client transaction over UDP (RFC 8489 §6.2.1): the encoded request, its retransmission timer, and its
 * end (answered, timed out, failed or cancelled). StunClient creates and drives them; owners hold the handle to
 * inspect it or cancel it.
 */
import type { StunClientEventName } from './stun-client-events';
import type { DecodedStunMessage, StunMessageBase } from '../../protocols/stun';
import type { TimerHandle, Timers } from '../../sim/timers';
import type { RemoteInfo } from '../../net/udp-socket.types';
import { failureOffset, StunTransactionTiming, waitAfterSend } from './stun-transaction-timing';
import type { TransportAddress } from './transport-address';
import { formatTransportAddress } from './transport-address';

/** Life of a transaction: queued (over the per-server cap), pending (sent, waiting), then one end state. */
export type StunTransactionState = 'queued' | 'pending' | 'answered' | 'timed-out' | 'failed' | 'cancelled';

/** Why a transaction ended without a usable response. */
export interface StunTransactionFailure {
  /**
   * 'timeout': Rc requests and Rm × RTO without a response (RFC 8489 §6.2.1). 'unknown-attributes': the response
   * had unknown comprehension-required attributes (§6.3.3). 'send-error': the socket refused to send.
   * 'closed': the client was closed while the transaction was outstanding.
   */
  readonly reason: 'timeout' | 'unknown-attributes' | 'send-error' | 'closed';
  /** A readable detail (socket error text, attribute types). */
  readonly detail?: string;
  /** For 'unknown-attributes': the unknown comprehension-required types. */
  readonly unknownAttributes?: readonly number[];
}

/** What the owner of a transaction hears. Called at most once in total, never after cancel(). */
export interface StunTransactionHandlers {
  /** A success or error response matched by transaction id (and verified, if a key was given). */
  onResponse(response: DecodedStunMessage, rinfo: RemoteInfo, tx: StunTransaction): void;
  /** No response: Rc requests were sent and Rm × RTO passed after the last one (RFC 8489 §6.2.1). */
  onTimeout?(tx: StunTransaction): void;
  /**
   * Any other failure (see StunTransactionFailure). When absent, these failures call onTimeout instead, so an
   * owner that only handles timeouts still hears about every end.
   */
  onError?(failure: StunTransactionFailure, tx: StunTransaction): void;
}

/** What a transaction needs from the client that drives it. Internal to the transaction layer. */
export interface TransactionDriver {
  readonly timers: Timers;
  /** Sends tx.bytes to tx.server once. */
  transmit(tx: StunTransaction): void;
  /** The transaction reached an end state: forget it and start queued ones. */
  settled(tx: StunTransaction): void;
  /** Records a trace event about this transaction. */
  trace(event: StunClientEventName, data: Record<string, unknown>): void;
}

/** A client transaction. Create it with StunClient.request(). */
export class StunTransaction {
  private stateValue: StunTransactionState = 'queued';
  private timer: TimerHandle | undefined;
  private readonly times: number[] = [];
  private answer: DecodedStunMessage | undefined;
  private quiet = false;

  /**
   * @param idHex lower-case hex of the transaction id (the key of the client's tables)
   * @param request the request as given (kept for the owner; bytes are what is sent)
   * @param bytes the encoded request; every retransmission sends these exact bytes (RFC 8489 §6.2.1)
   */
  constructor(
    private readonly driver: TransactionDriver,
    readonly idHex: string,
    readonly request: StunMessageBase,
    readonly bytes: Uint8Array,
    readonly server: TransportAddress,
    readonly timing: StunTransactionTiming,
    private readonly handlers: StunTransactionHandlers,
  ) {}

  /** The 96-bit transaction id. */
  get id(): Uint8Array {
    return this.request.transactionId;
  }

  /** Current state. */
  get state(): StunTransactionState {
    return this.stateValue;
  }

  /** True once answered, timed out, failed or cancelled. */
  get done(): boolean {
    return this.stateValue !== 'queued' && this.stateValue !== 'pending';
  }

  /** Requests sent so far (1 = no retransmission yet). */
  get attempts(): number {
    return this.times.length;
  }

  /** Timers.now() of every send, in order. */
  get sendTimes(): readonly number[] {
    return this.times;
  }

  /** The accepted response, once answered. */
  get response(): DecodedStunMessage | undefined {
    return this.answer;
  }

  /** Stops retransmitting and forgets the transaction; no handler is called. Harmless when already done. */
  cancel(): void {
    if (this.done) return;
    this.finish('cancelled');
    this.driver.trace('cancelled', { tx: this.idHex, attempts: this.attempts });
  }

  /**
   * Stops retransmitting but keeps waiting: a response is still accepted until the moment the transaction would
   * have timed out (first send + failureOffset), then it times out as usual. This is ICE's "cancel" of an
   * in-progress check (RFC 8445 §7.3.1.4, §8.1.2). Harmless when already done or quiet.
   */
  stopRetransmitting(): void {
    if (this.done || this.quiet || this.stateValue !== 'pending') return;
    this.quiet = true;
    this.driver.timers.clearTimeout(this.timer);
    const deadline = this.times[0] + failureOffset(this.timing);
    this.timer = this.driver.timers.setTimeout(() => {
      this.timer = undefined;
      this.fail({ reason: 'timeout' });
    }, Math.max(0, deadline - this.driver.timers.now()));
    this.driver.trace('retransmission-stopped', { tx: this.idHex, attempts: this.attempts });
  }

  /** True after stopRetransmitting(). */
  get retransmissionStopped(): boolean {
    return this.quiet;
  }

  /** Internal (StunClient): sends the first request and arms the retransmission timer. */
  start(): void {
    this.stateValue = 'pending';
    this.send();
  }

  /** Internal (StunClient): a verified response arrived. */
  resolve(response: DecodedStunMessage, rinfo: RemoteInfo): void {
    if (this.done) return;
    this.answer = response;
    this.finish('answered');
    this.handlers.onResponse(response, rinfo, this);
  }

  /** Internal (StunClient): the transaction failed for `failure.reason`. */
  fail(failure: StunTransactionFailure): void {
    if (this.done) return;
    this.finish(failure.reason === 'timeout' ? 'timed-out' : 'failed');
    this.driver.trace(failure.reason === 'timeout' ? 'timeout' : 'failed', {
      tx: this.idHex, to: formatTransportAddress(this.server), attempts: this.attempts, reason: failure.reason,
      ...(failure.detail ? { detail: failure.detail } : {}),
    });
    if (failure.reason === 'timeout' && this.handlers.onTimeout) this.handlers.onTimeout(this);
    else if (this.handlers.onError) this.handlers.onError(failure, this);
    else this.handlers.onTimeout?.(this);
  }

  private send(): void {
    this.times.push(this.driver.timers.now());
    const attempt = this.times.length;
    this.driver.trace(attempt === 1 ? 'request-sent' : 'retransmit', {
      tx: this.idHex, to: formatTransportAddress(this.server), attempt,
    });
    // Arm before transmitting: a synchronous send failure settles the transaction and clears the timer.
    this.timer = this.driver.timers.setTimeout(() => this.onTimer(), waitAfterSend(this.timing, attempt));
    this.driver.transmit(this);
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.done) return;
    if (this.attempts < this.timing.rc) this.send();
    else this.fail({ reason: 'timeout' });
  }

  private finish(state: StunTransactionState): void {
    this.stateValue = state;
    this.driver.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.driver.settled(this);
  }
}

/**
 * A thin, ICE-specific STUN client transaction layer for connectivity and consent checks. It exists beside the
 * general STUN client (src/agents/stun) because ICE needs three things that client does not give:
 * - a per-check RTO chosen by the ICE core at send time (RFC 8445 §14.3), not a per-client setting;
 * - "cancel without forgetting" (RFC 8445 §7.3.1.4, §8.1.2): a cancelled check stops retransmitting but its
 *   response is still accepted until the transaction would have timed out;
 * - sending through a TURN allocation as well as a plain socket (a relayed local candidate, §7.2.4), so the
 *   transport is a callback rather than a socket.
 * Retransmissions follow RFC 8489 §6.2.1: sends at 0, RTO, 3·RTO, 7·RTO, ... (Rc in all), failure Rm·RTO after
 * the last. Responses are matched by transaction id and must pass the owner's verification.
 */
import { transactionIdHex, type DecodedStunMessage } from '../../protocols/stun';
import type { TimerHandle, Timers } from '../../sim/timers';

/** How one transaction is sent and what its owner hears. */
export interface CheckTransactionInit<M> {
  /** 96-bit transaction id. */
  readonly txid: Uint8Array;
  /** Initial RTO in ms (RFC 8445 §14.3 for checks). */
  readonly rtoMs: number;
  /** Rc: requests in all (1 = no retransmission). */
  readonly rc: number;
  /** Rm: the final wait after the last request, in multiples of the RTO. */
  readonly rm: number;
  /** Sends the request once (the same bytes every time, RFC 8489 §6.2.1). */
  readonly transmit: () => void;
  /** True when a matched response is authentic; otherwise it is ignored as if never received (RFC 8489 §9.1.4). */
  readonly verify: (response: DecodedStunMessage) => boolean;
  /** An authentic response arrived; `meta` says where it came from and on which local address. */
  readonly onResponse: (response: DecodedStunMessage, meta: M) => void;
  /** No authentic response before the deadline (also called for a cancelled transaction). */
  readonly onTimeout: () => void;
}

/** A running check transaction. */
export class CheckTransaction<M> {
  /** Requests sent so far. */
  attempts = 0;
  /** True after cancel(): no more retransmissions, but a response is still accepted. */
  cancelled = false;
  /** @internal */
  timer: TimerHandle | undefined;
  /** @internal absolute ms at which the transaction fails */
  deadline = 0;

  constructor(
    /** Lower-case hex of the transaction id (the table key). */
    readonly idHex: string,
    /** @internal */
    readonly init: CheckTransactionInit<M>,
  ) {}
}

/** The check transactions of one agent, keyed by transaction id. */
export class CheckTransactions<M> {
  /** key: transaction id hex */
  private readonly pending = new Map<string, CheckTransaction<M>>();
  private sentRequests = 0;

  constructor(private readonly timers: Timers) {}

  /** Requests transmitted so far, retransmissions included. */
  get requestsSent(): number {
    return this.sentRequests;
  }

  /** Transactions waiting for a response. */
  get size(): number {
    return this.pending.size;
  }

  /** Starts a transaction: sends the first request now and arms the retransmission timer. */
  start(init: CheckTransactionInit<M>): CheckTransaction<M> {
    const tx = new CheckTransaction(transactionIdHex(init.txid), init);
    const { rtoMs: rto, rc, rm } = init;
    // RFC 8489 §6.2.1: last request at rto·(2^(rc-1) - 1), failure Rm·RTO later.
    tx.deadline = this.timers.now() + rto * (2 ** (rc - 1) - 1) + rm * rto;
    this.pending.set(tx.idHex, tx);
    this.send(tx);
    return tx;
  }

  /** Stops retransmitting `tx`; its response is still accepted until its deadline (RFC 8445 §7.3.1.4). */
  cancel(tx: CheckTransaction<M>): void {
    if (tx.cancelled || !this.pending.has(tx.idHex)) return;
    tx.cancelled = true;
    this.timers.clearTimeout(tx.timer);
    tx.timer = this.timers.setTimeout(() => this.expire(tx), Math.max(0, tx.deadline - this.timers.now()));
  }

  /** Forgets `tx` without telling its owner (the owner is going away, e.g. an old ICE generation). */
  drop(tx: CheckTransaction<M>): void {
    this.timers.clearTimeout(tx.timer);
    this.pending.delete(tx.idHex);
  }

  /**
   * Offers a received response. Returns true when it matched a pending transaction by id (whether or not it was
   * authentic); an authentic one settles the transaction and reaches its owner.
   */
  offer(response: DecodedStunMessage, meta: M): boolean {
    const tx = this.pending.get(transactionIdHex(response.transactionId));
    if (!tx) return false;
    if (!tx.init.verify(response)) return true;
    this.drop(tx);
    tx.init.onResponse(response, meta);
    return true;
  }

  /** Drops every pending transaction silently. */
  clear(): void {
    for (const tx of [...this.pending.values()]) this.drop(tx);
  }

  private send(tx: CheckTransaction<M>): void {
    tx.attempts++;
    this.sentRequests++;
    const { rtoMs: rto, rc, rm } = tx.init;
    const wait = tx.attempts < rc ? rto * 2 ** (tx.attempts - 1) : rm * rto;
    tx.timer = this.timers.setTimeout(() => (tx.attempts < rc ? this.send(tx) : this.expire(tx)), wait);
    tx.init.transmit();
  }

  private expire(tx: CheckTransaction<M>): void {
    if (!this.pending.has(tx.idHex)) return;
    this.pending.delete(tx.idHex);
    tx.init.onTimeout();
  }
}

/**
 * A bounded memory of recently ended transactions, so a response that arrives after its transaction ended is
 * recognised as late or duplicate (RFC 8489 §6.3: such responses are ignored) rather than unrelated.
 */
import type { StunTransactionState } from './stun-transaction';

/** Remembers the end state of the last `capacity` transactions. */
export class RecentTransactions {
  /** key: transaction id hex; value: how it ended. Insertion order = age. */
  private readonly ended = new Map<string, StunTransactionState>();

  constructor(private readonly capacity: number) {}

  /** Records how a transaction ended, forgetting the oldest beyond capacity. */
  add(idHex: string, state: StunTransactionState): void {
    this.ended.delete(idHex);
    this.ended.set(idHex, state);
    if (this.ended.size > this.capacity) this.ended.delete(this.ended.keys().next().value!);
  }

  /** How the transaction ended, if it is remembered. */
  get(idHex: string): StunTransactionState | undefined {
    return this.ended.get(idHex);
  }
}

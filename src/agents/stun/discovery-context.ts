/**
 * The state one discovery run shares between its tests: the host, the server's primary address, transaction
 * options, notes for the result, and the probe sockets it opened (so a cancelled run closes them all).
 */
import type { DiscoveryEventName } from './stun-client-events';
import type { HostEnv } from '../../net/host-env';
import { ProbeSocket } from './probe-socket';
import type { StunTransactionInit } from './stun-transaction-timing';
import type { TransportAddress } from './transport-address';

/** Shared state of a discovery run. */
export class DiscoveryContext {
  /** Readable remarks collected by the tests (why a value is null, ...). */
  readonly notes: string[] = [];
  private readonly open = new Set<ProbeSocket>();
  private closedTransactions = 0;
  private stopped = false;

  /**
   * @param server the server's primary address (A1:P1), where Test I goes
   */
  constructor(
    readonly env: HostEnv,
    readonly server: TransportAddress,
    readonly transaction: StunTransactionInit,
    readonly agent: string,
  ) {}

  /** True once the run was cancelled: pending callbacks must do nothing. */
  get cancelled(): boolean {
    return this.stopped;
  }

  /** Binding transactions started so far. */
  get transactions(): number {
    let n = this.closedTransactions;
    for (const p of this.open) n += p.transactions;
    return n;
  }

  /** Opens a probe socket on a fresh ephemeral port; `ready` runs once bound (never after cancel). */
  probe(ready: (p: ProbeSocket) => void): void {
    const p = ProbeSocket.open(this.env, this.transaction, this.agent, (bound) => {
      if (!this.stopped) ready(bound);
    }, this.server.address);
    this.open.add(p);
  }

  /** Closes a probe socket opened with probe(). */
  release(p: ProbeSocket): void {
    if (!this.open.delete(p)) return;
    this.closedTransactions += p.transactions;
    p.close();
  }

  /** Runs `fn` after `ms` on the host's timers, unless the run is cancelled by then. */
  after(ms: number, fn: () => void): void {
    this.env.timers.setTimeout(() => {
      if (!this.stopped) fn();
    }, ms);
  }

  /** Records a trace event of the discovery agent. */
  emit(event: DiscoveryEventName, data: Record<string, unknown>): void {
    this.env.emit(this.agent, event, data);
  }

  /** Stops the run: closes every probe socket. */
  cancel(): void {
    this.stopped = true;
    for (const p of [...this.open]) this.release(p);
  }
}

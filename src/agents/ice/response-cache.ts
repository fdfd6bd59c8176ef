/**
 * Responses to recent connectivity-check requests, so that a retransmitted request gets the same response again
 * without being processed a second time (RFC 8489 §6.3.1: "remember all transaction IDs received over UDP and their
 * corresponding responses in the last 40 seconds"). For ICE this matters: processing a request can cancel and re-queue
 * a check (RFC 8445 §7.3.1.4), so handling each of the peer's 7 retransmissions as a new request would restart our
 * triggered check up to 7 times, stretching its failure by as much as the peer's retransmission span (31.5 s).
 */
import type { TransportAddress } from '../../protocols/ice';
import { transactionIdHex } from '../../protocols/stun';

/** How long a response is remembered (RFC 8489 §6.3.1). */
export const RESPONSE_MEMORY_MS = 40_000;

/** Answered requests of one ICE generation, oldest first. */
export class ResponseCache {
  /** key: "txidHex|localIp:port|sourceIp:port" (the same transaction on the same 5-tuple) */
  private readonly entries = new Map<string, { readonly at: number; readonly bytes: Uint8Array }>();

  /** The response already sent to this request, if it is a retransmission seen in the last 40 s. */
  lookup(txid: Uint8Array, local: TransportAddress, source: TransportAddress, now: number): Uint8Array | undefined {
    this.forget(now);
    return this.entries.get(cacheKey(txid, local, source))?.bytes;
  }

  /** Remembers the response sent to a request. */
  remember(txid: Uint8Array, local: TransportAddress, source: TransportAddress, bytes: Uint8Array, now: number): void {
    this.forget(now);
    this.entries.set(cacheKey(txid, local, source), { at: now, bytes });
  }

  /** Drops entries older than RESPONSE_MEMORY_MS (insertion order is time order). */
  private forget(now: number): void {
    for (const [k, e] of this.entries) {
      if (now - e.at < RESPONSE_MEMORY_MS) return;
      this.entries.delete(k);
    }
  }
}

function cacheKey(txid: Uint8Array, local: TransportAddress, source: TransportAddress): string {
  return `${transactionIdHex(txid)}|${local.address}:${local.port}|${source.address}:${source.port}`;
}

/**
 * Per-source limits of a TURN server's listening socket: a request rate per source IP, so one flooding address is
 * stopped without hurting others, and an amplification budget: the bytes a source IP may receive in answers to
 * requests that did not authenticate (401/438 challenges, Binding responses, 400/420), so a spoofed source cannot
 * turn the server into an amplifier (RFC 8489 §16.1.2, RFC 8656 §21). Sources are kept in a bounded table; the
 * least recently seen is forgotten first, so memory stays bounded under a flood from many addresses. O(1) per call.
 */
import { TurnConfigError } from './errors';
import { TokenBucket } from './token-bucket';

/** Options of SourceLimits. Every limit is per source IP address. */
export interface SourceLimitsInit {
  /** Requests a second (burst: twice that). @default Infinity (no limit) */
  requestsPerSecond?: number;
  /** Bytes a second of answers to unauthenticated requests. @default Infinity (no limit) */
  unauthenticatedBytesPerSecond?: number;
  /** Bytes of answers to unauthenticated requests a new source may receive at once. @default 1500 */
  unauthenticatedBurstBytes?: number;
  /** Most source addresses remembered (least recently seen forgotten first). @default 10000 */
  maxSources?: number;
}

/** Buckets of one source IP. */
interface SourceState {
  readonly requests?: TokenBucket;
  readonly unauthenticated?: TokenBucket;
}

/** Rate limits and amplification budgets by source IP. */
export class SourceLimits {
  readonly requestsPerSecond: number;
  readonly unauthenticatedBytesPerSecond: number;
  readonly unauthenticatedBurstBytes: number;
  readonly maxSources: number;
  /** key: source IP -> its buckets, least recently seen first (Map order). */
  private readonly sources = new Map<string, SourceState>();

  constructor(init: SourceLimitsInit = {}, path = 'turn.sourceLimits') {
    this.requestsPerSecond = rate(init.requestsPerSecond, `${path}.requestsPerSecond`);
    this.unauthenticatedBytesPerSecond = rate(init.unauthenticatedBytesPerSecond, `${path}.unauthenticatedBytesPerSecond`);
    this.unauthenticatedBurstBytes = init.unauthenticatedBurstBytes ?? 1500;
    if (!(this.unauthenticatedBurstBytes >= 0)) {
      throw new TurnConfigError(`${path}.unauthenticatedBurstBytes`, `${this.unauthenticatedBurstBytes} must be >= 0`);
    }
    this.maxSources = init.maxSources ?? 10_000;
    if (!Number.isInteger(this.maxSources) || this.maxSources < 1) {
      throw new TurnConfigError(`${path}.maxSources`, `${this.maxSources} must be a whole number >= 1`);
    }
  }

  /** True when any limit is set. */
  get enabled(): boolean {
    return this.requestsPerSecond !== Infinity || this.unauthenticatedBytesPerSecond !== Infinity;
  }

  /** Number of source addresses remembered. */
  get size(): number {
    return this.sources.size;
  }

  /** Counts one request from `ip` at `now`; false when the source is over its request rate (drop it). */
  admitRequest(ip: string, now: number): boolean {
    if (this.requestsPerSecond === Infinity) return true;
    return this.state(ip, now).requests!.take(1, now);
  }

  /** Charges an answer of `bytes` to an unauthenticated request from `ip`; false when over budget (do not send). */
  chargeUnauthenticated(ip: string, bytes: number, now: number): boolean {
    if (this.unauthenticatedBytesPerSecond === Infinity) return true;
    return this.state(ip, now).unauthenticated!.take(bytes, now);
  }

  private state(ip: string, now: number): SourceState {
    let s = this.sources.get(ip);
    if (s) {
      this.sources.delete(ip); // re-insert: most recently seen last
    } else {
      if (this.sources.size >= this.maxSources) this.sources.delete(this.sources.keys().next().value as string);
      s = {
        requests: this.requestsPerSecond === Infinity ? undefined : new TokenBucket(this.requestsPerSecond, 2 * this.requestsPerSecond, now),
        unauthenticated: this.unauthenticatedBytesPerSecond === Infinity
          ? undefined
          : new TokenBucket(this.unauthenticatedBytesPerSecond, this.unauthenticatedBurstBytes, now),
      };
    }
    this.sources.set(ip, s);
    return s;
  }
}

function rate(v: number | undefined, path: string): number {
  if (v === undefined) return Infinity;
  if (!(v > 0)) throw new TurnConfigError(path, `${v} must be > 0 (leave it out for no limit)`);
  return v;
}

/**
 * The ports of one external address: who owns each (one mapping per external port: no port overloading, RFC 4787
 * REQ-3), when each recently expired one expired (for 'nat-mapping-expired' and the RFC 6888 REQ-8 reuse hold),
 * and the sequential-assignment cursor.
 */
import type { MappingRecord } from './nat-mapping';

/** One external IPv4 address's port state. Maps grow only with ports actually used. */
export class PortPool {
  /** key: external port; value: the mapping that owns it. */
  readonly owners = new Map<number, MappingRecord>();
  /** key: external port; value: when (µs) the mapping that owned it expired. Cleared when the port is taken. */
  readonly expiredAt = new Map<number, number>();
  /** Where 'sequential' assignment looks first. */
  cursor: number;
  /** Owned ports inside [lo, hi], by parity (index = port & 1): a quick exhaustion test. */
  private readonly inRange = [0, 0];

  constructor(
    /** The external address (uint32). */
    readonly ip: number,
    private lo: number,
    private hi: number,
  ) {
    this.cursor = lo;
  }

  /** True when `port` has no owner and no reuse hold at `now` (holdUs = the reuse delay in µs). */
  isFree(port: number, now: number, holdUs: number): boolean {
    if (this.owners.has(port)) return false;
    if (holdUs <= 0) return true;
    const t = this.expiredAt.get(port);
    return t === undefined || t + holdUs <= now;
  }

  /** Owned ports of the given parity (0 even, 1 odd) in range, or of both when parity is -1. */
  owned(parity: number): number {
    return parity < 0 ? this.inRange[0] + this.inRange[1] : this.inRange[parity];
  }

  /** Gives `port` to `m`. */
  take(port: number, m: MappingRecord): void {
    this.owners.set(port, m);
    this.expiredAt.delete(port);
    if (port >= this.lo && port <= this.hi) this.inRange[port & 1]++;
  }

  /** Frees `port`; with `expiredAt` (µs) it remembers the expiry (tombstone and reuse hold). */
  release(port: number, expiredAt?: number): void {
    if (!this.owners.delete(port)) return;
    if (port >= this.lo && port <= this.hi) this.inRange[port & 1]--;
    if (expiredAt !== undefined) this.expiredAt.set(port, expiredAt);
  }

  /** Changes the range counted by owned() (after reconfigure). */
  setRange(lo: number, hi: number): void {
    this.lo = lo;
    this.hi = hi;
    this.inRange[0] = this.inRange[1] = 0;
    for (const port of this.owners.keys()) if (port >= lo && port <= hi) this.inRange[port & 1]++;
  }
}

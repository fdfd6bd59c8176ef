/**
 * The ports of one external address: who owns each (one mapping per external port: no port overloading, RFC 4787
 * REQ-3), when each recently expired one expired (for 'nat-mapping-expired' and the RFC 6888 REQ-8 reuse hold),
 * and the sequential-assignment cursor. A 65536-bit bitmap (8 KB) marks ports that cannot be given out (owned,
 * or held after expiry), so finding a free port scans 32 ports per step even in a nearly full pool.
 */
import type { MappingRecord } from './nat-mapping';

/** Bits of the ports of one parity within a 32-port word: even ports sit on even bits. */
const CLASS_MASK = [0xffffffff, 0x55555555, 0xaaaaaaaa]; // index = parity + 1 (-1 any, 0 even, 1 odd)

/** One external IPv4 address's port state. */
export class PortPool {
  /** key: external port; value: the mapping that owns it. */
  readonly owners = new Map<number, MappingRecord>();
  /** key: external port; value: when (µs) the mapping that owned it expired. Cleared when the port is taken. */
  readonly expiredAt = new Map<number, number>();
  /** Where 'sequential' assignment looks first. */
  cursor: number;
  /** Bit p set = port p is owned or held. */
  private readonly busy = new Uint32Array(2048);
  /** Busy ports inside [lo, hi], by parity (index = port & 1): an O(1) exhaustion test. */
  private readonly busyInRange = [0, 0];
  /** Held ports as a min-heap on release time (µs); parallel arrays. */
  private readonly holdTimes: number[] = [];
  private readonly holdPorts: number[] = [];

  constructor(
    /** The external address (uint32). */
    readonly ip: number,
    private lo: number,
    private hi: number,
    /** µs an expired port stays unusable (RFC 6888 REQ-8). */
    private holdUs: number,
  ) {
    this.cursor = lo;
  }

  /** Busy (owned or held) ports of the given parity (0 even, 1 odd) in range, or of both when parity is -1. */
  busyCount(parity: number): number {
    return parity < 0 ? this.busyInRange[0] + this.busyInRange[1] : this.busyInRange[parity];
  }

  /** True when `port` can be given out (call releaseHolds(now) first). */
  isFree(port: number): boolean {
    return (this.busy[port >>> 5] & (1 << (port & 31))) === 0;
  }

  /**
   * The lowest free port in [from, to] of the class (parity 0/1, or -1 for any), or -1. Call releaseHolds(now)
   * first.
   */
  findFree(from: number, to: number, parity: number): number {
    if (from > to) return -1;
    const mask = CLASS_MASK[parity + 1];
    const last = to >>> 5;
    for (let w = from >>> 5; w <= last; w++) {
      let free = ~this.busy[w] & mask;
      if (w === from >>> 5) free &= 0xffffffff << (from & 31);
      if (w === last) free &= 0xffffffff >>> (31 - (to & 31));
      if (free !== 0) return w * 32 + 31 - Math.clz32(free & -free);
    }
    return -1;
  }

  /** Frees every held port whose hold ended at or before `now`. */
  releaseHolds(now: number): void {
    while (this.holdTimes.length > 0 && this.holdTimes[0] <= now) {
      const port = this.popHold();
      if (!this.owners.has(port)) this.setBusy(port, false);
    }
  }

  /** Gives `port` to `m`. */
  take(port: number, m: MappingRecord): void {
    this.owners.set(port, m);
    this.expiredAt.delete(port);
    this.setBusy(port, true);
  }

  /** Frees `port`; with `expiredAt` (µs) it remembers the expiry (tombstone) and holds the port. */
  release(port: number, expiredAt?: number): void {
    if (!this.owners.delete(port)) return;
    if (expiredAt === undefined) {
      this.setBusy(port, false);
      return;
    }
    this.expiredAt.set(port, expiredAt);
    if (this.holdUs > 0) this.pushHold(expiredAt + this.holdUs, port);
    else this.setBusy(port, false);
  }

  /** Changes the range and the reuse hold (reconfigure); holds restart from each tombstone's expiry time. */
  setLimits(lo: number, hi: number, holdUs: number): void {
    this.lo = lo;
    this.hi = hi;
    this.holdUs = holdUs;
    this.busy.fill(0);
    this.busyInRange[0] = this.busyInRange[1] = 0;
    this.holdTimes.length = this.holdPorts.length = 0;
    for (const port of this.owners.keys()) this.setBusy(port, true);
    if (holdUs > 0) {
      for (const [port, t] of this.expiredAt) {
        this.setBusy(port, true);
        this.pushHold(t + holdUs, port);
      }
    }
  }

  private setBusy(port: number, on: boolean): void {
    const w = port >>> 5;
    const bit = 1 << (port & 31);
    if (((this.busy[w] & bit) !== 0) === on) return;
    this.busy[w] ^= bit;
    if (port >= this.lo && port <= this.hi) this.busyInRange[port & 1] += on ? 1 : -1;
  }

  private pushHold(at: number, port: number): void {
    const { holdTimes: t, holdPorts: p } = this;
    let i = t.length;
    t.push(at);
    p.push(port);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (t[parent] <= at) break;
      t[i] = t[parent];
      p[i] = p[parent];
      i = parent;
    }
    t[i] = at;
    p[i] = port;
  }

  private popHold(): number {
    const { holdTimes: t, holdPorts: p } = this;
    const top = p[0];
    const lastT = t.pop()!;
    const lastP = p.pop()!;
    const n = t.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && t[l + 1] < t[l] ? l + 1 : l;
      if (t[c] >= lastT) break;
      t[i] = t[c];
      p[i] = p[c];
      i = c;
    }
    t[i] = lastT;
    p[i] = lastP;
    return top;
  }
}

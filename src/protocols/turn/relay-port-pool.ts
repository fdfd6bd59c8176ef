/**
 * The pool of relayed transport ports (RFC 8656 §7.2): ports SHOULD come from 49152-65535 and never 0-1023; the
 * RFC recommends randomized assignment (RFC 6056). Randomness comes from a RandomSource, so the draw order is
 * deterministic for a seed; `sequential` hands out ports in order, wrapping around.
 */
import type { RandomSource } from '../../sim/rng';
import { TurnConfigError } from './errors';

/** Default relay port range (RFC 8656 §7.2: the dynamic ports 49152-65535). */
export const DEFAULT_RELAY_PORT_MIN = 49152;
export const DEFAULT_RELAY_PORT_MAX = 65535;

/** How the next free port is picked. */
export type RelayPortStrategy = 'sequential' | 'random';

/** Options for a RelayPortPool. */
export interface RelayPortPoolInit {
  /** Lowest relay port, inclusive. @default 49152 (RFC 8656 §7.2) */
  min?: number;
  /** Highest relay port, inclusive. @default 65535 */
  max?: number;
  /** @default 'random' when `random` is given, else 'sequential' */
  strategy?: RelayPortStrategy;
  /** Randomness for the 'random' strategy (e.g. the server's HostEnv.random). Required for 'random'. */
  random?: RandomSource;
}

/** Parity and pairing constraints for a port request (EVEN-PORT, RFC 8656 §7.2, §18.6). */
export interface PortRequest {
  /** The port must be even (EVEN-PORT present). */
  even?: boolean;
  /** Also take port+1 (EVEN-PORT with R=1: N even, N+1 reserved). Implies `even`. */
  pair?: boolean;
}

/**
 * Free-port bookkeeping: a dense array of free ports plus each port's index in it, for O(1) take and give. The
 * array starts as [min, min+1, ..., max] and is never built: only the slots and ports that differ from that
 * identity layout are stored, so a pool costs nothing until ports are taken (a server that relays for a few
 * clients keeps a few entries, not 16,384), and every draw sees exactly the array an eager pool would hold.
 */
export class RelayPortPool {
  readonly min: number;
  readonly max: number;
  readonly strategy: RelayPortStrategy;
  private readonly random: RandomSource | undefined;
  /** Length of the (virtual) free-port array. */
  private freeCount: number;
  /** key: slot -> the port there, where it is not min + slot. */
  private readonly slotPort = new Map<number, number>();
  /** key: port -> its slot, or -1 when in use, where it is not port - min. */
  private readonly portSlot = new Map<number, number>();
  /** Where the sequential strategy looks next. */
  private cursor: number;

  constructor(init: RelayPortPoolInit = {}, path = 'turn.relayPorts') {
    this.min = init.min ?? DEFAULT_RELAY_PORT_MIN;
    this.max = init.max ?? DEFAULT_RELAY_PORT_MAX;
    if (!Number.isInteger(this.min) || this.min < 1024 || this.min > 65535) {
      throw new TurnConfigError(`${path}.min`, `${this.min} must be a port 1024-65535 (RFC 8656 §7.2: never 0-1023)`);
    }
    if (!Number.isInteger(this.max) || this.max < this.min || this.max > 65535) {
      throw new TurnConfigError(`${path}.max`, `${this.max} must be a port from min (${this.min}) to 65535`);
    }
    this.strategy = init.strategy ?? (init.random ? 'random' : 'sequential');
    if (this.strategy === 'random' && !init.random) {
      throw new TurnConfigError(`${path}.random`, "strategy 'random' needs a RandomSource");
    }
    this.random = init.random;
    this.cursor = this.min;
    this.freeCount = this.max - this.min + 1;
  }

  /** Number of free ports. */
  get available(): number {
    return this.freeCount;
  }

  /** True when `port` is in range and currently handed out. */
  isInUse(port: number): boolean {
    return port >= this.min && port <= this.max && !this.isFree(port);
  }

  /**
   * Takes a free port meeting `req`; undefined when none is left (the server answers 508, RFC 8656 §7.2). With
   * `pair`, returns the even port N and also takes N+1 (release both separately).
   */
  acquire(req: PortRequest = {}): number | undefined {
    const fits = (p: number): boolean =>
      req.pair ? p % 2 === 0 && this.isFree(p + 1) : req.even ? p % 2 === 0 : true;
    const port = this.strategy === 'random' ? this.pickRandom(fits) : this.pickSequential(fits);
    if (port === undefined) return undefined;
    this.take(port);
    if (req.pair) this.take(port + 1);
    return port;
  }

  /** Takes a specific port if it is free (used for a reserved port). Returns whether it was free. */
  acquireSpecific(port: number): boolean {
    if (!this.isFree(port)) return false;
    this.take(port);
    return true;
  }

  /** Returns a port to the pool. Releasing a free or out-of-range port does nothing. */
  release(port: number): void {
    if (port < this.min || port > this.max || this.isFree(port)) return;
    this.give(port);
  }

  private pickRandom(fits: (p: number) => boolean): number | undefined {
    const n = this.freeCount;
    if (n === 0) return undefined;
    // A few uniform draws first; then a deterministic scan from a random start so a sparse fit is still found.
    const rnd = this.random as RandomSource;
    for (let tries = 0; tries < 8; tries++) {
      const p = this.portAt(rnd.int(0, n - 1));
      if (fits(p)) return p;
    }
    const start = rnd.int(0, n - 1);
    for (let i = 0; i < n; i++) {
      const p = this.portAt((start + i) % n);
      if (fits(p)) return p;
    }
    return undefined;
  }

  private pickSequential(fits: (p: number) => boolean): number | undefined {
    const span = this.max - this.min + 1;
    for (let i = 0; i < span; i++) {
      const p = this.min + ((this.cursor - this.min + i) % span);
      if (this.isFree(p) && fits(p)) {
        this.cursor = p + 1 > this.max ? this.min : p + 1;
        return p;
      }
    }
    return undefined;
  }

  /** The port in free-array slot `slot` (< freeCount). */
  private portAt(slot: number): number {
    return this.slotPort.get(slot) ?? this.min + slot;
  }

  /** The free-array slot of `port` (in range), or -1 when it is in use. */
  private slotOf(port: number): number {
    return this.portSlot.get(port) ?? port - this.min;
  }

  private isFree(port: number): boolean {
    return port >= this.min && port <= this.max && this.slotOf(port) >= 0;
  }

  private setSlot(slot: number, port: number): void {
    if (port === this.min + slot) {
      this.slotPort.delete(slot);
      this.portSlot.delete(port);
    } else {
      this.slotPort.set(slot, port);
      this.portSlot.set(port, slot);
    }
  }

  /** Swap-removes `port` from the free array: the last free port moves into its slot. */
  private take(port: number): void {
    if (!this.isFree(port)) return;
    const slot = this.slotOf(port);
    const lastSlot = --this.freeCount;
    const last = this.portAt(lastSlot);
    this.slotPort.delete(lastSlot);
    if (last !== port) this.setSlot(slot, last);
    else this.slotPort.delete(slot);
    this.portSlot.set(port, -1);
  }

  /** Appends `port` to the free array. */
  private give(port: number): void {
    this.setSlot(this.freeCount++, port);
  }
}

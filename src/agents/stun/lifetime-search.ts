/**
 * The binding-lifetime search (RFC 5780 §4.6) as a pure state machine. RFC 5780 leaves the search to the client;
 * natsim doubles the idle time from `startMs` until a binding dies (exponential growth), then bisects between
 * the longest idle that survived and the shortest that did not, until the gap is at most `precision` of the
 * survivor (or `resolutionMs`). The reported lifetime is the survivor, so it is within one final step (by default
 * 2%) below the true timeout. Each probe uses a fresh mapping, so probes never refresh each other.
 */
import { DiscoveryConfigError } from './errors';

/** Options of the search. Every field is optional. */
export interface LifetimeSearchInit {
  /** First idle time probed, ms. @default 1000 */
  startMs?: number;
  /** Longest idle time probed, ms; a binding that survives it is reported as longer (null). @default 7_200_000 (2 h) */
  maxMs?: number;
  /** Stop when (expired − alive) <= precision × alive. @default 0.02 */
  precision?: number;
  /** ... or when the gap is at most this many ms. @default 100 */
  resolutionMs?: number;
  /** After the lifetime, test inbound and outbound refresh (two more probes of about 1.2-1.6 lifetimes). @default true */
  refresh?: boolean;
}

/** LifetimeSearchInit with defaults applied. */
export type LifetimeSearchConfig = Required<LifetimeSearchInit>;

/** Validates the options and applies defaults; throws DiscoveryConfigError naming the bad one. */
export function resolveLifetimeSearch(init: LifetimeSearchInit = {}, path = 'discovery.lifetime'): LifetimeSearchConfig {
  const cfg = { startMs: 1000, maxMs: 7_200_000, precision: 0.02, resolutionMs: 100, refresh: true, ...init };
  const positive = (k: 'startMs' | 'maxMs' | 'resolutionMs'): void => {
    if (!(Number.isFinite(cfg[k]) && cfg[k] > 0)) throw new DiscoveryConfigError(`${path}.${k}`, `${String(cfg[k])} is not valid`, 'a number of milliseconds > 0');
  };
  positive('startMs');
  positive('maxMs');
  positive('resolutionMs');
  if (cfg.maxMs < cfg.startMs) throw new DiscoveryConfigError(`${path}.maxMs`, `${cfg.maxMs} is below startMs ${cfg.startMs}`, `a number >= ${cfg.startMs}`);
  if (!(cfg.precision > 0 && cfg.precision <= 0.05)) {
    throw new DiscoveryConfigError(`${path}.precision`, `${String(cfg.precision)} is not valid`, 'a fraction > 0 and <= 0.05 (a 5% step)');
  }
  if (typeof cfg.refresh !== 'boolean') throw new DiscoveryConfigError(`${path}.refresh`, 'is not a boolean', 'true or false');
  return cfg;
}

/** Where the search stands. */
export class LifetimeSearch {
  /** Longest idle (ms) the binding survived; 0 before any survivor (an instant is always survived). */
  private alive = 0;
  /** Shortest idle (ms) the binding did not survive, once seen. */
  private expired: number | undefined;
  private probes = 0;

  constructor(private readonly cfg: LifetimeSearchConfig) {}

  /** The next idle time to probe (whole ms), or undefined when the search is over. */
  next(): number | undefined {
    const { alive, expired, cfg } = this;
    if (expired === undefined) {
      if (this.probes > 0 && alive >= cfg.maxMs) return undefined;
      return alive === 0 ? cfg.startMs : Math.min(alive * 2, cfg.maxMs);
    }
    if (expired - alive <= Math.max(cfg.precision * alive, cfg.resolutionMs)) return undefined;
    return Math.round((alive + expired) / 2);
  }

  /** Records a probe's outcome. */
  record(idleMs: number, survived: boolean): void {
    this.probes++;
    if (survived) this.alive = Math.max(this.alive, idleMs);
    else this.expired = this.expired === undefined ? idleMs : Math.min(this.expired, idleMs);
  }

  /** The lifetime (the longest survived idle), or null when the binding outlived maxMs; plus the bounds. */
  get result(): { lifetimeMs: number | null; aliveMs: number; expiredMs: number | null; probes: number } {
    return { lifetimeMs: this.expired === undefined ? null : this.alive, aliveMs: this.alive, expiredMs: this.expired ?? null, probes: this.probes };
  }
}

/**
 * RESERVATION-TOKEN bookkeeping (RFC 8656 §7.2, §18.9): an Allocate with EVEN-PORT R=1 takes an even port N and
 * reserves N+1 under an 8-byte token for a later Allocate; the reservation is held at least 30 s. Tokens are
 * 16 lowercase hex characters (the 8 token bytes) so they can key a Map; the server agent converts to bytes.
 */
import type { RandomSource } from '../../sim/rng';
import { MS_PER_SECOND, RESERVATION_LIFETIME_S } from './lifetimes';

/** A reservation that lapsed without being claimed (its port goes back to the pool). */
export interface ExpiredReservation {
  readonly token: string;
  readonly port: number;
  /** Scheduled expiry time, ms. */
  readonly at: number;
}

/** Reserved relay ports by token. */
export class ReservationTable {
  /** key: token (16 hex chars) -> reserved port and expiry (ms). */
  private readonly byToken = new Map<string, { readonly port: number; readonly expiresAt: number }>();
  private counter = 0;

  /**
   * @param random token source; without one tokens come from a counter (still unique and deterministic)
   * @param lifetimeMs how long a reservation is held (RFC 8656 §7.2: at least 30 s)
   */
  constructor(
    private readonly random: RandomSource | undefined,
    private readonly lifetimeMs = RESERVATION_LIFETIME_S * MS_PER_SECOND,
  ) {}

  /** Reserves `port` until now + lifetime; returns the new token. */
  reserve(port: number, now: number): string {
    let token: string;
    do {
      token = this.random ? hex(this.random.bytes(8)) : (++this.counter).toString(16).padStart(16, '0');
    } while (this.byToken.has(token));
    this.byToken.set(token, { port, expiresAt: now + this.lifetimeMs });
    return token;
  }

  /** Takes the reservation for `token` if it exists and is live at `now`; returns its port (RFC 8656 §7.2). */
  claim(token: string, now: number): number | undefined {
    const r = this.byToken.get(token.toLowerCase());
    if (!r || now >= r.expiresAt) return undefined;
    this.byToken.delete(token.toLowerCase());
    return r.port;
  }

  /** Removes and returns reservations whose expiry is <= now, earliest first. */
  expire(now: number): ExpiredReservation[] {
    const out: ExpiredReservation[] = [];
    for (const [token, r] of this.byToken) if (r.expiresAt <= now) out.push({ token, port: r.port, at: r.expiresAt });
    for (const e of out) this.byToken.delete(e.token);
    return out.sort((a, b) => a.at - b.at);
  }

  /** Earliest reservation expiry (ms), if any. */
  nextExpiry(): number | undefined {
    let min: number | undefined;
    for (const r of this.byToken.values()) if (min === undefined || r.expiresAt < min) min = r.expiresAt;
    return min;
  }

  /** Number of reservations held. */
  get size(): number {
    return this.byToken.size;
  }
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

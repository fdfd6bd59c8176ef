/**
 * A token bucket on the caller's clock (ms): `rate` tokens a second up to `burst`. Used for the TURN server's
 * per-source request limit, its amplification budget for unauthenticated answers (RFC 8489 §16.1.2, RFC 8656 §21)
 * and the relayed bandwidth of an allocation.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  /** Starts full at `now`. */
  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes `n` tokens at `now` if there are that many; false (and nothing taken) otherwise. */
  take(n: number, now: number): boolean {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.rate) / 1000);
      this.updatedAt = now;
    }
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

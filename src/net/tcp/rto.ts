/**
 * The retransmission timeout estimator of RFC 6298: SRTT and RTTVAR from RTT samples (§2.2, §2.3), RTO =
 * SRTT + max(G, 4*RTTVAR) clamped to [MIN_RTO_MS, MAX_RTO_MS] (§2.4, §2.5), doubled on each timeout (§5.5).
 * Karn's algorithm (§3) is the caller's part: it never samples a retransmitted segment.
 */
import { CLOCK_GRANULARITY_MS, INITIAL_RTO_MS, MAX_RTO_MS, MIN_RTO_MS } from './tcp-config';

/** RFC 6298 §2.3: alpha = 1/8, beta = 1/4. */
const ALPHA = 1 / 8;
const BETA = 1 / 4;

/** SRTT/RTTVAR state and the current (possibly backed-off) RTO, in milliseconds. */
export class RtoEstimator {
  /** Smoothed RTT; undefined before the first sample. */
  srtt: number | undefined;
  rttvar = 0;
  /** The RTO without backoff. */
  private base = INITIAL_RTO_MS;
  /** Consecutive timeouts since the last new acknowledgement (each doubles the RTO). */
  private backoffs = 0;

  /** The timeout to arm now. */
  get rto(): number {
    return Math.min(MAX_RTO_MS, this.base * 2 ** this.backoffs);
  }

  /** RFC 6298 §2.2/§2.3: takes one RTT measurement. */
  sample(rtt: number): void {
    if (this.srtt === undefined) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
    } else {
      this.rttvar = (1 - BETA) * this.rttvar + BETA * Math.abs(this.srtt - rtt);
      this.srtt = (1 - ALPHA) * this.srtt + ALPHA * rtt;
    }
    this.base = Math.min(MAX_RTO_MS, Math.max(MIN_RTO_MS, this.srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttvar)));
  }

  /** RFC 6298 §5.5: the timer expired; the next RTO is twice as long. */
  backoff(): void {
    if (this.rto < MAX_RTO_MS) this.backoffs++;
  }

  /**
   * RFC 6298 §5.7: when the SYN (or SYN-ACK) had to be retransmitted and no RTT was measured, the RTO once data
   * starts is 3 s.
   */
  handshakeRetransmitted(): void {
    if (this.srtt === undefined) this.base = 3000;
  }

  /** A new acknowledgement arrived: the backoff ends (RFC 6298 §5.7 keeps the backed-off value only until then). */
  resetBackoff(): void {
    this.backoffs = 0;
  }
}

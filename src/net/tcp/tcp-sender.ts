/**
 * The sending half of a connection (RFC 9293 §3.10.7.4 step 5 and §3.8): the send sequence variables, the send
 * buffer, segmentation with Nagle (RFC 896, RFC 1122 §4.2.3.4) and sender-side silly window avoidance (RFC 9293
 * §3.8.6.2.1), the retransmission timer (RFC 6298 §5) with Karn's rule, Reno congestion control with NewReno's
 * partial-ACK rule (RFC 5681 §3, RFC 6582 §3.2), fast retransmit on three duplicate ACKs (RFC 5681 §3.2) with
 * limited transmit (RFC 3042), and the
 * persist timer with zero-window probes (RFC 9293 §3.8.6.1).
 */
import type { TimerHandle } from '../../sim/timers';
import { TCP_FLAG } from '../tcp-header';
import { RtoEstimator } from './rto';
import { SendBuffer } from './send-buffer';
import { seqAdd, seqDiff, seqGe, seqGt, seqLt } from './seq';
import { DUPACK_THRESHOLD, MAX_PERSIST_MS, MIN_SEND_MSS, initialWindow } from './tcp-config';
import type { TcpConnection } from './tcp-connection';
import { senderActive } from './tcp-state';

/** Send-side state of one connection. */
export class TcpSender {
  /** SND.UNA: oldest unacknowledged sequence number. */
  una: number;
  /** SND.NXT: next sequence number to send (moved back to SND.UNA by a timeout: go-back-N in slow start). */
  nxt: number;
  /** Highest sequence number sent so far (BSD's snd_max): ACKs up to it are acceptable. */
  max: number;
  /** SND.WND: the peer's advertised window. */
  wnd = 0;
  /** SND.WL1 / SND.WL2: segment seq and ack of the last window update. */
  wl1 = 0;
  wl2 = 0;
  /** Effective send MSS: min(peer's MSS option, ours). */
  mss: number;
  /** Unacknowledged and unsent data; its first byte has sequence number bufSeq. */
  readonly buf = new SendBuffer();
  bufSeq: number;
  /** The application called end(): a FIN follows the data, at sequence number bufSeq + buf.length. */
  finQueued = false;
  /** Our FIN has been acknowledged. */
  finAcked = false;
  /** Nagle's algorithm off (setNoDelay(true)). */
  noDelay = false;
  /** RFC 5681 congestion window and slow-start threshold, bytes. */
  cwnd: number;
  ssthresh = 65_535;
  private dupAcks = 0;
  /** In fast recovery until an ACK covers `recover` (RFC 6582). */
  private recover: number | undefined;
  readonly rto = new RtoEstimator();
  /** Karn (RFC 6298 §3): the ack that ends the timed segment, and when it was sent; undefined when none is timed. */
  private rttSeq: number | undefined;
  private rttAt = 0;
  /** Consecutive retransmission timeouts (or unanswered zero-window probes). */
  retries = 0;
  private rtxTimer: TimerHandle | undefined;
  private persistTimer: TimerHandle | undefined;
  /** Zero-window probes not answered by any ACK (reset by an ACK; the limit is DATA_RETRIES). */
  private probes = 0;
  /** Probes sent while the window stayed closed: the persist interval doubles with each (reset when it opens). */
  private persistBackoff = 0;
  /** Segments and bytes retransmitted (for tests and the docs). */
  retransmits = 0;

  constructor(private readonly conn: TcpConnection, iss: number, mss: number) {
    this.una = iss;
    this.nxt = seqAdd(iss, 1);
    this.max = this.nxt;
    this.bufSeq = seqAdd(iss, 1);
    this.mss = Math.max(MIN_SEND_MSS, mss);
    this.cwnd = initialWindow(this.mss);
  }

  /** Sequence number just after the last byte written (where the FIN goes). */
  get dataEnd(): number {
    return seqAdd(this.bufSeq, this.buf.length);
  }

  /** Bytes sent and not acknowledged. */
  get inFlight(): number {
    return seqDiff(this.nxt, this.una);
  }

  /** Bytes written and not yet acknowledged (what write()'s high-water mark counts). */
  get buffered(): number {
    return this.buf.length;
  }

  /** Sets the effective MSS once the peer's option is known; the initial window follows it. */
  setMss(mss: number): void {
    this.mss = Math.max(MIN_SEND_MSS, mss);
    this.cwnd = initialWindow(this.mss);
  }

  /** Sends what the windows, Nagle and the FIN rule allow now. */
  output(): void {
    const conn = this.conn;
    if (!senderActive(conn.state)) return;
    for (;;) {
      const unsent = Math.max(0, seqDiff(this.dataEnd, this.nxt));
      const inFlight = this.inFlight;
      // RFC 3042 limited transmit: the first two duplicate ACKs each let one new segment out beyond cwnd.
      const limited = this.recover === undefined ? Math.min(this.dupAcks, 2) * this.mss : 0;
      const usable = Math.min(this.wnd, this.cwnd + limited) - inFlight;
      let len = Math.min(unsent, this.mss, Math.max(0, usable));
      if (len > 0 && len < this.mss && inFlight > 0) {
        // RFC 9293 §3.8.6.2.1: no window-limited small segment while data is in flight (sender SWS avoidance);
        // RFC 1122 §4.2.3.4 (Nagle): nor the small tail of the data, unless noDelay or the FIN follows it.
        if (len < unsent || (!this.noDelay && !this.finQueued)) len = 0;
      }
      if (len > 0) {
        const fin = this.finQueued && len === unsent;
        this.sendData(this.nxt, len, fin);
        continue;
      }
      if (this.finQueued && unsent === 0 && this.nxt === this.dataEnd) {
        this.sendData(this.nxt, 0, true);
        continue;
      }
      break;
    }
    if (this.inFlight > 0) this.armRtx(false);
    else if (this.wnd === 0 && seqDiff(this.dataEnd, this.nxt) > 0) this.armPersist();
  }

  /** Sends `len` bytes (and FIN) at `seq` and advances SND.NXT. */
  private sendData(seq: number, len: number, fin: boolean): void {
    const data = len > 0 ? this.buf.read(seqDiff(seq, this.bufSeq), len) : undefined;
    const retransmit = seqLt(seq, this.max);
    if (retransmit) this.retransmits++;
    const end = seqAdd(seq, len + (fin ? 1 : 0));
    // Karn: time a segment only when it is sent for the first time.
    if (!retransmit && this.rttSeq === undefined) {
      this.rttSeq = end;
      this.rttAt = this.conn.now();
    }
    this.conn.transmit(seq, TCP_FLAG.ACK | (fin ? TCP_FLAG.FIN : 0) | (len > 0 && !fin && seqGe(end, this.dataEnd) ? TCP_FLAG.PSH : 0), data);
    this.nxt = end;
    if (seqGt(end, this.max)) this.max = end;
  }

  /**
   * Processes the ACK field of an acceptable segment in a synchronized state (RFC 9293 §3.10.7.4 step 5). Returns
   * false when the segment acknowledges something not yet sent (the caller answers with an ACK and drops it).
   */
  onAck(ack: number, seq: number, window: number, segLen: number): boolean {
    if (seqGt(ack, this.max)) return false;
    this.probes = 0;
    if (!seqGt(ack, this.una)) {
      // RFC 5681 §2 duplicate ACK: no data, same ack and window, data outstanding.
      const dup = ack === this.una && segLen === 0 && window === this.wnd && seqGt(this.max, this.una);
      this.updateWindow(ack, seq, window);
      if (dup) this.duplicateAck();
      else this.dupAcks = 0;
      this.output();
      return true;
    }
    const acked = seqDiff(ack, this.una);
    const dataAcked = Math.max(0, Math.min(seqDiff(ack, this.bufSeq), this.buf.length));
    this.buf.consume(dataAcked);
    this.bufSeq = seqAdd(this.bufSeq, dataAcked);
    if (this.finQueued && seqGt(ack, this.dataEnd)) this.finAcked = true;
    this.una = ack;
    if (seqLt(this.nxt, ack)) this.nxt = ack;
    if (this.rttSeq !== undefined && seqGe(ack, this.rttSeq)) {
      this.rto.sample(this.conn.now() - this.rttAt);
      this.rttSeq = undefined;
    }
    this.retries = 0;
    this.rto.resetBackoff();
    this.congestionOnNewAck(ack, acked);
    this.updateWindow(ack, seq, window);
    // RFC 6298 §5.2/5.3: stop the timer when everything is acknowledged, else restart it.
    this.stopRtx();
    if (dataAcked > 0) this.conn.dataAcked();
    this.output();
    return true;
  }

  /** RFC 9293 §3.10.7.4 step 5: SND.WND from the newest segment only (SND.WL1/WL2 order them). */
  private updateWindow(ack: number, seq: number, window: number): void {
    if (seqLt(this.wl1, seq) || (this.wl1 === seq && seqGe(ack, this.wl2))) {
      this.wnd = window;
      this.wl1 = seq;
      this.wl2 = ack;
      if (window > 0) {
        this.stopPersist();
        this.persistBackoff = 0;
      }
    }
  }

  /** Sets the window from the handshake segment that synchronized the connection. */
  initWindow(seq: number, ack: number, window: number): void {
    this.wnd = window;
    this.wl1 = seq;
    this.wl2 = ack;
  }

  /** RFC 5681 §3.1 slow start / congestion avoidance; RFC 6582 §3.2 partial ACKs in fast recovery. */
  private congestionOnNewAck(ack: number, acked: number): void {
    this.dupAcks = 0;
    const mss = this.mss;
    if (this.recover !== undefined) {
      if (seqGe(ack, this.recover)) {
        this.recover = undefined;
        this.cwnd = Math.min(this.ssthresh, Math.max(this.inFlight, 0) + mss);
      } else {
        // Partial ACK: the next hole is lost too; retransmit it at once and deflate the window.
        this.retransmitHead();
        this.cwnd = Math.max(mss, this.cwnd - acked + mss);
      }
      return;
    }
    if (this.cwnd < this.ssthresh) this.cwnd += Math.min(acked, mss);
    else this.cwnd += Math.max(1, Math.floor((mss * mss) / this.cwnd));
  }

  /** RFC 5681 §3.2 steps 2-4. */
  private duplicateAck(): void {
    this.dupAcks++;
    const mss = this.mss;
    if (this.dupAcks === DUPACK_THRESHOLD && this.recover === undefined) {
      this.ssthresh = Math.max(Math.floor(this.inFlightTotal() / 2), 2 * mss);
      this.recover = this.max;
      this.rttSeq = undefined;
      this.retransmitHead();
      this.cwnd = this.ssthresh + DUPACK_THRESHOLD * mss;
    } else if (this.dupAcks > DUPACK_THRESHOLD && this.recover !== undefined) {
      this.cwnd += mss;
    }
  }

  /** Retransmits the segment at SND.UNA (fast retransmit, partial ACK) without moving SND.NXT back. */
  private retransmitHead(): void {
    const saved = this.nxt;
    const left = Math.max(0, seqDiff(this.dataEnd, this.una));
    const len = Math.min(this.mss, left);
    const fin = this.finQueued && !this.finAcked && left <= this.mss;
    if (len === 0 && !fin) return;
    this.sendData(this.una, len, fin);
    if (seqGt(saved, this.nxt)) this.nxt = saved;
  }

  /** Bytes between SND.UNA and the highest sequence number sent. */
  private inFlightTotal(): number {
    return seqDiff(this.max, this.una);
  }

  /**
   * The MSS shrank (path MTU discovery): what was sent at the old size is gone, so send again from SND.UNA at
   * the new size at once, without treating it as congestion (as Linux's tcp_simple_retransmit).
   */
  pathMtuShrunk(): void {
    this.rttSeq = undefined;
    this.nxt = this.una;
    this.cwnd = Math.max(this.cwnd, initialWindow(this.mss));
    this.output();
  }

  /** Starts the retransmission timer unless it runs (`restart`: start afresh). */
  armRtx(restart: boolean): void {
    if (this.rtxTimer && !restart) return;
    this.stopRtx();
    this.rtxTimer = this.conn.timers.setTimeout(() => this.rtxExpired(), this.rto.rto);
  }

  /** Stops the retransmission timer. */
  stopRtx(): void {
    if (this.rtxTimer) this.conn.timers.clearTimeout(this.rtxTimer);
    this.rtxTimer = undefined;
  }

  /** RFC 6298 §5.4-5.6 and RFC 5681 §3.1 (loss window of one segment), with go-back-N from SND.UNA. */
  private rtxExpired(): void {
    this.rtxTimer = undefined;
    this.retries++;
    if (this.retries > this.conn.retryLimit()) return this.conn.timedOut();
    this.rto.backoff();
    this.rttSeq = undefined;
    if (!this.conn.synAcked()) {
      this.conn.retransmitHandshake();
      this.armRtx(true);
      return;
    }
    this.ssthresh = Math.max(Math.floor(this.inFlightTotal() / 2), 2 * this.mss);
    this.cwnd = this.mss;
    this.recover = undefined;
    this.dupAcks = 0;
    this.nxt = this.una;
    this.output();
    this.armRtx(false);
  }

  /** RFC 9293 §3.8.6.1: the persist timer, backing off exponentially while the window stays closed. */
  private armPersist(): void {
    if (this.persistTimer) return;
    const delay = Math.min(MAX_PERSIST_MS, this.rto.rto * 2 ** this.persistBackoff);
    this.persistTimer = this.conn.timers.setTimeout(() => this.persistExpired(), delay);
  }

  /** Stops the persist timer. */
  stopPersist(): void {
    if (this.persistTimer) this.conn.timers.clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
  }

  /**
   * A zero-window probe: a segment one below SND.UNA, which the receiver must answer with an ACK carrying its
   * current window (RFC 9293 §3.10.7.4 step 1 acknowledges an unacceptable segment); as Linux's tcp_xmit_probe_skb.
   */
  private persistExpired(): void {
    this.persistTimer = undefined;
    if (this.wnd > 0 || !senderActive(this.conn.state)) return this.output();
    if (++this.probes > this.conn.retryLimit()) return this.conn.timedOut();
    this.persistBackoff++;
    this.conn.transmit(seqAdd(this.una, -1), TCP_FLAG.ACK, undefined);
    this.armPersist();
  }

  /** Stops every timer (the connection closed). */
  stop(): void {
    this.stopRtx();
    this.stopPersist();
  }
}

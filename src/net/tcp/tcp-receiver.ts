/**
 * The receiving half of a connection: RCV.NXT, the advertised window with receiver-side silly window avoidance
 * (RFC 9293 §3.8.6.2.2), the out-of-order queue and delayed ACKs (RFC 9293 §3.8.6.3, RFC 5681 §4.2: at least
 * every second full-sized segment, at most DELAYED_ACK_MS late; out-of-order and gap-filling segments at once).
 */
import type { TimerHandle } from '../../sim/timers';
import { ReorderQueue } from './reorder-queue';
import { seqAdd, seqDiff } from './seq';
import { DELAYED_ACK_MS, RECEIVE_BUFFER } from './tcp-config';
import type { TcpConnection } from './tcp-connection';

/** Receive-side state of one connection. */
export class TcpReceiver {
  /** IRS: the peer's initial sequence number. */
  irs = 0;
  /** RCV.NXT: next sequence number expected. */
  nxt = 0;
  /** Right edge of the window last advertised (RCV.NXT + RCV.WND then); it never moves left (RFC 9293 §3.8.6). */
  private right = 0;
  /** Segments above RCV.NXT. */
  readonly queue = new ReorderQueue();
  /** Bytes delivered to the socket that the application has not read yet (they fill the receive buffer). */
  unread = 0;
  /** In-order bytes received since the last ACK was sent. */
  private unacked = 0;
  private delackTimer: TimerHandle | undefined;

  constructor(private readonly conn: TcpConnection) {}

  /** Starts the receive sequence space at the peer's SYN. */
  init(irs: number): void {
    this.irs = irs;
    this.nxt = seqAdd(irs, 1);
    this.right = seqAdd(this.nxt, RECEIVE_BUFFER);
  }

  /** RCV.WND as last advertised, from RCV.NXT (never negative). */
  get window(): number {
    return Math.max(0, seqDiff(this.right, this.nxt));
  }

  /**
   * The window to put in an outgoing segment. The right edge moves only by at least min(buffer/2, MSS) at a time,
   * or to the full buffer once the application has read everything (receiver SWS avoidance).
   */
  advertise(mss: number): number {
    const free = RECEIVE_BUFFER - this.unread;
    const candidate = seqAdd(this.nxt, free);
    const gain = seqDiff(candidate, this.right);
    if (gain > 0 && (gain >= Math.min(RECEIVE_BUFFER / 2, mss) || this.unread === 0)) this.right = candidate;
    return this.window;
  }

  /** True when the application's reading would move the right edge enough to be worth a window update. */
  windowUpdateDue(mss: number): boolean {
    const gain = seqDiff(seqAdd(this.nxt, RECEIVE_BUFFER - this.unread), this.right);
    return gain >= Math.min(RECEIVE_BUFFER / 2, mss) || (this.window === 0 && gain > 0);
  }

  /** Some in-order bytes arrived: acknowledge every second full segment at once, else within DELAYED_ACK_MS. */
  inOrder(bytes: number, mss: number): void {
    this.unacked += bytes;
    if (this.unacked >= 2 * mss) return this.conn.sendAck();
    this.delackTimer ??= this.conn.timers.setTimeout(() => {
      this.delackTimer = undefined;
      this.conn.sendAck();
    }, DELAYED_ACK_MS);
  }

  /** An ACK left (alone or on a segment): nothing is pending any more. */
  ackSent(): void {
    this.unacked = 0;
    if (this.delackTimer) this.conn.timers.clearTimeout(this.delackTimer);
    this.delackTimer = undefined;
  }

  /** Stops the delayed-ACK timer and drops held segments (the connection closed). */
  stop(): void {
    this.ackSent();
    this.queue.clear();
  }
}

/**
 * The TCP connections a NAT sees through one mapping (RFC 5382 §5, RFC 7857 §2.2), tracked from the segments'
 * flags only, as the session state machine of RFC 6146 §3.5.2.2 does:
 *
 *   SYN one way only            -> 'opening'     (partially open: transitory idle timeout)
 *   a SYN each way              -> 'established' (established idle timeout; REQ-2: either order, simultaneous open)
 *   a FIN one way               -> 'closing'     (still the established timeout: half-closed connections live on)
 *   a FIN each way              -> 'closed'      (transitory timeout)
 *   a RST either way            -> 'reset'       (transitory; a later non-RST segment makes it established again,
 *                                                 as RFC 6146's TRANS state does, since a RST may be spoofed)
 *
 * A SYN (without ACK) on a closed or reset connection starts a new one (a reused 4-tuple). A mapping lives as long
 * as its longest-living connection. Numeric keys only: a connection is keyed by the remote's endpointKey.
 */
import { TCP_FLAG } from '../net/tcp-header';

/** What the NAT believes about one connection, as snapshots and docs name it. */
export type TcpConnState = 'opening' | 'established' | 'closing' | 'closed' | 'reset';

const SYN_OUT = 1;
const SYN_IN = 2;
const FIN_OUT = 4;
const FIN_IN = 8;
const RST = 16;

/** One connection through a mapping. */
export class TcpConnection {
  /** SYN_OUT | SYN_IN | FIN_OUT | FIN_IN | RST bits. */
  bits = 0;
  /** Last segment either way (µs). */
  lastSeen = 0;
  /** lastSeen + the idle timeout of its state (µs). */
  expiresAt = 0;

  /** The connection's state (see the file comment). */
  get state(): TcpConnState {
    const b = this.bits;
    if (b & RST) return 'reset';
    if ((b & (SYN_OUT | SYN_IN)) !== (SYN_OUT | SYN_IN)) return 'opening';
    if ((b & (FIN_OUT | FIN_IN)) === (FIN_OUT | FIN_IN)) return 'closed';
    return b & (FIN_OUT | FIN_IN) ? 'closing' : 'established';
  }

  /** True when the established idle timeout applies. */
  get longLived(): boolean {
    const s = this.state;
    return s === 'established' || s === 'closing';
  }
}

/** A connection as a mapping snapshot shows it. */
export interface TcpConnectionSnapshot {
  /** Remote `ip:port`. */
  readonly remote: string;
  readonly state: TcpConnState;
  /** µs */
  readonly expiresAt: number;
}

/** The connections of one TCP mapping. key: endpointKey(remote ip, port) = ip * 65536 + port. */
export class TcpSessions {
  readonly byRemote = new Map<number, TcpConnection>();
  /** The latest expiry of any connection (µs); the mapping's expiry. */
  expiresAt = 0;

  /** True when a connection with this remote exists (live or not yet pruned). */
  has(remoteKey: number): boolean {
    return this.byRemote.has(remoteKey);
  }

  /**
   * Records one segment with `flags` to or from the remote `remoteKey` at `now` (µs) and updates the mapping's
   * expiry. `inbound`: the segment came from the outside. `estUs`/`transUs`: the two idle timeouts (µs).
   * A connection not seen before and opened by no SYN (an outbound segment on an existing mapping) is taken
   * up as established, as Linux conntrack's loose pickup does.
   */
  segment(now: number, remoteKey: number, flags: number, inbound: boolean, estUs: number, transUs: number): void {
    let c = this.byRemote.get(remoteKey);
    const syn = (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK)) === TCP_FLAG.SYN;
    if (c === undefined) {
      c = new TcpConnection();
      this.byRemote.set(remoteKey, c);
      if (!(flags & TCP_FLAG.SYN)) c.bits = SYN_OUT | SYN_IN;
    } else if (syn && (c.bits & RST || (c.bits & (FIN_OUT | FIN_IN)) === (FIN_OUT | FIN_IN))) {
      c.bits = 0; // RFC 9293 §3.6.1: a new SYN on a closed 4-tuple starts a new connection
    }
    if (flags & TCP_FLAG.RST) c.bits |= RST;
    else c.bits &= ~RST;
    if (flags & TCP_FLAG.SYN) c.bits |= inbound ? SYN_IN : SYN_OUT;
    if (flags & TCP_FLAG.FIN) c.bits |= inbound ? FIN_IN : FIN_OUT;
    const before = c.expiresAt;
    c.lastSeen = now;
    c.expiresAt = now + (c.longLived ? estUs : transUs);
    if (c.expiresAt >= this.expiresAt) this.expiresAt = c.expiresAt;
    else if (before === this.expiresAt) this.recompute(now, estUs, transUs, false);
  }

  /**
   * Sets every connection's expiry from its last segment and the timeouts given (after a change of timeouts, or
   * after the connection that set the mapping's expiry got a shorter one), drops connections already due before
   * `now`, and sets the mapping's expiry to the latest.
   */
  recompute(now: number, estUs: number, transUs: number, retime = true): void {
    let latest = 0;
    for (const c of this.byRemote.values()) {
      if (retime) c.expiresAt = c.lastSeen + (c.longLived ? estUs : transUs);
      if (c.expiresAt > latest) latest = c.expiresAt;
    }
    if (latest > now) for (const [k, c] of this.byRemote) if (c.expiresAt <= now) this.byRemote.delete(k);
    this.expiresAt = latest;
  }

  /** The connections for a snapshot, by remote key. */
  snapshot(format: (remoteKey: number) => string): TcpConnectionSnapshot[] {
    return [...this.byRemote].sort((a, b) => a[0] - b[0])
      .map(([k, c]) => ({ remote: format(k), state: c.state, expiresAt: c.expiresAt }));
  }
}

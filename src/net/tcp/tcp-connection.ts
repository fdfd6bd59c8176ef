/**
 * One TCP connection (a TCB, RFC 9293 §3.3.1) and its state machine: OPEN (active and passive), SEND, CLOSE and
 * ABORT calls (§3.10.1-3.10.5) and SEGMENT ARRIVES (§3.10.7), with RFC 5961's challenge ACKs for in-window RST and
 * SYN. The send and receive halves live in TcpSender and TcpReceiver; the host's TcpStack owns the TCBs.
 */
import type { TimerHandle, Timers } from '../../sim/timers';
import type { Datagram } from '../datagram';
import type { IpNumber } from '../ip-number';
import { TCP_FLAG, TcpHeader } from '../tcp-header';
import { seqAdd, seqDiff, seqGt, seqLe, seqLt } from './seq';
import { isIpv6Number } from '../ip-number';
import { DATA_RETRIES, MIN_SEND_MSS, MSL_MS, SYNACK_RETRIES, SYN_RETRIES, TCP_IPV4_OVERHEAD, TCP_IPV6_OVERHEAD } from './tcp-config';
import { TcpErrno } from './tcp-errors';
import { TcpReceiver } from './tcp-receiver';
import { TcpSender } from './tcp-sender';
import type { TcpStack } from './tcp-stack';
import { TcpState, acceptsText, isSynchronized } from './tcp-state';

const { SYN, ACK, FIN, RST } = TCP_FLAG;

/** Linux's tcp_fin_timeout: an orphaned connection waits this long in FIN-WAIT-2 for the peer's FIN. */
const ORPHAN_FIN_WAIT_2_MS = 60_000;

/** What a connection tells the socket that owns it. */
export interface TcpConnectionUser {
  /** The connection reached ESTABLISHED. */
  connected(): void;
  /** In-order bytes arrived. */
  data(bytes: Uint8Array): void;
  /** The peer's FIN arrived, after all its data. */
  peerEnded(): void;
  /** Some written bytes were acknowledged (the send buffer shrank). */
  acked(): void;
  /** The connection failed (refused, reset, timed out); the TCB is gone. */
  failed(code: TcpErrno): void;
}

/** The four-tuple and the initial state of a new connection. */
export interface TcpConnectionInit {
  localIp: IpNumber;
  localPort: number;
  remoteIp: IpNumber;
  remotePort: number;
  /** Our MSS (the route's MTU minus the headers). */
  mss: number;
  /** The peer's MSS option, for a passive open. */
  peerMss?: number;
}

/** A TCB. */
export class TcpConnection {
  state: TcpState = 'CLOSED';
  readonly localIp: IpNumber;
  readonly localPort: number;
  readonly remoteIp: IpNumber;
  readonly remotePort: number;
  readonly sender: TcpSender;
  readonly receiver = new TcpReceiver(this);
  /** Who is told about data and state; undefined for a passive connection not yet accepted, or once orphaned. */
  user: TcpConnectionUser | undefined;
  /** Opened by a listener (RFC 9293 "passive OPEN"): a RST in SYN-RECEIVED just drops it. */
  passive = false;
  /** The application closed its socket: data arriving now is answered with RST (as Linux does after close()). */
  orphaned = false;
  /** Called when this passive connection reaches ESTABLISHED (the listener accepts it). */
  onAccept: ((conn: TcpConnection) => void) | undefined;
  readonly iss: number;
  private readonly ourMss: number;
  private handshakeAt = 0;
  private stateTimer: TimerHandle | undefined;

  constructor(readonly stack: TcpStack, init: TcpConnectionInit) {
    this.localIp = init.localIp;
    this.localPort = init.localPort;
    this.remoteIp = init.remoteIp;
    this.remotePort = init.remotePort;
    this.ourMss = init.mss;
    this.iss = stack.isn();
    this.sender = new TcpSender(this, this.iss, Math.min(init.mss, init.peerMss ?? stack.defaultMss(init.remoteIp)));
  }

  /** True once the TCB is deleted (read through a getter: the state changes under callbacks). */
  get closed(): boolean {
    return this.state === 'CLOSED';
  }

  /** The host's (sleep-aware, virtual) timers. */
  get timers(): Timers {
    return this.stack.host.timers;
  }

  /** Milliseconds of virtual time. */
  now(): number {
    return this.stack.host.timers.now();
  }

  /** RFC 9293 §3.10.1 active OPEN: send SYN, enter SYN-SENT. */
  openActive(): void {
    this.state = 'SYN-SENT';
    this.handshakeAt = this.now();
    this.transmit(this.iss, SYN, undefined);
    this.sender.armRtx(true);
  }

  /** RFC 9293 §3.10.7.2 (LISTEN, SYN arrives): record IRS, send SYN-ACK, enter SYN-RECEIVED. */
  openPassive(syn: TcpHeader): void {
    this.passive = true;
    this.receiver.init(syn.seq);
    this.state = 'SYN-RECEIVED';
    this.sender.initWindow(syn.seq, 0, syn.window);
    this.handshakeAt = this.now();
    this.transmit(this.iss, SYN | ACK, undefined);
    this.sender.armRtx(true);
  }

  // ---- user calls -------------------------------------------------------------------------------------------

  /** RFC 9293 §3.10.2 SEND: queue bytes (before ESTABLISHED they wait for it). */
  write(bytes: Uint8Array): void {
    this.sender.buf.push(bytes);
    this.sender.output();
  }

  /** RFC 9293 §3.10.4 CLOSE: FIN after the queued data. */
  close(): void {
    if (this.sender.finQueued) return;
    this.sender.finQueued = true;
    if (this.state === 'ESTABLISHED') this.setState('FIN-WAIT-1');
    else if (this.state === 'CLOSE-WAIT') this.setState('LAST-ACK');
    else if (this.state === 'SYN-SENT' && this.orphaned) return this.finish();
    this.sender.output();
  }

  /** RFC 9293 §3.10.5 ABORT: RST in the synchronized states (and SYN-RECEIVED), then the TCB is deleted. */
  abort(): void {
    const s = this.state;
    if (s === 'SYN-RECEIVED' || s === 'ESTABLISHED' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2' || s === 'CLOSE-WAIT') {
      this.transmit(this.sender.nxt, RST | ACK, undefined);
    }
    this.finish();
  }

  /** The socket was closed by the application: the connection finishes on its own (Linux's orphan). */
  orphan(): void {
    this.user = undefined;
    this.orphaned = true;
    if (this.state === 'FIN-WAIT-2') this.armOrphanTimeout();
  }

  /** The application read bytes: send a window update if the window opened enough. */
  windowOpened(): void {
    if (isSynchronized(this.state) && this.receiver.windowUpdateDue(this.sender.mss)) this.sendAck();
  }

  /** RFC 1191 §6.1: a router on the path needs segments of at most `mtu` bytes (IP packet); resend smaller. */
  pathMtu(mtu: number): void {
    const overhead = isIpv6Number(this.remoteIp) ? TCP_IPV6_OVERHEAD : TCP_IPV4_OVERHEAD;
    const mss = Math.max(MIN_SEND_MSS, mtu - overhead);
    if (mss >= this.sender.mss) return;
    this.sender.mss = mss;
    this.sender.pathMtuShrunk();
  }

  // ---- segment arrives ---------------------------------------------------------------------------------------

  /** RFC 9293 §3.10.7.3/§3.10.7.4: a segment for this connection arrived. */
  segment(pkt: Datagram): void {
    const h = pkt.tcp!;
    if (this.state === 'SYN-SENT') return this.synSentSegment(h);
    if (this.closed) return;
    let seq = h.seq;
    let data = pkt.payload;
    let syn = (h.flags & SYN) !== 0;
    let fin = (h.flags & FIN) !== 0;
    const r = this.receiver;
    if (this.state === 'SYN-RECEIVED' && syn && seq === r.irs) {
      // Their SYN again: our SYN-ACK was lost; answer it now (Linux does) rather than with a bare ACK.
      if (!(h.flags & ACK)) return this.retransmitHandshake();
      // Simultaneous open (RFC 9293 §3.5 Figure 8): the peer's SYN-ACK; its SYN is already counted.
      syn = false;
      seq = seqAdd(seq, 1);
    }
    // Step 1: sequence number check.
    const wnd = r.window;
    const segLen = data.byteLength + (syn ? 1 : 0) + (fin ? 1 : 0);
    if (!acceptable(seq, segLen, r.nxt, wnd)) {
      if (h.flags & RST) return;
      // "Special allowance" for valid ACKs while our window is zero.
      if (wnd === 0 && seq === r.nxt && h.flags & ACK && isSynchronized(this.state)) this.sender.onAck(h.ack, seq, h.window, data.byteLength);
      if (this.state === 'TIME-WAIT' && fin) this.armTimeWait();
      return this.sendAck();
    }
    if (seqLt(seq, r.nxt)) {
      let cut = seqDiff(r.nxt, seq);
      if (syn) {
        syn = false;
        cut--;
      }
      data = data.subarray(Math.min(cut, data.byteLength));
      seq = r.nxt;
    }
    const room = wnd - seqDiff(seq, r.nxt);
    if (data.byteLength > room) {
      data = data.subarray(0, Math.max(0, room));
      fin = false;
    }
    // Step 2: RST (RFC 5961 §3.2: only an exact match resets; in-window others get a challenge ACK).
    if (h.flags & RST) {
      if (seq !== r.nxt) return this.sendAck();
      return this.resetReceived();
    }
    // Step 4: SYN in a synchronized state (RFC 5961 §4.2): challenge ACK.
    if (syn) return this.sendAck();
    // Step 5: ACK.
    if (!(h.flags & ACK)) return;
    if (this.state === 'SYN-RECEIVED') {
      if (!(seqGt(h.ack, this.sender.una) && seqLe(h.ack, this.sender.nxt))) return this.transmitRst(h.ack);
      this.sender.una = h.ack;
      this.sender.initWindow(seq, h.ack, h.window);
      this.synchronized();
      if (this.closed) return;
    } else if (!this.sender.onAck(h.ack, seq, h.window, data.byteLength)) {
      return this.sendAck();
    }
    if (this.closed) return;
    if (this.sender.finAcked) this.ourFinAcked();
    if (this.closed) return;
    // Step 7: segment text; step 8: FIN.
    if (acceptsText(this.state) && (data.byteLength > 0 || fin)) this.text(seq, data, fin);
  }

  /** RFC 9293 §3.10.7.3: SYN-SENT. */
  private synSentSegment(h: TcpHeader): void {
    const hasAck = (h.flags & ACK) !== 0;
    if (hasAck && (seqLe(h.ack, this.iss) || seqGt(h.ack, this.sender.nxt))) {
      if (!(h.flags & RST)) this.transmitRst(h.ack);
      return;
    }
    if (h.flags & RST) {
      if (hasAck) this.fail('ECONNREFUSED');
      return;
    }
    if (!(h.flags & SYN)) return;
    this.receiver.init(h.seq);
    if (h.mss !== undefined) this.sender.setMss(Math.min(this.ourMss, h.mss));
    if (hasAck) {
      this.sender.una = h.ack;
      this.sender.initWindow(h.seq, h.ack, h.window);
      // The handshake's third segment leaves before anything the application sends on 'connect'.
      this.sendAck();
      this.synchronized();
      return;
    }
    // Simultaneous open: SYN-RECEIVED, SYN-ACK with our ISS.
    this.setState('SYN-RECEIVED');
    this.sender.initWindow(h.seq, 0, h.window);
    this.transmit(this.iss, SYN | ACK, undefined);
  }

  /** The handshake completed: ESTABLISHED (or FIN-WAIT-1 when end() came first); tell the user or the listener. */
  private synchronized(): void {
    const s = this.sender;
    s.stopRtx();
    if (s.retries === 0) s.rto.sample(this.now() - this.handshakeAt);
    else s.rto.handshakeRetransmitted();
    s.retries = 0;
    s.rto.resetBackoff();
    this.setState(s.finQueued ? 'FIN-WAIT-1' : 'ESTABLISHED');
    if (this.passive && this.onAccept) this.onAccept(this);
    else this.user?.connected();
    if (!this.closed) s.output();
  }

  /** Steps 7 and 8 for a segment starting at or after RCV.NXT. */
  private text(seq: number, data: Uint8Array, fin: boolean): void {
    const r = this.receiver;
    if (seq !== r.nxt) {
      // RFC 5681 §4.2: an out-of-order segment is acknowledged at once (a duplicate ACK).
      r.queue.add({ seq, data, fin });
      return this.sendAck();
    }
    if (data.byteLength > 0 && this.orphaned) return this.abort();
    const filledGap = r.queue.size > 0;
    let piece: { data: Uint8Array; fin: boolean } | undefined = { data, fin };
    let bytes = 0;
    let finNow = false;
    while (piece) {
      if (piece.data.byteLength > 0) {
        r.nxt = seqAdd(r.nxt, piece.data.byteLength);
        bytes += piece.data.byteLength;
        this.user?.data(piece.data);
        if (this.closed) return;
      }
      if (piece.fin) {
        finNow = true;
        break;
      }
      piece = r.queue.take(r.nxt);
    }
    if (finNow) return this.finReceived();
    if (filledGap) this.sendAck();
    else if (bytes > 0) r.inOrder(bytes, this.sender.mss);
  }

  /** Step 8: the peer's FIN, in order. */
  private finReceived(): void {
    const r = this.receiver;
    r.nxt = seqAdd(r.nxt, 1);
    r.queue.clear();
    if (this.state === 'ESTABLISHED') this.setState('CLOSE-WAIT');
    else if (this.state === 'FIN-WAIT-1') this.setState('CLOSING');
    else if (this.state === 'FIN-WAIT-2') this.enterTimeWait();
    this.sendAck();
    this.user?.peerEnded();
  }

  /** Our FIN was acknowledged (step 5 in FIN-WAIT-1, CLOSING, LAST-ACK). */
  private ourFinAcked(): void {
    if (this.state === 'FIN-WAIT-1') {
      this.setState('FIN-WAIT-2');
      if (this.orphaned) this.armOrphanTimeout();
    } else if (this.state === 'CLOSING') this.enterTimeWait();
    else if (this.state === 'LAST-ACK') this.finish();
  }

  /** Step 2 with an exact RST. */
  private resetReceived(): void {
    const s = this.state;
    if (s === 'SYN-RECEIVED') return this.passive ? this.finish() : this.fail('ECONNREFUSED');
    if (s === 'ESTABLISHED' || s === 'FIN-WAIT-1' || s === 'FIN-WAIT-2' || s === 'CLOSE-WAIT') return this.fail('ECONNRESET');
    this.finish();
  }

  // ---- timers and endings ------------------------------------------------------------------------------------

  /** The retransmission limit for the current state (tcp-config.ts). */
  retryLimit(): number {
    if (this.state === 'SYN-SENT') return SYN_RETRIES;
    if (this.state === 'SYN-RECEIVED') return this.passive ? SYNACK_RETRIES : SYN_RETRIES;
    return DATA_RETRIES;
  }

  /** True once our SYN is acknowledged. */
  synAcked(): boolean {
    return this.state !== 'SYN-SENT' && this.state !== 'SYN-RECEIVED';
  }

  /** The retransmission timer expired during the handshake: SYN again (SYN-SENT) or SYN-ACK (SYN-RECEIVED). */
  retransmitHandshake(): void {
    this.sender.retransmits++;
    this.transmit(this.iss, this.state === 'SYN-SENT' ? SYN : SYN | ACK, undefined);
  }

  /** Too many retransmissions: ETIMEDOUT (RFC 9293 §3.8.3 R2; no RST is sent, as in Linux). */
  timedOut(): void {
    this.fail('ETIMEDOUT');
  }

  /** Written bytes were acknowledged. */
  dataAcked(): void {
    this.user?.acked();
  }

  private enterTimeWait(): void {
    this.setState('TIME-WAIT');
    this.sender.stop();
    this.armTimeWait();
  }

  /** RFC 9293 §3.10.7.4: TIME-WAIT lasts 2*MSL, restarted by a retransmitted FIN. */
  private armTimeWait(): void {
    if (this.stateTimer) this.timers.clearTimeout(this.stateTimer);
    this.stateTimer = this.timers.setTimeout(() => this.finish(), 2 * MSL_MS);
  }

  private armOrphanTimeout(): void {
    if (this.stateTimer) return;
    this.stateTimer = this.timers.setTimeout(() => this.finish(), ORPHAN_FIN_WAIT_2_MS);
  }

  /** Ends the connection with an error for its user, and deletes the TCB. */
  private fail(code: TcpErrno): void {
    const user = this.user;
    this.finish();
    user?.failed(code);
  }

  /** Deletes the TCB: CLOSED, timers stopped, released from the stack. */
  finish(): void {
    if (this.closed) return;
    this.setState('CLOSED');
    this.sender.stop();
    this.receiver.stop();
    if (this.stateTimer) this.timers.clearTimeout(this.stateTimer);
    this.stateTimer = undefined;
    this.stack.remove(this);
  }

  private setState(s: TcpState): void {
    this.state = s;
  }

  // ---- output ------------------------------------------------------------------------------------------------

  /** Sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
  sendAck(): void {
    this.transmit(this.sender.nxt, ACK, undefined);
  }

  /** Sends <SEQ=seq><CTL=RST> (RFC 9293 §3.10.7: reply to an unacceptable ACK). */
  private transmitRst(seq: number): void {
    this.transmit(seq, RST, undefined);
  }

  /** Builds a segment with RCV.NXT, the advertised window (and MSS on SYN) and hands it to the stack. */
  transmit(seq: number, flags: number, data: Uint8Array | undefined): void {
    const r = this.receiver;
    const hasAck = (flags & ACK) !== 0;
    const header: TcpHeader = {
      seq,
      ack: hasAck ? r.nxt : 0,
      flags,
      window: flags & RST ? 0 : r.advertise(this.sender.mss),
      ...(flags & SYN ? { mss: this.ourMss } : {}),
    };
    if (hasAck) r.ackSent();
    this.stack.send(this, header, data);
  }
}

/** RFC 9293 §3.10.7.4 step 1: the four cases of segment acceptability. */
export function acceptable(seq: number, len: number, rcvNxt: number, wnd: number): boolean {
  const inWindow = (s: number): boolean => seqLe(rcvNxt, s) && seqLt(s, seqAdd(rcvNxt, wnd));
  if (len === 0) return wnd === 0 ? seq === rcvNxt : inWindow(seq);
  return wnd > 0 && (inWindow(seq) || inWindow(seqAdd(seq, len - 1)));
}

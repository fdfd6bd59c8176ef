/**
 * What the UDP and the TCP hole-punch agents share (RFC 5128 §3.3 and §3.4): their checked options, the deadline,
 * step 2 (swapping public addresses with the peer over signalling) and how they give up and report a failure.
 * Each transport brings its own step 1 (asking STUN), step 3 (punching) and the counts its reports carry.
 */
import type { HostEnv } from '../../net/host-env';
import type { TimerHandle } from '../../sim/timers';
import type { SignalingMessage } from '../signaling';
import { formatTransportAddress, type TransportAddress } from '../stun/transport-address';
import type { HolePunchFailed, HolePunchFailure, HolePunchInit, HolePunchState } from './hole-punch-types';
import { HolePunchConfigError } from './hole-punch-errors';

/** The events this shared part records; both agents' event lists hold them. */
export type PunchExchangeEvent = 'mapped' | 'peer-address' | 'failed';

/** What a failure report counts, per transport. */
export interface FailureCounts {
  /** For HolePunchFailed. */
  readonly punchesSent: number;
  readonly punchesReceived: number;
  /** For the 'failed' trace event, after `reason` and `code`, in this order. */
  readonly traced: Readonly<Record<string, number>>;
}

/** The shared steps of a hole-punch agent. */
export abstract class PunchExchange {
  protected stateValue: HolePunchState = 'idle';
  protected publicAddress: TransportAddress | undefined;
  /** Where punches go: the peer's announced address (or, UDP, one learned from its punches). */
  protected target: TransportAddress | undefined;
  protected deadline: TimerHandle | undefined;
  protected readonly interval: number;
  protected readonly timeout: number;

  /**
   * @param defaultIntervalMs punchIntervalMs when not given
   * @param namesIn what carries the agents' names (for the error about spaces in them)
   */
  constructor(protected readonly env: HostEnv, protected readonly init: HolePunchInit, defaultIntervalMs: number, namesIn: string) {
    this.interval = positiveMs(init.punchIntervalMs ?? defaultIntervalMs, 'punchIntervalMs');
    this.timeout = positiveMs(init.timeoutMs ?? 10_000, 'timeoutMs');
    if (init.name === init.peer) throw new HolePunchConfigError('peer', `must name another agent than '${init.name}' itself`);
    if (/\s/u.test(init.name) || /\s/u.test(init.peer)) throw new HolePunchConfigError('name', `agent names in ${namesIn} cannot contain spaces`);
  }

  get state(): HolePunchState {
    return this.stateValue;
  }

  /** At start: hear the peer's address from now on, and give up at the deadline. */
  protected listenAndArmDeadline(): void {
    this.init.signaling.onMessage((m, from) => this.onSignal(m, from));
    this.deadline = this.env.timers.setTimeout(() => this.giveUp(), this.timeout);
  }

  /**
   * Step 2: tell the peer our public address; punch as soon as we know theirs. `mapped` is what the 'mapped'
   * event says besides the address.
   */
  protected learnedPublicAddress(pub: TransportAddress, mapped: () => Record<string, unknown>): void {
    if (this.stateValue !== 'asking-stun') return;
    this.publicAddress = pub;
    this.emit('mapped', { address: formatTransportAddress(pub), ...mapped() });
    this.init.signaling.send({ kind: 'address', address: pub.address, port: pub.port }, this.init.peer);
    this.stateValue = 'waiting-for-peer';
    if (this.target) this.startPunching();
  }

  private onSignal(m: SignalingMessage, from: string): void {
    if (m.kind !== 'address' || from !== this.init.peer || this.target) return;
    this.target = { address: m.address, port: m.port };
    this.emit('peer-address', { address: formatTransportAddress(this.target) });
    if (this.stateValue === 'waiting-for-peer') this.startPunching();
  }

  private giveUp(): void {
    if (this.stateValue === 'asking-stun') {
      this.fail('stun-failed', `no public address from the STUN server${this.stunVia} within ${this.timeout} ms`);
    } else if (this.stateValue === 'waiting-for-peer') {
      this.fail('no-peer-address', `the peer's address did not arrive over signalling within ${this.timeout} ms`);
    } else if (this.stateValue === 'punching') {
      this.fail('no-answer', this.noAnswerDetail());
    }
  }

  /** Gives up once (not after connecting or closing): stops, drops what is in progress, and reports why. */
  protected fail(reason: HolePunchFailure, detail: string): void {
    if (this.stateValue === 'failed' || this.stateValue === 'closed' || this.stateValue === 'connected') return;
    this.stateValue = 'failed';
    this.stopTimers();
    this.dropAttempts();
    const seen = this.init.explainFailure?.();
    const full = seen ? `${detail}; ${seen}` : detail;
    const counts = this.failureCounts();
    const e: HolePunchFailed = { reason, detail: full, punchesSent: counts.punchesSent, punchesReceived: counts.punchesReceived };
    this.emit('failed', { reason: full, code: reason, ...counts.traced });
    this.init.onFailed?.(e);
  }

  /** How STUN was reached, for the failure text (' over TCP', or '' for UDP). */
  protected abstract readonly stunVia: string;
  /** Step 3. */
  protected abstract startPunching(): void;
  /** Why punching got no connection, for the failure text. */
  protected abstract noAnswerDetail(): string;
  protected abstract failureCounts(): FailureCounts;
  protected abstract stopTimers(): void;
  /** At failure, after the timers: close what is still being tried (nothing for UDP). */
  protected dropAttempts(): void {}
  protected abstract emit(event: PunchExchangeEvent, data?: Record<string, unknown>): void;
}

/** `v` if it is a positive number of milliseconds, else a HolePunchConfigError naming `key`. */
export function positiveMs(v: number, key: string): number {
  if (!(Number.isFinite(v) && v > 0)) throw new HolePunchConfigError(key, `must be a positive number of milliseconds, got ${String(v)}`);
  return v;
}

/**
 * Life support of a selected pair: consent freshness (RFC 7675) and keepalives (RFC 8445 §11).
 * - Consent: an authenticated Binding request on the pair every 5 s × uniform(0.8, 1.2), each with a new transaction
 *   id and not retransmitted; a success response from the pair's remote address to its local base refreshes
 *   consent. No response for disconnectedAfterMs ⇒ 'disconnected'; for consentTimeoutMs (30 s) ⇒ consent expired:
 *   stop sending and report 'failed' (RFC 7675 §5.1).
 * - Keepalive: when nothing was sent on the pair for Tr (15 s), a Binding indication with FINGERPRINT only. Consent
 *   requests and application data count as sent, so with consent on, keepalives are rarely needed.
 */
import { candidateAt, consentExpiresAt, nextConsentCheckDelay, type CandidatePair, type TransportAddress } from '../../protocols/ice';
import { newTransactionId, type DecodedStunMessage } from '../../protocols/stun';
import type { TimerHandle } from '../../sim/timers';
import { encodeCheckRequest, encodeKeepalive, responseAuthentic } from './check-messages';
import type { GenerationContext, IceGeneration } from './ice-generation';
import type { IceConsentEvent } from './ice-events';
import type { Arrival, LocalEndpoint } from './transports';

/** What the monitor reports. */
export interface PairMonitorHandlers {
  onDisconnected(e: IceConsentEvent): void;
  /** A response came back after 'disconnected'. */
  onRestored(): void;
  onExpired(e: IceConsentEvent): void;
}

const same = (a: TransportAddress, b: TransportAddress): boolean => a.address === b.address && a.port === b.port;

/** Consent and keepalives for one selected pair. */
export class PairMonitor {
  /** Virtual ms anything was last sent on the pair. */
  lastSentAt: number;
  /** Virtual ms of the last authenticated consent response (selection counts as one, RFC 7675 §5.1). */
  lastResponseAt: number;
  private status: 'fresh' | 'unanswered' | 'expired' | 'stopped' = 'fresh';
  private consentTimer: TimerHandle | undefined;
  private watchdog: TimerHandle | undefined;
  private keepaliveTimer: TimerHandle | undefined;
  private readonly from: TransportAddress;

  constructor(
    private readonly ctx: GenerationContext,
    private readonly gen: IceGeneration,
    readonly pair: CandidatePair,
    private readonly handlers: PairMonitorHandlers,
  ) {
    const now = ctx.env.timers.now();
    this.lastSentAt = now;
    this.lastResponseAt = now;
    this.from = { address: pair.local.baseAddress, port: pair.local.basePort, ...(pair.local.transport === 'tcp' ? { transport: 'tcp' as const } : {}) };
    if (ctx.config.consent) {
      this.scheduleConsent();
      this.armWatchdog();
    }
    this.armKeepalive();
  }

  /** True until consent expired or the monitor stopped: data may be sent. */
  get usable(): boolean {
    return this.status === 'fresh' || this.status === 'unanswered';
  }

  /** The endpoint the pair sends from (its local candidate's base). */
  endpoint(): LocalEndpoint | undefined {
    return this.ctx.endpoint(this.from);
  }

  /** Records a send on the pair (application data), postponing the keepalive (RFC 8445 §11). */
  noteSent(): void {
    this.lastSentAt = this.ctx.env.timers.now();
  }

  /** Stops every timer (pair replaced after a restart, agent closed). */
  stop(): void {
    if (this.status !== 'expired') this.status = 'stopped';
    const t = this.ctx.env.timers;
    t.clearTimeout(this.consentTimer);
    t.clearTimeout(this.watchdog);
    t.clearTimeout(this.keepaliveTimer);
  }

  private scheduleConsent(): void {
    const delay = nextConsentCheckDelay(this.ctx.env.random.float(), this.ctx.config.consentIntervalMs);
    this.consentTimer = this.ctx.env.timers.setTimeout(() => {
      if (!this.usable) return;
      this.sendConsentCheck();
      this.scheduleConsent();
    }, delay);
  }

  private sendConsentCheck(): void {
    const endpoint = this.endpoint();
    const creds = this.gen.credentials();
    if (!endpoint || !creds) return;
    const fields = this.gen.session.bindingRequestFor(this.pair);
    const txid = newTransactionId(this.ctx.env.random);
    const bytes = encodeCheckRequest(txid, fields, creds, this.ctx.keys);
    this.ctx.stats.consentChecksSent++;
    this.ctx.trace('consent-check', { generation: this.gen.generation, pair: this.pair.id });
    // RFC 7675 §5.1: a new transaction per check rather than retransmissions; wait one interval for the answer.
    this.ctx.txs.start({
      txid,
      rtoMs: this.ctx.config.consentIntervalMs,
      rc: 1,
      rm: 1,
      transmit: () => {
        this.noteSent();
        this.ctx.stats.requestsSent++;
        endpoint.send(fields.to, bytes);
      },
      verify: (res) => responseAuthentic(res, creds.remotePwd, this.ctx.keys),
      onResponse: (res, arrival) => this.onConsentResponse(res, arrival),
      onTimeout: () => undefined,
    });
  }

  private onConsentResponse(res: DecodedStunMessage, arrival: Arrival): void {
    if (!this.usable || res.class !== 'success') return;
    // RFC 7675 §5.1 with RFC 8445 §7.2.5.2.1: only a response on the pair's own 5-tuple counts.
    // Over TCP an active candidate's connection has an ephemeral local port (RFC 6544 §4.5): its IP is what counts.
    const base = { ...this.pair.local, address: this.from.address, port: this.from.port };
    if (!same(arrival.source, this.pair.remote) || !candidateAt(base, arrival.local)) return;
    this.lastResponseAt = this.ctx.env.timers.now();
    if (this.status === 'unanswered') {
      this.status = 'fresh';
      this.handlers.onRestored();
    }
    this.armWatchdog();
  }

  private armWatchdog(): void {
    const t = this.ctx.env.timers;
    t.clearTimeout(this.watchdog);
    const { disconnectedAfterMs, consentTimeoutMs } = this.ctx.config;
    const at = this.status === 'fresh' ? this.lastResponseAt + disconnectedAfterMs : consentExpiresAt(this.lastResponseAt, consentTimeoutMs);
    this.watchdog = t.setTimeout(() => this.onWatchdog(), Math.max(0, at - t.now()));
  }

  private onWatchdog(): void {
    const e = { generation: this.gen.generation, lastResponseAt: this.lastResponseAt };
    if (this.status === 'fresh' && this.ctx.config.disconnectedAfterMs < this.ctx.config.consentTimeoutMs) {
      this.status = 'unanswered';
      this.armWatchdog();
      this.handlers.onDisconnected({ ...e, reason: 'consent-unanswered' });
      return;
    }
    if (this.status === 'fresh' || this.status === 'unanswered') {
      this.stop();
      this.status = 'expired';
      this.handlers.onExpired({ ...e, reason: 'consent-expired' });
    }
  }

  private armKeepalive(): void {
    const t = this.ctx.env.timers;
    const tr = this.ctx.config.keepaliveIntervalMs;
    this.keepaliveTimer = t.setTimeout(() => {
      if (!this.usable) return;
      if (t.now() - this.lastSentAt >= tr) this.sendKeepalive(); // RFC 8445 §11
      this.armKeepalive();
    }, Math.max(0, this.lastSentAt + tr - t.now()));
  }

  private sendKeepalive(): void {
    const endpoint = this.endpoint();
    if (!endpoint) return;
    this.noteSent();
    this.ctx.stats.keepalivesSent++;
    this.ctx.trace('keepalive', { generation: this.gen.generation, pair: this.pair.id });
    endpoint.send({ address: this.pair.remote.address, port: this.pair.remote.port }, encodeKeepalive(newTransactionId(this.ctx.env.random)));
  }
}

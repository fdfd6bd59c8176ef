/**
 * The connectivity checks one ICE generation sends (RFC 8445 §7.2.4) and how each ends (§7.2.5). Every check the ICE
 * core plans goes out as an authenticated Binding request in its own transaction (check-transactions.ts), and its
 * outcome goes back to the core: a success response with XOR-MAPPED-ADDRESS (§7.2.5.3), 487 Role Conflict
 * (§7.2.5.1), or a failure (§7.2.5.2): another error response, a success without a mapped address, no response
 * (timeout), or no local endpoint to send from (treated like an ICMP error).
 */
import type { IceEffect, PlannedCheck } from '../../protocols/ice';
import { newTransactionId, type DecodedStunMessage } from '../../protocols/stun';
import { encodeCheckRequest, responseAuthentic } from './check-messages';
import type { CheckTransaction } from './check-transactions';
import type { GenerationContext, IceGeneration } from './ice-generation';
import { addressKey } from './pair-info';
import type { Arrival } from './transports';

/** What the sender tells its generation. */
export interface CheckSenderHandlers {
  /** An authentic response arrived: the peer was heard from (see nomination-watch.ts). */
  heard(): void;
  /** Acts on the ICE core's effects of a check; `kick` is false while the pacer is sending (RFC 8445 §6.1.4.2). */
  apply(effects: readonly IceEffect[], kick?: boolean): void;
}

/** The sending side of one generation's connectivity checks. */
export class CheckSender {
  /** key: checkId of the ICE core */
  private readonly inFlight = new Map<number, CheckTransaction<Arrival>>();

  constructor(
    private readonly ctx: GenerationContext,
    private readonly gen: IceGeneration,
    private readonly handlers: CheckSenderHandlers,
  ) {}

  /** Sends the ICE core's next check, if there is one (one Ta tick, RFC 8445 §6.1.4.2). */
  sendNext(): void {
    const session = this.gen.session;
    const now = this.ctx.env.timers.now();
    const check = session.nextCheck(now);
    if (!check) return;
    this.handlers.apply(check.effects, false);
    const endpoint = this.ctx.endpoint(check.from);
    const creds = this.gen.credentials();
    if (!endpoint || !creds) {
      this.handlers.apply(session.onCheckFailure(check.checkId, 'icmp').effects);
      return;
    }
    this.ctx.stats.checksSent++;
    this.ctx.trace('check', {
      generation: this.gen.generation, pair: check.pair.id, from: addressKey(check.from), to: addressKey(check.to),
      ...(check.useCandidate ? { useCandidate: true } : {}), ...(check.triggered ? { triggered: true } : {}), rto: check.rtoMs,
    });
    const txid = newTransactionId(this.ctx.env.random);
    const bytes = encodeCheckRequest(txid, check, creds, this.ctx.keys);
    const tx = this.ctx.txs.start({
      txid,
      rtoMs: check.rtoMs,
      // RFC 8489 §6.2.2: over TCP a request is sent once (the connection is reliable), then waited for.
      rc: check.pair.local.transport === 'tcp' ? 1 : this.ctx.config.checkRc,
      rm: this.ctx.config.checkRm,
      transmit: () => {
        this.ctx.stats.requestsSent++;
        endpoint.send(check.to, bytes);
      },
      verify: (res) => responseAuthentic(res, creds.remotePwd, this.ctx.keys),
      onResponse: (res, arrival) => this.onResponse(check, res, arrival),
      onTimeout: () => this.onTimeout(check),
    });
    this.inFlight.set(check.checkId, tx);
  }

  /** Stops retransmitting a check; its response is still accepted (RFC 8445 §7.3.1.4). */
  cancel(checkId: number): void {
    const tx = this.inFlight.get(checkId);
    if (tx) this.ctx.txs.cancel(tx);
  }

  /** Forgets every check in flight without an outcome (the generation retired). */
  dropAll(): void {
    for (const tx of this.inFlight.values()) this.ctx.txs.drop(tx);
    this.inFlight.clear();
  }

  private onResponse(check: PlannedCheck, res: DecodedStunMessage, arrival: Arrival): void {
    this.inFlight.delete(check.checkId);
    if (this.gen.retired) return;
    this.handlers.heard();
    const session = this.gen.session;
    const now = this.ctx.env.timers.now();
    if (res.class === 'success') {
      const mapped = res.get('XOR-MAPPED-ADDRESS');
      const outcome = mapped
        ? session.onCheckSuccess(check.checkId, { source: arrival.source, destination: arrival.local, mappedAddress: { address: mapped.address, port: mapped.port } }, now)
        : session.onCheckFailure(check.checkId, 'error-response');
      this.handlers.apply(outcome.effects);
      return;
    }
    const code = res.get('ERROR-CODE')?.code;
    // RFC 8445 §7.2.5.1: 487 ⇒ switch role with a new tie-breaker and retry the pair as a triggered check.
    const outcome = code === 487 ? session.onRoleConflict(check.checkId, this.ctx.env.random.uint64()) : session.onCheckFailure(check.checkId, 'error-response');
    this.handlers.apply(outcome.effects);
  }

  private onTimeout(check: PlannedCheck): void {
    this.inFlight.delete(check.checkId);
    if (this.gen.retired) return;
    this.handlers.apply(this.gen.session.onCheckFailure(check.checkId, 'timeout').effects);
  }
}

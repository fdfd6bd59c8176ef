/**
 * Answers the peer's connectivity checks for one ICE generation (RFC 8445 §7.3.1). The ICE core decides the answer
 * (a success response carrying XOR-MAPPED-ADDRESS, or 487 Role Conflict, §7.3.1.1) and what it changes (a triggered
 * check, a learned peer-reflexive candidate, a nomination); this sends the answer, with three exceptions:
 * - a retransmitted request gets the response the original got and is not processed again (RFC 8489 §6.3.1, see
 *   response-cache.ts);
 * - once the controlled agent gave up waiting for a nomination, a nomination is refused with 400 (RFC 8445 §7.3.1.5);
 * - a request from an unknown source beyond config.maxPeerReflexive learned peer-reflexive candidates is dropped
 *   unanswered (§7.3.1.3; see IceAgentInit.maxPeerReflexive).
 */
import type { IceEffect } from '../../protocols/ice';
import type { DecodedStunMessage } from '../../protocols/stun';
import { encodeCheckError, encodeCheckSuccess, type AuthenticatedCheck } from './check-messages';
import type { GenerationContext, IceGeneration } from './ice-generation';
import { ResponseCache } from './response-cache';
import type { Arrival, LocalEndpoint } from './transports';

/** The answering side of one generation's connectivity checks. */
export class CheckResponder {
  /** Responses to the peer's recent checks, resent for retransmissions (RFC 8489 §6.3.1). */
  private readonly answered = new ResponseCache();
  /** Remote peer-reflexive candidates learned so far (capped by config.maxPeerReflexive). */
  private learnedPrflx = 0;
  /** The controlled agent stopped waiting for a nomination; later nominations are refused (RFC 8445 §7.3.1.5). */
  private gaveUp = false;

  constructor(
    private readonly ctx: GenerationContext,
    private readonly gen: IceGeneration,
  ) {}

  /** The controlled agent gave up waiting for a nomination: refuse every later one (RFC 8445 §7.3.1.5). */
  refuseNominations(): void {
    this.gaveUp = true;
  }

  /**
   * Answers an authenticated check received on `endpoint` (RFC 8445 §7.3.1). Returns the ICE core's effects of the
   * request, or undefined when it was not processed (a retransmission, a refused nomination, a dropped request).
   */
  answer(req: DecodedStunMessage, auth: AuthenticatedCheck, arrival: Arrival, endpoint: LocalEndpoint): readonly IceEffect[] | undefined {
    const src = arrival.source;
    const now = this.ctx.env.timers.now();
    // RFC 8489 §6.3.1: a retransmission gets the response the original got and is not processed again, so it
    // cannot cancel and restart the triggered check the original caused (RFC 8445 §7.3.1.4).
    const again = this.answered.lookup(req.transactionId, arrival.local, src, now);
    if (again) {
      endpoint.send(src, again);
      return undefined;
    }
    if (this.gaveUp && auth.useCandidate) {
      // RFC 8445 §7.3.1.5: a controlled agent that does not accept a nomination rejects it with an error (400).
      this.ctx.trace('check-rejected', { from: `${src.address}:${src.port}`, reason: 'a nomination after giving up waiting for one', code: 400 });
      const refusal = encodeCheckError(req, 400, this.gen.local.pwd, this.ctx.keys);
      this.answered.remember(req.transactionId, arrival.local, src, refusal, now);
      endpoint.send(src, refusal);
      return undefined;
    }
    const list = this.gen.list;
    if (!list.remoteCandidates().some((r) => r.address === src.address && r.port === src.port)) {
      if (this.learnedPrflx >= this.ctx.config.maxPeerReflexive) {
        this.ctx.trace('check-dropped', { generation: this.gen.generation, from: `${src.address}:${src.port}`, reason: `more than ${this.learnedPrflx} peer-reflexive candidates` });
        return undefined;
      }
      this.learnedPrflx++;
    }
    const d = list.onRequest({ local: arrival.local, source: arrival.source, priority: auth.priority, useCandidate: auth.useCandidate, ...(auth.role ? { role: auth.role } : {}) });
    const bytes =
      d.response === 'error-487'
        ? encodeCheckError(req, 487, this.gen.local.pwd, this.ctx.keys)
        : encodeCheckSuccess(req, arrival.source, this.gen.local.pwd, this.ctx.keys);
    this.answered.remember(req.transactionId, arrival.local, src, bytes, now);
    endpoint.send(arrival.source, bytes);
    return d.effects;
  }
}

/**
 * `staysConnected`: two ICE agents connect, and after connecting neither reports 'consent-lost' (RFC 7675 §5.1:
 * consent expired, media must stop) until the end of the run.
 */
import type { AgentEvent, TraceEvent } from '../../sim/trace-events';
import type { StaysConnectedExpectation } from '../format/spec-types';
import { isAgentEventOf } from '../timeline/event-match';
import { Evaluator, ExpectationOutcome, when } from './evaluator';

/** Evaluates `staysConnected`. */
export class StaysConnectedEvaluator implements Evaluator {
  private readonly firstConnected: (AgentEvent | undefined)[] = [undefined, undefined];
  private lost: AgentEvent | undefined;

  constructor(readonly spec: StaysConnectedExpectation) {}

  observe(ev: TraceEvent): void {
    if (ev.kind !== 'agent' || this.lost) return;
    this.spec.agents.forEach((agent, i) => {
      if (!isAgentEventOf(ev, agent)) return;
      if (ev.event === 'connected') this.firstConnected[i] ??= ev;
      else if (ev.event === 'consent-lost' && this.firstConnected[i]) this.lost = ev;
    });
  }

  finish(endUs: number): ExpectationOutcome {
    const s = this.spec;
    const base = { kind: s.kind, name: s.name };
    const missing = s.agents.filter((_, i) => !this.firstConnected[i]);
    if (missing.length) {
      return { ...base, passed: false, observed: 'not connected', detail: `${missing.join(' and ')} never connected`, evidence: this.firstConnected.filter((e): e is AgentEvent => e !== undefined) };
    }
    const connected = this.firstConnected as AgentEvent[];
    if (this.lost) {
      return { ...base, passed: false, observed: 'consent lost', detail: `${this.lost.agent} lost consent at ${when(this.lost.t)} after connecting`, evidence: [...connected, this.lost] };
    }
    const at = Math.max(connected[0].t, connected[1].t);
    return { ...base, passed: true, observed: 'stayed connected', detail: `connected by ${when(at)}, no consent loss until ${when(endUs)}`, evidence: connected };
  }
}

/**
 * `connected` and `notConnected`: decided from the agents' own 'connected' (and 'failed') trace events. An ICE
 * agent's 'connected' carries the selected pair (RFC 8445 §8.1.1): `viaRelay`, `localType`, `remoteType`, and
 * `relayProtocol` for a relayed local candidate; a hole-punch agent's is direct unless it says otherwise.
 */
import type { AgentEvent, TraceEvent } from '../../sim/trace-events';
import { ms } from '../../sim/time';
import type { ConnectedExpectation, NotConnectedExpectation } from '../format/spec-types';
import { isAgentEventOf } from '../timeline/event-match';
import { Evaluator, ExpectationOutcome, MAX_EVIDENCE, when } from './evaluator';

/** A 'connected' event's path facts. */
interface PathFacts {
  readonly relay: boolean;
  readonly local: string | null;
  readonly remote: string | null;
  /** How the agent reaches its TURN server, for a relayed local candidate (udp, tcp, tls). */
  readonly relayProtocol: string | null;
}

function facts(ev: AgentEvent): PathFacts {
  const d = ev.data ?? {};
  const str = (k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
  return { relay: d.viaRelay === true || d.via === 'relay', local: str('localType'), remote: str('remoteType'), relayProtocol: str('relayProtocol') };
}

/** "relay (relay/srflx)"; with `protocol`, the TURN transport too (only when the expectation names one). */
function pathText(f: PathFacts, protocol = false): string {
  const types = f.local && f.remote ? ` (${f.local}/${f.remote})` : '';
  const over = protocol && f.relayProtocol ? `, TURN over ${f.relayProtocol}` : '';
  return `${f.relay ? 'relay' : 'direct'}${types}${over}`;
}

/** Every 'connected' and 'failed' event of two agents. */
class PairWatch {
  readonly connected: [AgentEvent[], AgentEvent[]] = [[], []];
  readonly failed: [AgentEvent[], AgentEvent[]] = [[], []];

  constructor(private readonly agents: readonly [string, string]) {}

  observe(ev: TraceEvent): void {
    if (ev.kind !== 'agent') return;
    for (const i of [0, 1] as const) {
      if (!isAgentEventOf(ev, this.agents[i])) continue;
      if (ev.event === 'connected' && this.connected[i].length < MAX_EVIDENCE) this.connected[i].push(ev);
      if (ev.event === 'failed' && this.failed[i].length < MAX_EVIDENCE) this.failed[i].push(ev);
    }
  }

  /** Why an agent has not connected, from its last 'failed' event. */
  failure(i: 0 | 1, byUs: number): string {
    const f = this.failed[i].filter((e) => e.t <= byUs).at(-1);
    if (!f) return '';
    const d = f.data ?? {};
    const why = typeof d.reason === 'string' ? d.reason : typeof d.detail === 'string' ? d.detail : '';
    return ` (failed at ${when(f.t)}${why ? `: ${why}` : ''})`;
  }
}

/** Evaluates `connected`. */
export class ConnectedEvaluator implements Evaluator {
  private readonly watch: PairWatch;

  constructor(readonly spec: ConnectedExpectation) {
    this.watch = new PairWatch(spec.agents);
  }

  observe(ev: TraceEvent): void {
    this.watch.observe(ev);
  }

  private fits(f: PathFacts, first: boolean): boolean {
    const s = this.spec;
    if (s.via === 'direct' && f.relay) return false;
    if (s.via === 'relay' && !f.relay) return false;
    if (first && s.local !== null && f.local !== s.local) return false;
    if (first && s.remote !== null && f.remote !== s.remote) return false;
    if (first && s.relayProtocol !== null && f.relayProtocol !== s.relayProtocol) return false;
    return true;
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const limit = ms(s.withinMs);
    const base = { kind: s.kind, name: s.name };
    const inTime = this.watch.connected.map((list) => list.filter((e) => e.t <= limit)) as [AgentEvent[], AgentEvent[]];
    const good = [inTime[0].find((e) => this.fits(facts(e), true)), inTime[1].find((e) => this.fits(facts(e), false))];
    if (good[0] && good[1]) {
      const f = facts(good[0]);
      const t = Math.max(good[0].t, good[1].t);
      return { ...base, passed: true, observed: f.relay ? 'relay' : 'direct', detail: `connected at ${when(t)} via ${pathText(f, s.relayProtocol !== null)}`, evidence: [good[0], good[1]] };
    }
    for (const i of [0, 1] as const) {
      const name = s.agents[i];
      if (inTime[i].length === 0) {
        const later = this.watch.connected[i][0];
        const after = later ? ` (it connected later, at ${when(later.t)})` : '';
        const evidence = [...this.watch.failed[i], ...this.watch.connected[i]].slice(0, MAX_EVIDENCE);
        return { ...base, passed: false, observed: 'not connected', detail: `${name} did not connect within ${when(limit)}${after}${this.watch.failure(i, limit)}`, evidence };
      }
    }
    const seen = inTime[0][0];
    const f = facts(seen);
    const want = [s.via !== 'any' ? `via ${s.via}` : '', s.local ? `local ${s.local}` : '', s.remote ? `remote ${s.remote}` : '', s.relayProtocol ? `TURN over ${s.relayProtocol}` : '']
      .filter(Boolean).join(', ');
    return {
      ...base, passed: false, observed: f.relay ? 'relay' : 'direct',
      detail: `connected at ${when(seen.t)} via ${pathText(f, s.relayProtocol !== null)}, expected ${want}`, evidence: [...inTime[0], ...inTime[1]].slice(0, MAX_EVIDENCE),
    };
  }
}

/** Evaluates `notConnected`: neither agent reports 'connected' within the time. */
export class NotConnectedEvaluator implements Evaluator {
  private readonly watch: PairWatch;

  constructor(readonly spec: NotConnectedExpectation) {
    this.watch = new PairWatch(spec.agents);
  }

  observe(ev: TraceEvent): void {
    this.watch.observe(ev);
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const limit = ms(s.withinMs);
    const base = { kind: s.kind, name: s.name };
    for (const i of [0, 1] as const) {
      const c = this.watch.connected[i].find((e) => e.t <= limit);
      if (c) return { ...base, passed: false, observed: facts(c).relay ? 'relay' : 'direct', detail: `${s.agents[i]} connected at ${when(c.t)} via ${pathText(facts(c))}`, evidence: [c] };
    }
    const failures = [...this.watch.failed[0], ...this.watch.failed[1]].filter((e) => e.t <= limit).sort((a, b) => a.t - b.t);
    const why = failures.length ? `; ${s.agents.map((a, i) => `${a}${this.watch.failure(i as 0 | 1, limit) || ' kept trying'}`).join(', ')}` : '';
    return { ...base, passed: true, observed: 'not connected', detail: `no connection within ${when(limit)}${why}`, evidence: failures.slice(0, MAX_EVIDENCE) };
  }
}

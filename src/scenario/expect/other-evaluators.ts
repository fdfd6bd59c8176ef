/**
 * The trace-count expectations: a discovery result, delivered/dropped packet counts by reason, node and port,
 * the size of a NAT's mapping table at a time (RFC 4787 §4.3 mapping lifetimes), and an event before a deadline.
 */
import type { AgentEvent, MappingEvent, TraceEvent } from '../../sim/trace-events';
import { ms } from '../../sim/time';
import type { CountExpectation, DiscoveryExpectation, HappensExpectation, MappingsExpectation, NeverExpectation } from '../format/spec-types';
import { describeEventRef, happenedAt, isAgentEventOf, matchesEventRef } from '../timeline/event-match';
import { Evaluator, EvidenceList, ExpectationOutcome, MAX_EVIDENCE, boundsText, when, withinBounds } from './evaluator';

/** Evaluates `discovery`: the first 'discovered' event of the agent, compared key by key. */
export class DiscoveryEvaluator implements Evaluator {
  private found: AgentEvent | undefined;

  constructor(readonly spec: DiscoveryExpectation) {}

  observe(ev: TraceEvent): void {
    if (!this.found && isAgentEventOf(ev, this.spec.agent) && ev.event === 'discovered') this.found = ev;
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const base = { kind: s.kind, name: s.name };
    if (!this.found) return { ...base, passed: false, observed: 'no result', detail: `${s.agent} reported no discovery result`, evidence: [] };
    const d = this.found.data ?? {};
    const checks: [string, unknown][] = [['mapping', s.mapping], ['filtering', s.filtering], ['classic', s.classic], ['hairpinning', s.hairpinning]];
    const wrong: string[] = [];
    const right: string[] = [];
    for (const [key, want] of checks) {
      if (want === null) continue;
      if (d[key] === want) right.push(`${key} ${String(want)}`);
      else wrong.push(`${key}: expected ${String(want)}, got ${String(d[key])}`);
    }
    const observed = String(d.classic ?? 'unknown');
    if (wrong.length) return { ...base, passed: false, observed, detail: wrong.join('; '), evidence: [this.found] };
    return { ...base, passed: true, observed, detail: `${right.join(', ')} (at ${when(this.found.t)})`, evidence: [this.found] };
  }
}

/** Evaluates `count`: packets delivered or dropped, filtered by reason, node or network, and destination port. */
export class CountEvaluator implements Evaluator {
  private n = 0;
  private readonly evidence = new EvidenceList();

  constructor(readonly spec: CountExpectation) {}

  observe(ev: TraceEvent): void {
    const s = this.spec;
    if (ev.kind !== s.outcome) return;
    if (ev.kind === 'dropped' && s.reason !== null && ev.reason !== s.reason) return;
    if (s.node !== null && !happenedAt(ev, s.node)) return;
    if (s.port !== null && (ev.kind === 'delivered' || ev.kind === 'dropped') && ev.pkt.dstPort !== s.port) return;
    this.n++;
    this.evidence.push(ev);
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const what = `${s.outcome}${s.reason ? ` (${s.reason})` : ''}${s.node ? ` at ${s.node}` : ''}${s.port ? ` to port ${s.port}` : ''}`;
    const passed = withinBounds(this.n, s);
    return {
      kind: s.kind, name: s.name, passed, observed: String(this.n),
      detail: `${this.n} packet${this.n === 1 ? '' : 's'} ${what}; expected ${boundsText(s)}`, evidence: this.evidence.events,
    };
  }
}

/** Evaluates `mappings`: mappings created minus those expired or flushed at the NAT, up to the time. */
export class MappingsEvaluator implements Evaluator {
  /** Live mappings' creation events, oldest first; key: `internal>external>remote`. */
  private readonly live = new Map<string, MappingEvent[]>();
  private readonly ended = new EvidenceList();
  private readonly limit: number;

  constructor(readonly spec: MappingsExpectation) {
    this.limit = ms(spec.atMs);
  }

  observe(ev: TraceEvent): void {
    if (ev.t > this.limit || ev.node !== this.spec.nat) return;
    if (ev.kind !== 'mapping-created' && ev.kind !== 'mapping-expired' && ev.kind !== 'mapping-flushed') return;
    const key = `${ev.proto ?? 'udp'}>${ev.internal}>${ev.external}>${ev.remote ?? ''}`; // one table per protocol
    const list = this.live.get(key) ?? [];
    if (ev.kind === 'mapping-created') list.push(ev);
    else {
      list.shift();
      this.ended.push(ev);
    }
    if (list.length) this.live.set(key, list);
    else this.live.delete(key);
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const alive = [...this.live.values()].flat().sort((a, b) => a.t - b.t);
    const n = alive.length;
    const passed = withinBounds(n, s);
    const evidence = [...alive.slice(0, MAX_EVIDENCE), ...this.ended.events].slice(0, MAX_EVIDENCE);
    return {
      kind: s.kind, name: s.name, passed, observed: String(n),
      detail: `${n} mapping${n === 1 ? '' : 's'} on ${s.nat} at ${when(this.limit)}; expected ${boundsText(s)}`, evidence,
    };
  }
}

/** Evaluates `happens`: the first matching event at or before the deadline. */
export class HappensEvaluator implements Evaluator {
  private first: TraceEvent | undefined;

  constructor(readonly spec: HappensExpectation) {}

  observe(ev: TraceEvent): void {
    if (!this.first && matchesEventRef(ev, this.spec.event)) this.first = ev;
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const limit = ms(s.beforeMs);
    const what = describeEventRef(s.event);
    const base = { kind: s.kind, name: s.name };
    if (this.first && this.first.t <= limit) {
      return { ...base, passed: true, observed: when(this.first.t), detail: `${what} first at ${when(this.first.t)}`, evidence: [this.first] };
    }
    const later = this.first ? ` (first at ${when(this.first.t)})` : ' (never)';
    return { ...base, passed: false, observed: this.first ? when(this.first.t) : 'never', detail: `${what} did not happen by ${when(limit)}${later}`, evidence: this.first ? [this.first] : [] };
  }
}

/** Evaluates `never`: no matching event in the window [from, until]. */
export class NeverEvaluator implements Evaluator {
  private readonly found = new EvidenceList();
  private count = 0;

  constructor(readonly spec: NeverExpectation) {}

  observe(ev: TraceEvent): void {
    if (ev.t < ms(this.spec.fromMs) || ev.t > ms(this.spec.untilMs) || !matchesEventRef(ev, this.spec.event)) return;
    this.count++;
    this.found.push(ev);
  }

  finish(): ExpectationOutcome {
    const s = this.spec;
    const what = describeEventRef(s.event);
    const window = `between ${when(ms(s.fromMs))} and ${when(ms(s.untilMs))}`;
    const base = { kind: s.kind, name: s.name, evidence: this.found.events };
    if (this.count === 0) return { ...base, passed: true, observed: 'never', detail: `no ${what} ${window}` };
    const first = this.found.events[0];
    return { ...base, passed: false, observed: `${this.count}x`, detail: `${what} happened ${this.count} time${this.count === 1 ? '' : 's'} ${window}, first at ${when(first.t)}` };
  }
}

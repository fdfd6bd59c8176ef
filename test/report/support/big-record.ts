/** A long run for the rendering-speed checks: the example run repeated with fresh packet ids, ~`events` events. */
import { statsFromEvents } from '../../../src/report/build-run-record';
import type { RunRecord } from '../../../src/report/run-record';
import type { TraceEvent } from '../../../src/sim/trace-events';
import { exampleRecord } from './sample-records';

/** The example record repeated every 2 s of virtual time until it has at least `events` trace events. */
export function bigRecord(events: number): RunRecord {
  const base = exampleRecord();
  const span = 2_000_000;
  const maxId = Math.max(...base.events.map((e) => ('pkt' in e ? e.pkt.id : 0)));
  const out: TraceEvent[] = [];
  for (let round = 0; out.length < events; round++) {
    for (const e of base.events) {
      if (e.t >= span) continue;
      const t = e.t + round * span;
      out.push('pkt' in e ? { ...e, t, pkt: { ...e.pkt, id: e.pkt.id + round * (maxId + 1) } } as TraceEvent : { ...e, t } as TraceEvent);
    }
  }
  const end = out[out.length - 1].t / 1000 + 1;
  return { ...base, scenario: { ...base.scenario, name: `${base.scenario.name}-long` }, events: out, stats: statsFromEvents(out, end) };
}

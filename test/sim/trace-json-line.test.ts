/**
 * eventLine (src/sim/trace-json.ts): one canonical JSON line per trace event, written for trace.jsonl and hashed
 * (src/sim/trace.ts), made once per event.
 */
import { expect } from 'chai';
import { createHash } from 'crypto';
import * as sinon from 'sinon';
import { Trace } from '../../src/sim/trace';
import { eventLine } from '../../src/sim/trace-json';
import type { TraceEvent } from '../../src/sim/trace-events';

describe('eventLine', () => {
  it("writes an agent event's data in a stable key order, as plain JSON", () => {
    const ev = { t: 1500, kind: 'agent', node: 'alice', agent: 'ice', event: 'connected', data: { pair: 'host', rtt: 12 } } as TraceEvent;
    expect(eventLine(ev)).to.equal('{"t":1500,"kind":"agent","node":"alice","agent":"ice","event":"connected","data":{"pair":"host","rtt":12}}');
  });

  it('writes a bigint in agent data as its decimal text instead of failing', () => {
    const ev = { t: 0, kind: 'agent', node: 'a', agent: 'x', event: 'tick', data: { big: 2n ** 70n, n: 1 } } as unknown as TraceEvent;
    expect(eventLine(ev)).to.equal('{"t":0,"kind":"agent","node":"a","agent":"x","event":"tick","data":{"big":"1180591620717411303424","n":1}}');
  });
});

describe('eventLine made once per event', () => {
  it('writes the JSON of an event once, however often its line is asked for', () => {
    const stringify = sinon.spy(JSON, 'stringify');
    try {
      const ev = { t: 7, kind: 'agent', node: 'a', agent: 'x', event: 'tick', data: { n: 1 } } as TraceEvent;
      const first = eventLine(ev);
      expect(eventLine(ev)).to.equal(first);
      expect(eventLine({ ...ev } as TraceEvent)).to.equal(first);
      // Two distinct event objects: two JSON texts written, the repeated call for the first cost none.
      expect(stringify.callCount).to.equal(2);
    } finally {
      stringify.restore();
    }
  });
});

describe('Trace hash', () => {
  const agentEvent = (t: number, text: string): TraceEvent =>
    ({ t, kind: 'agent', node: 'n', agent: 'a', event: 'note', data: { text } }) as TraceEvent;

  it('is SHA-256 over every line and its newline, whether the lines reach the hash in one batch or many', () => {
    // 3,000 events of about 1 KB each: the pending lines pass the 64 KB batch many times over.
    const events = Array.from({ length: 3000 }, (_, i) => agentEvent(i, `${i}:${'x'.repeat(1000)}é`));
    const trace = new Trace('full');
    const early: string[] = [];
    events.forEach((ev, i) => {
      trace.record(ev);
      if (i === 0 || i === 1500) early.push(trace.digest());
    });
    const sha = (evs: readonly TraceEvent[]): string => createHash('sha256').update(evs.map((e) => `${eventLine(e)}\n`).join('')).digest('hex');
    expect(trace.digest()).to.equal(sha(events));
    // A digest taken mid-run covers exactly the events so far, and the run goes on hashing after it.
    expect(early).to.deep.equal([sha(events.slice(0, 1)), sha(events.slice(0, 1501))]);
  });
});

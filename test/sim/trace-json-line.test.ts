/**
 * eventLine (src/sim/trace-json.ts): one canonical JSON line per trace event, written for trace.jsonl and hashed.
 */
import { expect } from 'chai';
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

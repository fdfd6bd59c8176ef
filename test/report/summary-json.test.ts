import { expect } from 'chai';
import { statsFromEvents } from '../../src/report/build-run-record';
import { summaryJson, summaryLine } from '../../src/report/summary-json';
import { Trace } from '../../src/sim/trace';
import { smallRecord } from './support/sample-records';

describe('report/summary-json', () => {
  it('starts with exactly the keys of the `natsim run --json` line, in order', () => {
    const line = JSON.parse(summaryLine(smallRecord()));
    expect(Object.keys(line)).to.deep.equal(['scenario', 'file', 'seed', 'params', 'passed', 'expectations', 'traceHash', 'virtualTimeMs', 'events']);
    expect(line).to.deep.include({ scenario: 'small-binding', file: 'scenarios/small.yaml', seed: 7, passed: false, virtualTimeMs: 45000, events: 28 });
    expect(line.expectations).to.deep.equal([
      { name: 'alice learns 203.0.113.10:40000', passed: true, detail: 'mapped address 203.0.113.10:40000 at 14.000ms' },
      { name: 'stun reaches alice from port 3479', passed: false, detail: 'dropped at home: nat-filtered' },
    ]);
  });

  it('reports the run: passed, evidence as canonical events, params sorted, counters by kind and drop reason', () => {
    const rec = smallRecord();
    const s = JSON.parse(summaryJson(rec));
    expect(s.passed).to.equal(false);
    expect(s.traceHash).to.match(/^[0-9a-f]{64}$/);
    expect(Object.keys(s.params)).to.deep.equal(['loss', 'nat']);
    expect(s.expectations[1].evidence).to.have.length(1);
    expect(s.expectations[1].evidence[0]).to.deep.include({ kind: 'dropped', node: 'home', reason: 'nat-filtered', detail: 'address-and-port-dependent filtering' });
    expect(s.expectations[1].evidence[0].pkt).to.deep.include({ src: '198.51.100.1:3479', dst: '203.0.113.10:40000', hex: '68656c6c6f' });
    expect(s.counters.byKind).to.deep.include({ sent: 4, link: 10, translated: 3, delivered: 2, dropped: 2, 'mapping-created': 1, 'mapping-flushed': 0 });
    expect(s.counters.dropsByReason['nat-filtered']).to.equal(1);
    expect(s.counters.dropsByReason['link-loss']).to.equal(1);
    expect(s.counters.dropsByReason['no-route']).to.equal(0);
    expect(s.counters.agentEvents).to.deep.equal({ 'stun-client:mapped': 1 });
  });

  it('has a trace hash equal to the digest of a full Trace fed the same events', () => {
    const rec = smallRecord();
    const t = new Trace('full');
    rec.events.forEach((e) => t.record(e));
    expect(rec.stats.traceHash).to.equal(t.digest());
    expect(statsFromEvents(rec.events.slice(1)).traceHash).not.to.equal(t.digest());
  });

  it('is newline-terminated, indented JSON and the same text every time', () => {
    const a = summaryJson(smallRecord());
    expect(a.endsWith('}\n')).to.equal(true);
    expect(a).to.contain('\n  "scenario": "small-binding",');
    expect(summaryJson(smallRecord())).to.equal(a);
  });

  it('passes a run with no expectations', () => {
    const rec = { ...smallRecord(), expectations: [] };
    expect(JSON.parse(summaryLine(rec)).passed).to.equal(true);
  });
});

/**
 * The interactive report's pure parts, run in Node: the embedded data round-trips to the same events, the rows the
 * diagram shows for each filter, folded repeats, compressed idle stretches, the packet panel with its NAT decisions
 * and the scrubber's mapping table at an instant.
 */
import { expect } from 'chai';
import { eventLine } from '../../src/sim/trace-json';
import type { TraceEvent } from '../../src/sim/trace-events';
import { agentSentence } from '../../src/report/html/agent-sentence';
import { buildLadder, HopRow } from '../../src/report/html/ladder-model';
import { reportData, reportDataScriptJson, scriptJson } from '../../src/report/html/report-data';
import { packetDetailHtml } from '../../src/report/html/viewer/packet-detail';
import { mappingsAt, stateAtHtml } from '../../src/report/html/viewer/state-at';
import { buildViewerModel } from '../../src/report/html/viewer/viewer-model';
import { GAP_HEIGHT, layoutEntries, ROW_HEIGHT, RowFilters, visibleEntries } from '../../src/report/html/viewer/viewer-rows';
import { traceEventFromJson } from '../../src/report/trace-from-json';
import { exampleRecord, smallRecord } from './support/sample-records';

const ALL: RowFilters = { nodes: new Set(), agents: new Set(), protocols: new Set(), dropsOnly: false, collapse: false };

describe('report/html viewer model', () => {
  const rec = smallRecord();
  const model = buildViewerModel(JSON.parse(scriptJson(reportData(rec))));

  it('embeds every event so that it reads back to the same canonical line', () => {
    expect(model.events.length).to.equal(rec.events.length);
    expect(model.events.map(eventLine)).to.deep.equal(rec.events.map(eventLine));
  });

  it("writes the embedded data from the events' lines byte for byte as the whole object's JSON, unsafe characters escaped", () => {
    const ex = exampleRecord();
    const tricky = { t: 1, kind: 'agent', node: 'n', agent: 'a', event: 'note', data: { text: '</script><!-- \u2028\u2029', big: 2n ** 64n } } as unknown as TraceEvent;
    const rec2 = { ...ex, events: [...ex.events, tricky] };
    const text = reportDataScriptJson(rec2);
    expect(text).to.equal(scriptJson(reportData(rec2)));
    expect(text).to.not.include('</script>').and.not.include('\u2028');
    expect(JSON.parse(text).events.at(-1).data).to.deep.equal({ text: '</script><!-- \u2028\u2029', big: '18446744073709551616' });
  });

  it('turns a translated event back with its five-tuples', () => {
    const tr = rec.events.find((e) => e.kind === 'translated')!;
    expect(traceEventFromJson(JSON.parse(eventLine(tr)))).to.deep.equal(tr);
  });

  it('draws every packet of the run, not a prefix', () => {
    const ex = exampleRecord();
    const m = buildViewerModel(reportData(ex));
    expect(m.ladder.packetsShown).to.equal(m.ladder.packetsTotal);
    expect(buildLadder(ex.topology, ex.events).packetsShown).to.be.below(m.ladder.packetsTotal + 1);
  });

  it('filters by node, by protocol and to drops only', () => {
    const all = visibleEntries(model.ladder.rows, ALL, new Set());
    const drops = visibleEntries(model.ladder.rows, { ...ALL, dropsOnly: true }, new Set());
    expect(drops.map((e) => (e.row as HopRow).drop?.reason)).to.deep.equal(['nat-filtered', 'link-loss']);
    const stunOnly = visibleEntries(model.ladder.rows, { ...ALL, protocols: new Set(['stun']) }, new Set());
    expect(stunOnly.filter((e) => e.row.type === 'hop').every((e) => (e.row as HopRow).label.kind === 'stun')).to.equal(true);
    expect(stunOnly.some((e) => e.row.type === 'hop' && (e.row as HopRow).label.text === '"hello"')).to.equal(false);
    const alice = visibleEntries(model.ladder.rows, { ...ALL, nodes: new Set(['alice']) }, new Set());
    expect(alice.length).to.be.within(1, all.length - 1);
    expect(alice.every((e) => (e.row.type === 'hop' ? [e.row.from, e.row.to].includes('alice') : e.row.at === 'alice'))).to.equal(true);
  });

  it('folds a retransmitted packet into one row that expands', () => {
    const hop = model.ladder.rows.find((r): r is HopRow => r.type === 'hop')!;
    const rows = [hop, { ...hop, idx: hop.idx + 100, t: hop.t + 500_000, pktId: 99 }, { ...hop, idx: hop.idx + 200, t: hop.t + 1_500_000, pktId: 98 }];
    const folded = visibleEntries(rows, { ...ALL, collapse: true }, new Set());
    expect(folded.length).to.equal(1);
    expect(folded[0].members!.map((m) => m.t)).to.deep.equal([hop.t, hop.t + 500_000, hop.t + 1_500_000]);
    expect(visibleEntries(rows, { ...ALL, collapse: true }, new Set([folded[0].group!])).length).to.equal(3);
  });

  it('compresses a long idle stretch into one marked gap, and zoom spreads rows by time', () => {
    const entries = visibleEntries(model.ladder.rows, ALL, new Set());
    const flat = layoutEntries(entries, 0);
    // 45 s run: the mapping expiry at 43 s comes after a long pause
    expect(flat.gaps.map((g) => g.toT)).to.include(43_000_000);
    expect(flat.height).to.equal(entries.length * ROW_HEIGHT + flat.gaps.length * GAP_HEIGHT);
    expect(layoutEntries(entries, 2).height).to.be.greaterThan(flat.height);
  });

  it('shows at each NAT the mapping created or the drop with its reason', () => {
    const first = model.packetEvents.get(model.ladder.rows.find((r): r is HopRow => r.type === 'hop')!.pktId)!;
    const html = packetDetailHtml(model.events, first);
    expect(html).to.contain('<b>home</b> (outbound): created a new mapping 192.168.1.10:5000 -> 203.0.113.10:40000');
    expect(html).to.contain('<tr><th>SOFTWARE</th><td class="mono">STUN test client</td></tr>');
    expect(html).to.contain('0000  00 01 00 58 21 12 a4 42');
    const filtered = model.ladder.rows.find((r): r is HopRow => r.type === 'hop' && r.drop?.reason === 'nat-filtered')!;
    const drop = packetDetailHtml(model.events, model.packetEvents.get(filtered.pktId)!);
    expect(drop).to.contain('<b>home</b> dropped it: <span class="reason">nat-filtered</span> (address-and-port-dependent filtering)');
  });

  it('gives the mapping table as it was at an instant', () => {
    expect(mappingsAt(model.mappings, 0)).to.deep.equal([]);
    expect(mappingsAt(model.mappings, 20_000).map((m) => `${m.nat} ${m.internal} ${m.external}`)).to.deep.equal(['home 192.168.1.10:5000 203.0.113.10:40000']);
    expect(mappingsAt(model.mappings, 44_000_000)).to.deep.equal([]);
    expect(stateAtHtml(model.mappings, model.nats, model.events, 20_000)).to.contain('<table class="mappings-at" data-nat="home">');
  });
});

describe('report/html agent sentences', () => {
  const ev = (event: string, data?: Record<string, unknown>): Pick<Extract<TraceEvent, { kind: 'agent' }>, 'agent' | 'event' | 'data'> => ({ agent: 'bob-ice', event, data });

  it('reads known events as sentences and others as words, never as JSON', () => {
    expect(agentSentence(ev('connected', { localType: 'relay', local: '203.0.113.5:1', remoteType: 'prflx', remote: '203.0.113.20:2', viaRelay: true })))
      .to.equal('bob-ice connected through a TURN relay: relay 203.0.113.5:1 <-> prflx 203.0.113.20:2');
    expect(agentSentence(ev('connected', { via: 'relay' }))).to.equal('bob-ice connected: via relay');
    expect(agentSentence(ev('checklist-state', { generation: 0, from: 'Running', to: 'Completed' }))).to.equal('bob-ice checklist went from Running to Completed');
    expect(agentSentence(ev('retransmission-stopped', { txId: 'ab', attempts: 7 }))).to.equal('bob-ice retransmission stopped: tx id ab, attempts 7');
    expect(agentSentence(ev('anything', { nested: { a: 1 } }))).not.to.match(/[{}"]/);
  });
});

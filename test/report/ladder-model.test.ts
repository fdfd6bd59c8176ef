import { expect } from 'chai';
import { buildLadder, HopRow, NoteRow } from '../../src/report/html/ladder-model';
import { layoutTopology, lifelineOrder } from '../../src/report/html/topology-layout';
import { EXAMPLE_TOPOLOGY, exampleRecord, smallRecord } from './support/sample-records';

describe('report/ladder-model', () => {
  const rec = smallRecord();
  const model = buildLadder(rec.topology, rec.events);
  const hops = model.rows.filter((r): r is HopRow => r.type === 'hop');
  const notes = model.rows.filter((r): r is NoteRow => r.type === 'note');

  it('draws hosts, NATs and servers, and passes through a router nothing died at', () => {
    expect(model.lifelines.map((l) => l.name)).to.deep.equal(['alice', 'home', 'stun']);
    expect(model.packetsShown).to.equal(4);
  });

  it('follows a packet hop by hop with departure and arrival times and the wire addresses', () => {
    const first = hops.filter((h) => h.pktId === 1);
    expect(first.map((h) => [h.from, h.to, h.t, h.arrive])).to.deep.equal([['alice', 'home', 0, 1000], ['home', 'stun', 1000, 7000]]);
    expect(first[0].wire).to.equal('192.168.1.10:5000 -> 198.51.100.1:3478');
    expect(first[1].wire).to.equal('203.0.113.10:40000 -> 198.51.100.1:3478');
    expect(first[0].label.text).to.equal('Binding request');
  });

  it('notes each translation at its NAT, between the hop in and the hop out', () => {
    const i = model.rows.findIndex((r) => r.type === 'note' && r.style === 'nat');
    expect(model.rows[i]).to.deep.include({ at: 'home', t: 1000, text: 'home: src 192.168.1.10:5000 -> 203.0.113.10:40000' });
    expect((model.rows[i - 1] as HopRow).to).to.equal('home');
    expect((model.rows[i + 1] as HopRow).from).to.equal('home');
  });

  it('marks a drop at a node and a loss on a link toward where the packet was going', () => {
    const filtered = hops.find((h) => h.drop?.reason === 'nat-filtered')!;
    expect(filtered).to.deep.include({ from: 'stun', to: 'home', pktId: 3 });
    expect(filtered.drop!.onLink).to.equal(false);
    const lost = hops.find((h) => h.drop?.reason === 'link-loss')!;
    expect(lost).to.deep.include({ from: 'home', to: 'stun' });
    expect(lost.drop!.onLink).to.equal(true);
  });

  it('adds agent events as notes within the drawn time, and leaves later ones out', () => {
    expect(notes.filter((n) => n.style === 'agent').map((n) => n.text)).to.deep.equal(['alice: stun-client learned its mapped (public) address: mapped 203.0.113.10:40000']);
    expect(notes.some((n) => n.style === 'mapping')).to.equal(false); // expiry at 43 s is after the last packet
  });

  it('draws the whole run, later notes included, with maxPackets Infinity', () => {
    const all = buildLadder(rec.topology, rec.events, { maxPackets: Infinity });
    expect(all.packetsShown).to.equal(all.packetsTotal);
    const mapping = all.rows.filter((r): r is NoteRow => r.type === 'note' && r.style === 'mapping');
    expect(mapping.map((n) => n.t)).to.deep.equal([43_000_000]);
  });

  it('makes a router a lifeline when a shown packet dies there', () => {
    const ev = [...rec.events, { kind: 'dropped' as const, t: 50000, node: 'core', reason: 'ttl-expired' as const, pkt: rec.events[0].kind === 'sent' ? rec.events[0].pkt : undefined! }];
    const m = buildLadder(rec.topology, ev);
    expect(m.lifelines.map((l) => l.name)).to.include('core');
  });

  it('orders lifelines of a two-sided topology mirror-wise: host, NAT, servers, NAT, host', () => {
    const order = lifelineOrder(layoutTopology(EXAMPLE_TOPOLOGY));
    const m = buildLadder(EXAMPLE_TOPOLOGY, exampleRecord().events, { order });
    expect(m.lifelines.map((l) => l.name)).to.deep.equal(['alice', 'home', 'stun', 'turn', 'office', 'bob']);
    expect(m.lifelines[1].sub).to.equal('203.0.113.10');
  });

  it('keeps only the first packets when capped', () => {
    const m = buildLadder(rec.topology, rec.events, { maxPackets: 1 });
    expect(m.packetsShown).to.equal(1);
    expect(m.packetsTotal).to.equal(4);
    expect(new Set(m.rows.filter((r): r is HopRow => r.type === 'hop').map((h) => h.pktId))).to.deep.equal(new Set([1]));
  });
});

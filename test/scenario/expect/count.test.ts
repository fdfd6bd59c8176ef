/**
 * `count: delivered | dropped`: packets counted from the trace by outcome, drop reason, node or network, and
 * destination port. One run with a known set of deliveries and drops; each row is an expectation of that run.
 */
import { expect } from 'chai';
import type { DroppedEvent, TraceEvent } from '../../../src/sim/trace-events';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { homeScenario, run } from '../support';

// The laptop pings the echo server 3 times from port 5000 (3 echoes come back). Then a stranger on the Internet
// sends 2 datagrams to the laptop's mapping (filtered: the port-restricted-cone mapping never sent to him), 1 to an
// unmapped port of the NAT and 1 to a closed port of the echo server; at last the home network loses everything
// and one more datagram from the laptop dies on it.
const SCENARIO = homeScenario(`
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  pinger: { type: traffic, host: laptop, port: 5000, to: echo, count: 3, every: 1s }
timeline:
  - at: 5s
    send: { host: stranger, to: 203.0.113.10:5000, count: 2 }
  - at: 6s
    send: { host: stranger, to: 203.0.113.10:6000 }
  - at: 7s
    send: { host: stranger, to: 203.0.113.7:9 }
  - at: 8s
    setLink: { network: home, loss: 100% }
  - at: 9s
    send: { host: laptop, to: echo }
expectations:
  - { name: echoes home, count: delivered, node: laptop, port: 5000, eq: 3 }
  - { name: four echoes, count: delivered, node: laptop, port: 5000, eq: 4 }
  - { name: at the echo server, count: delivered, node: echo-server, min: 3, max: 3 }
  - { name: filtered at home, count: dropped, reason: nat-filtered, node: home-nat, eq: 2 }
  - { name: filtered at most once, count: dropped, reason: nat-filtered, max: 1 }
  - { name: filtered at the cafe, count: dropped, reason: nat-filtered, node: cafe-nat, min: 1 }
  - { name: no mapping on 6000, count: dropped, reason: nat-no-mapping, port: 6000, eq: 1 }
  - { name: no mapping on 5000, count: dropped, reason: nat-no-mapping, port: 5000, eq: 0 }
  - { name: any drop at home-nat, count: dropped, node: home-nat, eq: 3 }
  - { name: lost on the home network, count: dropped, reason: link-loss, node: home, eq: 1 }
  - { name: lost on the internet, count: dropped, reason: link-loss, node: internet, eq: 0 }
  - { name: closed port, count: dropped, reason: port-unreachable, node: echo-server, eq: 1 }
  - { name: every drop, count: dropped, min: 2, max: 4 }
`);

function outcome(r: ScenarioRunResult, name: string) {
  const o = r.outcomes.find((x) => x.name === name);
  if (!o) throw new Error(`no expectation named '${name}'`);
  return o;
}

function drops(r: ScenarioRunResult, pred: (e: DroppedEvent) => boolean): DroppedEvent[] {
  return r.record.events.filter((e: TraceEvent): e is DroppedEvent => e.kind === 'dropped' && pred(e));
}

describe('expectation: count delivered / dropped', () => {
  let r: ScenarioRunResult;
  before(() => {
    r = run(SCENARIO);
  });

  it('counts deliveries at a node to a port, with the delivered events as evidence', () => {
    const o = outcome(r, 'echoes home');
    expect(o.passed).to.equal(true);
    expect(o.observed).to.equal('3');
    expect(o.detail).to.equal('3 packets delivered at laptop to port 5000; expected exactly 3');
    expect(o.evidence).to.have.length(3);
    for (const ev of o.evidence) expect(ev).to.deep.include({ kind: 'delivered', node: 'laptop' });
    // the echoes carry the pinger's payloads back: "pinger #1 ", "pinger #2 ", "pinger #3 "
    const texts = o.evidence.map((ev) => (ev.kind === 'delivered' ? Buffer.from(ev.pkt.payload.subarray(0, 10)).toString() : ''));
    expect(texts).to.deep.equal(['pinger #1 ', 'pinger #2 ', 'pinger #3 ']);
    expect(outcome(r, 'at the echo server')).to.deep.include({ passed: true, observed: '3', detail: '3 packets delivered at echo-server; expected 3 to 3' });
  });

  it('fails a count that does not match and says what it saw', () => {
    const o = outcome(r, 'four echoes');
    expect(o.passed).to.equal(false);
    expect(o.detail).to.equal('3 packets delivered at laptop to port 5000; expected exactly 4');
    expect(o.evidence).to.have.length(3);
  });

  it('counts drops by reason and node, with exactly those drops as evidence', () => {
    const o = outcome(r, 'filtered at home');
    const filtered = drops(r, (e) => e.reason === 'nat-filtered');
    expect(filtered).to.have.length(2);
    expect(o.passed).to.equal(true);
    expect(o.detail).to.equal('2 packets dropped (nat-filtered) at home-nat; expected exactly 2');
    expect(o.evidence).to.deep.equal(filtered);
    for (const ev of filtered) expect(ev.pkt.dstPort).to.equal(5000);

    const most = outcome(r, 'filtered at most once');
    expect(most).to.deep.include({ passed: false, observed: '2', detail: '2 packets dropped (nat-filtered); expected at most 1' });

    const cafe = outcome(r, 'filtered at the cafe');
    expect(cafe).to.deep.include({ passed: false, observed: '0', detail: '0 packets dropped (nat-filtered) at cafe-nat; expected at least 1' });
    expect(cafe.evidence).to.deep.equal([]);
  });

  it('filters drops by destination port', () => {
    const o = outcome(r, 'no mapping on 6000');
    expect(o.passed).to.equal(true);
    expect(o.evidence).to.deep.equal(drops(r, (e) => e.reason === 'nat-no-mapping'));
    expect(o.evidence[0]).to.deep.include({ node: 'home-nat', reason: 'nat-no-mapping' });
    expect(outcome(r, 'no mapping on 5000')).to.deep.include({ passed: true, observed: '0' });
  });

  it('counts every reason at a node when no reason is given', () => {
    const o = outcome(r, 'any drop at home-nat');
    expect(o.passed).to.equal(true);
    expect(o.evidence.map((e) => (e.kind === 'dropped' ? e.reason : e.kind))).to.deep.equal(['nat-filtered', 'nat-filtered', 'nat-no-mapping']);
  });

  it('places link losses on the network they happened on', () => {
    const o = outcome(r, 'lost on the home network');
    expect(o.passed).to.equal(true);
    expect(o.evidence).to.have.length(1);
    expect(o.evidence[0]).to.deep.include({ kind: 'dropped', node: 'home', reason: 'link-loss' });
    expect(outcome(r, 'lost on the internet').passed).to.equal(true);
    expect(outcome(r, 'closed port').passed).to.equal(true);
  });

  it('checks a range over every drop of the run', () => {
    const o = outcome(r, 'every drop');
    expect(drops(r, () => true)).to.have.length(5);
    expect(o).to.deep.include({ passed: false, observed: '5', detail: '5 packets dropped; expected 2 to 4' });
    expect(r.passed).to.equal(false);
  });
});

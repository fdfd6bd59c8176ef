/**
 * `mappings: <nat>` at a time: mappings created minus those expired (RFC 4787 §4.3) or flushed, counted from the
 * NAT's mapping events up to that time.
 */
import { expect } from 'chai';
import type { MappingEvent, TraceEvent } from '../../../src/sim/trace-events';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { run, specOf } from '../support';

const TOPOLOGY = `
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
    home: { cidr: 192.168.1.0/24, latency: 1ms }
    other: { cidr: 192.168.9.0/24 }
  nats:
    home-nat:
      preset: port-restricted-cone
      mappingTimeout: 5s
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
    idle-nat:
      preset: full-cone
      inside: { network: other, ip: 192.168.9.1 }
      outside: { network: internet, ip: 203.0.113.90 }
  hosts:
    laptop: { network: home, ip: 192.168.1.10 }
    echo-server: { network: internet, ip: 203.0.113.7 }
`;

function outcome(r: ScenarioRunResult, name: string) {
  const o = r.outcomes.find((x) => x.name === name);
  if (!o) throw new Error(`no expectation named '${name}'`);
  return o;
}

function mappingEvents(r: ScenarioRunResult, kind: MappingEvent['kind']): MappingEvent[] {
  return r.record.events.filter((e: TraceEvent): e is MappingEvent => e.kind === kind && e.node === 'home-nat');
}

describe('expectation: mappings on a NAT at a time', () => {
  // Port 5000 talks for 3 s (its mapping lives until about 7 s), port 6000 sends once (its mapping ends at about 5 s).
  let r: ScenarioRunResult;
  before(() => {
    r = run(specOf(`duration: 15s\n${TOPOLOGY}
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  long: { type: traffic, host: laptop, port: 5000, to: echo, count: 3, every: 1s }
  short: { type: traffic, host: laptop, port: 6000, to: echo, count: 1 }
expectations:
  - { name: both, mappings: home-nat, at: 1s, eq: 2 }
  - { name: one left, mappings: home-nat, at: 6s, eq: 1 }
  - { name: none left, mappings: home-nat, at: 10s, eq: 0 }
  - { name: still some, mappings: home-nat, at: 10s, min: 1 }
  - { name: only one, mappings: home-nat, at: 1s, eq: 1 }
  - { name: idle NAT, mappings: idle-nat, at: 1s, eq: 0 }
`));
  });

  it('counts the live mappings, with their creation events as evidence', () => {
    const created = mappingEvents(r, 'mapping-created');
    expect(created.map((e) => e.internal)).to.deep.equal(['192.168.1.10:5000', '192.168.1.10:6000']);
    const o = outcome(r, 'both');
    expect(o).to.deep.include({ passed: true, observed: '2', detail: '2 mappings on home-nat at 1.000s; expected exactly 2' });
    expect(o.evidence).to.deep.equal(created);
  });

  it('takes expired mappings off at their expiry, and shows the expiry as evidence', () => {
    const expired = mappingEvents(r, 'mapping-expired');
    expect(expired.map((e) => e.internal)).to.deep.equal(['192.168.1.10:6000', '192.168.1.10:5000']);
    expect(expired[0].t).to.be.within(5e6, 6e6);
    expect(expired[1].t).to.be.within(7e6, 8e6);
    const one = outcome(r, 'one left');
    expect(one).to.deep.include({ passed: true, observed: '1' });
    expect(one.evidence).to.deep.equal([mappingEvents(r, 'mapping-created')[0], expired[0]]);
    const none = outcome(r, 'none left');
    expect(none).to.deep.include({ passed: true, observed: '0', detail: '0 mappings on home-nat at 10.000s; expected exactly 0' });
    expect(none.evidence).to.deep.equal(expired);
  });

  it('fails when the count does not match, saying how many there were', () => {
    expect(outcome(r, 'still some')).to.deep.include({ passed: false, observed: '0', detail: '0 mappings on home-nat at 10.000s; expected at least 1' });
    expect(outcome(r, 'only one')).to.deep.include({ passed: false, observed: '2', detail: '2 mappings on home-nat at 1.000s; expected exactly 1' });
  });

  it('counts only the named NAT', () => {
    const o = outcome(r, 'idle NAT');
    expect(o).to.deep.include({ passed: true, observed: '0' });
    expect(o.evidence).to.deep.equal([]);
  });

  it('takes flushed mappings off at a NAT reboot, and counts the new mapping made after it', () => {
    const rb = run(specOf(`duration: 10s\n${TOPOLOGY}
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  long: { type: traffic, host: laptop, port: 5000, to: echo, count: 5, every: 1s }
timeline:
  - { at: 2500ms, rebootNat: { nat: home-nat } }
expectations:
  - { name: before, mappings: home-nat, at: 2400ms, eq: 1 }
  - { name: flushed, mappings: home-nat, at: 2600ms, eq: 0 }
  - { name: again, mappings: home-nat, at: 3500ms, eq: 1 }
`));
    const flushed = rb.record.events.filter((e) => e.kind === 'mapping-flushed');
    expect(flushed).to.have.length(1);
    expect(flushed[0].t).to.equal(2_500_000);
    expect(outcome(rb, 'before').passed).to.equal(true);
    const f = outcome(rb, 'flushed');
    expect(f.passed).to.equal(true);
    expect(f.evidence).to.deep.equal(flushed);
    const again = outcome(rb, 'again');
    expect(again.passed).to.equal(true);
    expect(again.evidence[0]).to.deep.include({ kind: 'mapping-created', internal: '192.168.1.10:5000' });
    expect(again.evidence[0].t).to.be.within(3e6, 3.1e6);
  });
});

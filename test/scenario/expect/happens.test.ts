/**
 * `happens: { agent | node, event }` before a time: the first matching trace event decides, whether it is an
 * agent's event, a server's event (named by the server), or a trace event kind at a node or on a network.
 */
import { expect } from 'chai';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { run, specOf } from '../support';

const SCENARIO = specOf(`
duration: 10s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
    home: { cidr: 192.168.1.0/24, latency: 1ms }
  nats:
    home-nat:
      preset: port-restricted-cone
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
  hosts:
    laptop: { network: home, ip: 192.168.1.10 }
    echo-server: { network: internet, ip: 203.0.113.7 }
  servers:
    stun: { type: stun, network: internet, ip: 203.0.113.2 }
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  pinger: { type: traffic, host: laptop, port: 5000, to: echo, count: 3, every: 1s }
expectations:
  - { name: done in time, happens: { agent: pinger, event: done }, before: 5s }
  - { name: done too late, happens: { agent: pinger, event: done }, before: 1s }
  - { name: mapping made, happens: { node: home-nat, event: mapping-created }, before: 1s }
  - { name: mapping expired, happens: { node: home-nat, event: mapping-expired }, before: 10s }
  - { name: on the wire, happens: { node: internet, event: link }, before: 100ms }
  - { name: server up, happens: { agent: stun, event: started }, before: 1ms }
  - { name: echo stopped, happens: { agent: echo, event: stopped } }
`);

function outcome(r: ScenarioRunResult, name: string) {
  const o = r.outcomes.find((x) => x.name === name);
  if (!o) throw new Error(`no expectation named '${name}'`);
  return o;
}

describe('expectation: an event happens before a time', () => {
  let r: ScenarioRunResult;
  before(() => {
    r = run(SCENARIO);
  });

  it('passes on an agent event before the deadline, with that event as evidence', () => {
    const done = r.record.events.filter((e) => e.kind === 'agent' && e.agent === 'pinger' && e.event === 'done');
    expect(done).to.have.length(1);
    expect(done[0].t).to.equal(2_000_000);
    const o = outcome(r, 'done in time');
    expect(o).to.deep.include({ passed: true, observed: '2.000s', detail: 'pinger done first at 2.000s' });
    expect(o.evidence).to.deep.equal(done);
  });

  it('fails when the event comes after the deadline, saying when it came', () => {
    const o = outcome(r, 'done too late');
    expect(o).to.deep.include({ passed: false, observed: '2.000s', detail: 'pinger done did not happen by 1.000s (first at 2.000s)' });
    expect(o.evidence).to.have.length(1);
  });

  it('fails with no evidence when the event never happens', () => {
    // port-restricted-cone mappings last 2 minutes: nothing expires in 10 s
    expect(r.record.events.some((e) => e.kind === 'mapping-expired')).to.equal(false);
    const o = outcome(r, 'mapping expired');
    expect(o).to.deep.include({ passed: false, observed: 'never', detail: 'home-nat mapping-expired did not happen by 10.000s (never)' });
    expect(o.evidence).to.deep.equal([]);
    expect(outcome(r, 'echo stopped')).to.deep.include({ passed: false, observed: 'never' });
  });

  it('matches trace event kinds at a NAT and on a network', () => {
    const created = r.record.events.find((e) => e.kind === 'mapping-created')!;
    const m = outcome(r, 'mapping made');
    expect(m.passed).to.equal(true);
    expect(m.evidence).to.deep.equal([created]);
    expect(m.evidence[0]).to.deep.include({ node: 'home-nat', internal: '192.168.1.10:5000' });
    const w = outcome(r, 'on the wire');
    expect(w.passed).to.equal(true);
    expect(w.evidence[0]).to.deep.include({ kind: 'link', link: 'internet' });
  });

  it('finds a server\'s events by the server\'s name', () => {
    const o = outcome(r, 'server up');
    expect(o.passed).to.equal(true);
    expect(o.evidence[0]).to.deep.include({ kind: 'agent', node: 'stun', agent: 'stun-server', event: 'started', t: 0 });
  });
});

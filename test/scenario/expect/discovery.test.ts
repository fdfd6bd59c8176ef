/**
 * `discovery: <agent>`: the agent's first RFC 5780 result compared key by key (only the keys written are checked),
 * with the 'discovered' event as evidence.
 */
import { expect } from 'chai';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { run, specOf } from '../support';

function behindNat(preset: string, duration: string, expectations: string): ScenarioRunResult {
  return run(specOf(`
duration: ${duration}
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 15ms }
    home: { cidr: 192.168.1.0/24, latency: 1ms }
  nats:
    home-nat:
      preset: ${preset}
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
  hosts:
    laptop: { network: home, ip: 192.168.1.10 }
  servers:
    stun: { type: stun, network: internet, ip: 203.0.113.2, alternate: { ip: 203.0.113.3 } }
agents:
  discover: { type: discovery, host: laptop, stun: stun }
expectations:
${expectations}`));
}

function outcome(r: ScenarioRunResult, name: string) {
  const o = r.outcomes.find((x) => x.name === name);
  if (!o) throw new Error(`no expectation named '${name}'`);
  return o;
}

function discovered(r: ScenarioRunResult) {
  return r.record.events.filter((e) => e.kind === 'agent' && e.agent === 'discover' && e.event === 'discovered');
}

describe('expectation: discovery result', () => {
  it('passes when every given key matches the full-cone result, and fails on a wrong key', () => {
    const r = behindNat('full-cone', '10s', `
  - { name: right, discovery: discover, mapping: endpoint-independent, filtering: endpoint-independent, classic: full-cone }
  - { name: classic only, discovery: discover, classic: full-cone }
  - { name: wrong, discovery: discover, mapping: endpoint-independent, classic: symmetric }
  - { name: hairpin, discovery: discover, hairpinning: true }
`);
    const ev = discovered(r);
    expect(ev).to.have.length(1);
    expect(ev[0].kind === 'agent' && ev[0].data).to.deep.include({ mapping: 'endpoint-independent', filtering: 'endpoint-independent', classic: 'full-cone' });
    const right = outcome(r, 'right');
    expect(right.passed).to.equal(true);
    expect(right.observed).to.equal('full-cone');
    expect(right.detail).to.match(/^mapping endpoint-independent, filtering endpoint-independent, classic full-cone \(at [\d.]+m?s\)$/);
    expect(right.evidence).to.deep.equal(ev);
    expect(outcome(r, 'classic only').detail).to.match(/^classic full-cone \(at /);
    const wrong = outcome(r, 'wrong');
    expect(wrong).to.deep.include({ passed: false, observed: 'full-cone', detail: 'classic: expected symmetric, got full-cone' });
    expect(wrong.evidence).to.deep.equal(ev);
    expect(outcome(r, 'hairpin')).to.deep.include({ passed: true });
  });

  it('checks hairpinning: a NAT with hairpinning off fails `hairpinning: true`', () => {
    // the hairpin test only gives up after the STUN retransmissions (about 40 s)
    const r = behindNat('full-cone\n      hairpinning: false', '1m', `
  - { name: hairpin, discovery: discover, hairpinning: true }
  - { name: no hairpin, discovery: discover, classic: full-cone, hairpinning: false }
`);
    expect(discovered(r)).to.have.length(1);
    expect(outcome(r, 'hairpin')).to.deep.include({ passed: false, detail: 'hairpinning: expected true, got false' });
    expect(outcome(r, 'no hairpin').passed).to.equal(true);
  });

  it('tells a symmetric NAT apart: the mapping differs per destination', () => {
    const r = behindNat('symmetric', '3m', `
  - { name: symmetric, discovery: discover, mapping: address-and-port-dependent, classic: symmetric }
  - { name: cone, discovery: discover, mapping: endpoint-independent, filtering: endpoint-independent }
`);
    expect(outcome(r, 'symmetric').passed).to.equal(true);
    const cone = outcome(r, 'cone');
    expect(cone.passed).to.equal(false);
    expect(cone.detail).to.equal('mapping: expected endpoint-independent, got address-and-port-dependent; filtering: expected endpoint-independent, got address-and-port-dependent');
  });

  it('fails with no evidence when the agent reports no result in time', () => {
    const r = behindNat('full-cone', '50ms', `
  - { name: too short, discovery: discover, classic: full-cone }
`);
    expect(discovered(r)).to.deep.equal([]);
    const o = outcome(r, 'too short');
    expect(o).to.deep.include({ passed: false, observed: 'no result', detail: 'discover reported no discovery result' });
    expect(o.evidence).to.deep.equal([]);
  });
});

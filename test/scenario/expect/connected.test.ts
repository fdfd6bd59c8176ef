/**
 * `connected` and `notConnected`: each passes when the agents' own trace events say so and fails otherwise, with
 * the 'connected' / 'failed' events that decided it as evidence and a detail that says what was seen.
 */
import { expect } from 'chai';
import { formatTime } from '../../../src/sim/time';
import type { AgentEvent, TraceEvent } from '../../../src/sim/trace-events';
import type { ScenarioRunResult } from '../../../src/scenario/run/run-scenario';
import { run, specOf } from '../support';

/** Two homes behind NATs of the given presets, a STUN server and a TURN server. */
function twoHomes(alicePreset: string, bobPreset: string): string {
  return `
signalling: { delay: 50ms }
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 25ms }
    alice-home: { cidr: 192.168.1.0/24, latency: 1ms }
    bob-home: { cidr: 10.0.0.0/24, latency: 1ms }
  nats:
    alice-nat:
      preset: ${alicePreset}
      inside: { network: alice-home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
    bob-nat:
      preset: ${bobPreset}
      inside: { network: bob-home, ip: 10.0.0.1 }
      outside: { network: internet, ip: 203.0.113.20 }
  hosts:
    alice: { network: alice-home, ip: 192.168.1.10 }
    bob: { network: bob-home, ip: 10.0.0.10 }
  servers:
    stun: { type: stun, network: internet, ip: 203.0.113.2 }
    turn: { type: turn, network: internet, ip: 203.0.113.5, users: { alice: a-pass, bob: b-pass } }
`;
}

const PUNCH_AGENTS = `
agents:
  alice-punch: { type: hole-punch, host: alice, stun: stun, peer: bob-punch }
  bob-punch: { type: hole-punch, host: bob, stun: stun, peer: alice-punch }
`;

const ICE_AGENTS = `
agents:
  alice-ice: { type: ice, host: alice, peer: bob-ice, controlling: true, stun: stun, turn: [{ server: turn, username: alice }] }
  bob-ice: { type: ice, host: bob, peer: alice-ice, stun: stun, turn: [{ server: turn, username: bob }] }
`;

/** The outcome named `name`. */
function outcome(r: ScenarioRunResult, name: string) {
  const o = r.outcomes.find((x) => x.name === name);
  if (!o) throw new Error(`no expectation named '${name}' (have: ${r.outcomes.map((x) => x.name).join('; ')})`);
  return o;
}

/** `agent:event@ms` for agent events, `kind@ms` for others. */
function brief(ev: TraceEvent): string {
  return ev.kind === 'agent' ? `${ev.agent}:${ev.event}@${ev.t / 1000}` : `${ev.kind}@${ev.t / 1000}`;
}

/** The first agent event of `agent` named `event` in the run. */
function firstEvent(r: ScenarioRunResult, agent: string, event: string): AgentEvent {
  const ev = r.record.events.find((e): e is AgentEvent => e.kind === 'agent' && e.agent === agent && e.event === event);
  if (!ev) throw new Error(`${agent} never reported ${event}`);
  return ev;
}

describe('expectation: connected / notConnected (hole punching)', () => {
  // Port-restricted cone on both sides: the punch gets through (lesson 04 without the late start).
  let ok: ScenarioRunResult;
  // Port-restricted cone against symmetric with random ports: every punch is filtered (lesson 05).
  let blocked: ScenarioRunResult;

  before(() => {
    ok = run(specOf(`duration: 20s\n${twoHomes('port-restricted-cone', 'port-restricted-cone')}${PUNCH_AGENTS}
expectations:
  - { name: direct in 5s, connected: [alice-punch, bob-punch], via: direct, within: 5s }
  - { name: any in 5s, connected: [bob-punch, alice-punch] }
  - { name: relay, connected: [alice-punch, bob-punch], via: relay }
  - { name: too soon, connected: [alice-punch, bob-punch], within: 100ms }
  - { name: never, notConnected: [alice-punch, bob-punch] }
  - { name: not yet, notConnected: [alice-punch, bob-punch], within: 100ms }
`));
    blocked = run(specOf(`duration: 15s\n${twoHomes('port-restricted-cone', 'symmetric\n      portAssignment: random')}${PUNCH_AGENTS}
expectations:
  - { name: never, notConnected: [alice-punch, bob-punch] }
  - { name: connects, connected: [alice-punch, bob-punch], within: 15s }
`));
  });

  it('passes via direct with both agents\' connected events as evidence', () => {
    const o = outcome(ok, 'direct in 5s');
    const a = firstEvent(ok, 'alice-punch', 'connected');
    const b = firstEvent(ok, 'bob-punch', 'connected');
    expect(o.passed).to.equal(true);
    expect(o.observed).to.equal('direct');
    expect(o.evidence).to.deep.equal([a, b]);
    // the pair is connected once the later of the two has connected
    expect(o.detail).to.equal(`connected at ${formatTime(Math.max(a.t, b.t))} via direct`);
    expect(outcome(ok, 'any in 5s').passed).to.equal(true);
  });

  it('fails via relay when the connection is direct, saying what it was', () => {
    const o = outcome(ok, 'relay');
    expect(o.passed).to.equal(false);
    expect(o.observed).to.equal('direct');
    expect(o.detail).to.match(/^connected at [\d.]+m?s via direct, expected via relay$/);
    expect(o.evidence.map(brief)).to.deep.equal([brief(firstEvent(ok, 'alice-punch', 'connected')), brief(firstEvent(ok, 'bob-punch', 'connected'))]);
  });

  it('fails when the connection comes after `within`, and says when it came', () => {
    const o = outcome(ok, 'too soon');
    const a = firstEvent(ok, 'alice-punch', 'connected');
    expect(a.t).to.be.greaterThan(100_000);
    expect(o.passed).to.equal(false);
    expect(o.observed).to.equal('not connected');
    expect(o.detail).to.match(/^alice-punch did not connect within 100\.000ms \(it connected later, at [\d.]+ms\)$/);
    expect(o.evidence).to.deep.include(a);
  });

  it('notConnected fails when an agent connected in time, with its connected event as evidence', () => {
    const o = outcome(ok, 'never');
    const a = firstEvent(ok, 'alice-punch', 'connected');
    expect(o.passed).to.equal(false);
    expect(o.detail).to.match(/^alice-punch connected at [\d.]+ms via direct$/);
    expect(o.evidence).to.deep.equal([a]);
    // ... but holds for a window that ends before the connection
    const early = outcome(ok, 'not yet');
    expect(early.passed).to.equal(true);
    expect(early.detail).to.equal('no connection within 100.000ms');
  });

  it('notConnected passes when every punch is filtered, with both failed events and their reasons', () => {
    const o = outcome(blocked, 'never');
    const fa = firstEvent(blocked, 'alice-punch', 'failed');
    const fb = firstEvent(blocked, 'bob-punch', 'failed');
    expect(blocked.record.events.some((e) => e.kind === 'agent' && e.event === 'connected')).to.equal(false);
    expect(o.passed).to.equal(true);
    expect(o.observed).to.equal('not connected');
    expect(o.evidence).to.deep.equal([fa, fb].sort((x, y) => x.t - y.t));
    expect(o.detail).to.match(/^no connection within 15\.000s; alice-punch \(failed at [\d.]+s: .*nat-filtered.*\), bob-punch \(failed at/);
  });

  it('connected fails on the blocked pair and gives the agent\'s failure reason', () => {
    const o = outcome(blocked, 'connects');
    expect(o.passed).to.equal(false);
    expect(o.detail).to.match(/^alice-punch did not connect within 15\.000s \(failed at [\d.]+s: .+\)$/);
    expect(o.evidence).to.deep.equal([firstEvent(blocked, 'alice-punch', 'failed')]);
  });
});

describe('expectation: connected (ICE, via and candidate types)', function () {
  this.timeout(20_000);
  // Port-restricted cone against symmetric: ICE falls back to a TURN relay (lesson 06).
  let relay: ScenarioRunResult;
  // Port-restricted cone on both sides: a direct srflx pair.
  let direct: ScenarioRunResult;

  before(() => {
    relay = run(specOf(`duration: 10s\n${twoHomes('port-restricted-cone', 'symmetric\n      portAssignment: random')}${ICE_AGENTS}
expectations:
  - { name: relay, connected: [alice-ice, bob-ice], via: relay, local: relay, within: 10s }
  - { name: direct, connected: [alice-ice, bob-ice], via: direct }
  - { name: local host, connected: [alice-ice, bob-ice], local: host }
  - { name: remote relay, connected: [alice-ice, bob-ice], remote: relay }
`));
    direct = run(specOf(`duration: 10s\n${twoHomes('port-restricted-cone', 'port-restricted-cone')}${ICE_AGENTS}
expectations:
  - { name: srflx pair, connected: [alice-ice, bob-ice], via: direct, local: srflx, remote: srflx }
  - { name: relay, connected: [alice-ice, bob-ice], via: relay }
`));
  });

  it('passes via relay with a relayed local candidate, reporting the selected pair\'s types', () => {
    const o = outcome(relay, 'relay');
    const a = firstEvent(relay, 'alice-ice', 'connected');
    expect(a.data).to.include({ viaRelay: true, localType: 'relay' });
    expect(o.passed).to.equal(true);
    expect(o.observed).to.equal('relay');
    expect(o.detail).to.match(new RegExp(`^connected at [\\d.]+m?s via relay \\(relay/${String(a.data!.remoteType)}\\)$`));
    expect(o.evidence).to.deep.equal([a, firstEvent(relay, 'bob-ice', 'connected')]);
  });

  it('fails via direct and on candidate types the selected pair does not have', () => {
    const d = outcome(relay, 'direct');
    expect(d.passed).to.equal(false);
    expect(d.observed).to.equal('relay');
    expect(d.detail).to.match(/via relay \(relay\/\w+\), expected via direct$/);
    const h = outcome(relay, 'local host');
    expect(h.passed).to.equal(false);
    expect(h.detail).to.match(/, expected local host$/);
    const remoteType = String(firstEvent(relay, 'alice-ice', 'connected').data!.remoteType);
    expect(outcome(relay, 'remote relay').passed).to.equal(remoteType === 'relay');
  });

  it('passes a direct srflx/srflx pair and fails relay on it', () => {
    const o = outcome(direct, 'srflx pair');
    expect(firstEvent(direct, 'alice-ice', 'connected').data).to.include({ viaRelay: false, localType: 'srflx', remoteType: 'srflx' });
    expect(o.passed).to.equal(true);
    expect(o.detail).to.match(/via direct \(srflx\/srflx\)$/);
    const r = outcome(direct, 'relay');
    expect(r.passed).to.equal(false);
    expect(r.detail).to.match(/via direct \(srflx\/srflx\), expected via relay$/);
  });

  it('decides the run: passed only when every expectation held', () => {
    expect(relay.passed).to.equal(false);
    expect(relay.record.expectations.map((e) => e.passed)).to.deep.equal(relay.outcomes.map((o) => o.passed));
  });
});

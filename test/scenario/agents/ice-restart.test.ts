/**
 * ICE in scenarios: 'consent-lost' and 'restarted' once per occurrence, and restartOnFailure also restarting
 * after a restart's checks all failed, so a restart made during a long outage connects when the link returns.
 */
import { expect } from 'chai';
import { loadScenarioFile } from '../../../src/scenario/format';
import { SCENARIOS_ROOT } from '../../support/scenario-files';
import { run, specOf } from '../support';

type Ev = ReturnType<typeof run>['record']['events'][number];
const agentEvents = (evs: readonly Ev[], agent: string, event: string) =>
  evs.filter((e) => e.kind === 'agent' && e.agent === agent && e.event === event);

const OUTAGE = (extra: string) => `
duration: 200s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
  hosts:
    alice: { network: internet, ip: 203.0.113.10 }
    bob: { network: internet, ip: 203.0.113.20 }
agents:
  a: { type: ice, host: alice, peer: b, controlling: true, restartOnFailure: true${extra} }
  b: { type: ice, host: bob, peer: a, restartOnFailure: true${extra} }
timeline:
  - { at: 5s, setLink: { network: internet, node: alice, up: false } }
  - { at: 150s, setLink: { network: internet, node: alice, up: true } }
`;

describe('scenario ICE agents: consent loss and restarts', function () {
  this.timeout(120_000);

  it('reports consent-lost and restarted once each in lesson 11 (they were traced twice)', () => {
    const spec = loadScenarioFile(`${SCENARIOS_ROOT}/lessons/11-nat-reboot-ice-restart.yaml`).cells[0].spec;
    const evs = run(spec).record.events;
    expect(agentEvents(evs, 'bob-ice', 'consent-lost')).to.have.length(1);
    const restarted = agentEvents(evs, 'alice-ice', 'restarted');
    expect(restarted).to.have.length(1);
    expect(restarted[0].kind === 'agent' && restarted[0].data).to.include({ generation: 1, viaRelay: false });
  });

  it('restarts again after a restart\'s checks all fail, and connects soon after a long outage ends', () => {
    const evs = run(specOf(OUTAGE(''))).record.events;
    const restarting = agentEvents(evs, 'a', 'restarting');
    expect(restarting.length).to.be.greaterThan(1);
    expect(restarting.some((e) => e.kind === 'agent' && e.data?.after === 'checks-failed')).to.equal(true);
    const back = agentEvents(evs, 'a', 'restarted').map((e) => e.t / 1e6).filter((t) => t >= 150);
    expect(back.length).to.be.greaterThan(0);
    expect(back[0]).to.be.lessThan(150 + 45);
  });

  it('with restartAfterFailedChecks: false, a restart made during the outage stays failed', () => {
    const evs = run(specOf(OUTAGE(', restartAfterFailedChecks: false'))).record.events;
    expect(agentEvents(evs, 'a', 'restarted').filter((e) => e.t / 1e6 >= 150)).to.have.length(0);
  });
});

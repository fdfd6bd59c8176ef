/**
 * Agent event names in `after:` and `happens:` are checked against the events the agent type records (derived
 * from the agents' own event lists), with a did-you-mean.
 */
import { expect } from 'chai';
import { parseScenarioText, ScenarioError } from '../../../src/scenario/format';
import { AGENT_EVENTS } from '../../../src/scenario/agents/agent-events';
import { run, specOf } from '../support';

const BASE = (ref: string, expect_ = '') => `
duration: 10s
topology:
  networks:
    lan: { cidr: 10.0.0.0/24 }
  hosts:
    a: { network: lan, ip: 10.0.0.2 }
    b: { network: lan, ip: 10.0.0.3 }
agents:
  echo: { type: echo, host: b, port: 7 }
  t: { type: traffic, host: a, to: echo, count: 2 }
  ia: { type: ice, host: a, peer: ib }
  ib: { type: ice, host: b, peer: ia }
timeline:
  - after: ${ref}
    stop: echo
${expect_}`;

function problems(text: string): string[] {
  try {
    parseScenarioText(text, 'x.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}${i.didYouMean ? ` -> ${i.didYouMean}` : ''}`);
  }
}

describe('scenario format: agent event names', () => {
  it('rejects an event a traffic agent never records (finished; its event is done), listing the valid ones', () => {
    const text = BASE('{ agent: t, event: finished }');
    expect(problems(text)).to.deep.equal(["timeline[0].after.event: a traffic agent has no event 'finished'"]);
    try {
      parseScenarioText(text, 'x.yaml');
    } catch (err) {
      expect((err as ScenarioError).issues[0].expected).to.equal('started, stopped, error, done');
    }
  });

  it('suggests the closest event of the agent type, in after: and in happens:', () => {
    expect(problems(BASE('{ agent: ia, event: conected }', 'expectations:\n  - happens: { agent: t, event: dnoe }\n'))).to.deep.equal([
      "timeline[0].after.event: an ice agent has no event 'conected' -> connected",
      "expectations[0].happens.event: a traffic agent has no event 'dnoe' -> done",
    ]);
  });

  it('accepts every event the agents really record in a run (the lists are complete)', () => {
    const r = run(specOf(BASE('{ agent: t, event: done }', '')));
    const seen = r.record.events.filter((e) => e.kind === 'agent' && ['t', 'echo', 'ia', 'ib'].includes(e.agent));
    expect(seen.length).to.be.greaterThan(10);
    const type = (a: string) => (a === 't' ? 'traffic' : a === 'echo' ? 'echo' : 'ice') as keyof typeof AGENT_EVENTS;
    const unknown = seen.filter((e) => e.kind === 'agent' && !AGENT_EVENTS[type(e.agent)].includes(e.event));
    expect(unknown.map((e) => e.kind === 'agent' && `${e.agent} ${e.event}`)).to.deep.equal([]);
    expect(r.record.events.some((e) => e.kind === 'agent' && e.agent === 'echo' && e.event === 'stopped')).to.equal(true);
  });
});

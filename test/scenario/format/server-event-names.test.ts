/**
 * Server event names in `after:`, `happens:` and `never:` are checked against the events the server type records
 * (derived from the STUN and TURN servers' own event lists), and `node:` trace event kinds against the kinds that
 * node kind records (derived from the nodes' own lists), with a did-you-mean and the file:line:column.
 */
import { expect } from 'chai';
import { formatIssue, parseScenarioText, ScenarioError } from '../../../src/scenario/format';
import { SERVER_EVENTS } from '../../../src/scenario/agents/agent-events';
import { NODE_EVENTS } from '../../../src/scenario/format/node-events';
import { run, specOf } from '../support';

const WORLD = (after: string, expectations: string) => `
duration: 20s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
  hosts:
    a: { network: internet, ip: 203.0.113.10 }
    b: { network: internet, ip: 203.0.113.20 }
  servers:
    stun1: { type: stun, network: internet, ip: 203.0.113.2 }
    relay: { type: turn, network: internet, ip: 203.0.113.5, users: { alice: secret } }
agents:
  echo: { type: echo, host: b, port: 7 }
  ia: { type: ice, host: a, peer: ib, policy: relay, turn: [{ server: relay, username: alice }] }
  ib: { type: ice, host: b, peer: ia, stun: stun1 }
timeline:
  - after: ${after}
    stop: echo
expectations:
${expectations}`;

const OK_EXPECT = '  - happens: { agent: relay, event: allocated }\n    before: 10s\n';

/** Each problem as `file:line:column: path: message (valid: ...). Did you mean ...?`. */
function problems(text: string): string[] {
  try {
    parseScenarioText(text, 'x.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(formatIssue);
  }
}

describe('scenario format: server event names', () => {
  it('rejects a TURN server event that does not exist (allocation-created; the event is allocated), with where and the valid ones', () => {
    const out = problems(WORLD('{ agent: relay, event: allocation-created }', OK_EXPECT));
    expect(out).to.have.length(1);
    expect(out[0]).to.match(/^x\.yaml:17:35: timeline\[0\]\.after\.event: a turn server has no event 'allocation-created' \(valid: /u);
    expect(out[0]).to.include('listening, socket-error, dropped, error-response, allocated,').and.include('(17 in all)');
  });

  it('suggests the closest event of the server type, in after:, happens: and never:', () => {
    const out = problems(WORLD('{ agent: stun1, event: strated }', [
      '  - happens: { agent: relay, event: permision-installed }',
      '  - never: { agent: relay, event: droped }',
    ].join('\n')));
    expect(out.map((l) => l.replace(/ \(valid: .*\)(?=\.)/u, ''))).to.deep.equal([
      "x.yaml:17:35: timeline[0].after.event: a stun server has no event 'strated'. Did you mean 'started'?",
      "x.yaml:20:37: expectations[0].happens.event: a turn server has no event 'permision-installed'. Did you mean 'permission-installed'?",
      "x.yaml:21:35: expectations[1].never.event: a turn server has no event 'droped'. Did you mean 'dropped'?",
    ]);
  });

  it('does not offer a TURN-only event for a STUN server', () => {
    const out = problems(WORLD('{ agent: stun1, event: allocated }', OK_EXPECT));
    expect(out).to.have.length(1);
    expect(out[0]).to.include("a stun server has no event 'allocated' (valid: started, socket-error, rejected)");
  });

  it('accepts every event the servers really record in a run (the lists are complete), and such a reference fires', () => {
    const r = run(specOf(WORLD('{ agent: relay, event: allocated }', `${OK_EXPECT}  - happens: { agent: stun1, event: started }\n    before: 1s\n`)));
    const typeOf = (node: string) => (node === 'relay' ? 'turn' : 'stun');
    const server = r.record.events.filter((e) => e.kind === 'agent' && ['relay', 'stun1'].includes(e.node));
    const seen = new Set(server.map((e) => e.kind === 'agent' && `${typeOf(e.node)} ${e.event}`));
    expect([...seen]).to.include.members(['stun started', 'turn listening', 'turn allocated', 'turn permission-installed']);
    const unknown = server.filter((e) => e.kind === 'agent' && !SERVER_EVENTS[typeOf(e.node)].includes(e.event));
    expect(unknown.map((e) => e.kind === 'agent' && `${e.node} ${e.event}`)).to.deep.equal([]);
    expect(r.outcomes.map((o) => o.passed)).to.deep.equal([true, true]);
    const allocated = r.record.events.find((e) => e.kind === 'agent' && e.node === 'relay' && e.event === 'allocated');
    const stopped = r.record.events.find((e) => e.kind === 'agent' && e.agent === 'echo' && e.event === 'stopped');
    expect(stopped?.t).to.equal(allocated?.t);
  });
});

describe('scenario format: trace event kinds by node kind', () => {
  const AT = (node: string, event: string) => WORLD('{ agent: relay, event: allocated }', `${OK_EXPECT}  - never: { node: ${node}, event: ${event} }\n`);

  it('rejects a trace event kind the node kind never records (mapping-created at a host), with where and the valid ones', () => {
    expect(problems(AT('a', 'mapping-created'))).to.deep.equal([
      "x.yaml:22:30: expectations[1].never.event: a host never records 'mapping-created' events (valid: sent, link, dropped, delivered).",
    ]);
    expect(problems(AT('internet', 'delivered'))).to.deep.equal([
      "x.yaml:22:37: expectations[1].never.event: a network never records 'delivered' events (valid: link, dropped).",
    ]);
  });

  it('knows a NAT records mappings and a firewall does not (its pinholes are not traced as mappings)', () => {
    const text = (node: string) => `
duration: 10s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24 }
    home: { cidr: 192.168.1.0/24 }
    dmz: { cidr: 198.51.100.0/24 }
  nats:
    home-nat: { preset: full-cone, inside: { network: home, ip: 192.168.1.1 }, outside: { network: internet, ip: 203.0.113.10 } }
  firewalls:
    fw: { inside: { network: dmz, ip: 198.51.100.1 }, outside: { network: internet, ip: 203.0.113.30 } }
  routers:
    core: { interfaces: [{ network: internet, ip: 203.0.113.1 }], routes: [{ to: 198.51.100.0/24, via: 203.0.113.30 }] }
  hosts:
    a: { network: home, ip: 192.168.1.10 }
expectations:
  - never: { node: ${node}, event: mapping-created }
`;
    expect(problems(text('home-nat'))).to.deep.equal([]);
    expect(problems(text('fw'))).to.deep.equal([
      "x.yaml:17:31: expectations[0].never.event: a firewall never records 'mapping-created' events (valid: sent, link, dropped, forwarded).",
    ]);
    expect(problems(text('core'))[0]).to.include("a router never records 'mapping-created' events (valid: sent, link, dropped, forwarded)");
  });

  it('accepts every kind each node kind records in a run (the lists are complete)', () => {
    const text = WORLD('{ agent: relay, event: allocated }', `${OK_EXPECT}  - never: { node: a, event: delivered }\n`);
    const spec = specOf(text);
    const r = run(spec);
    const places = new Map<string, readonly string[]>([['a', NODE_EVENTS.host], ['b', NODE_EVENTS.host], ['relay', NODE_EVENTS.server], ['stun1', NODE_EVENTS.server]]);
    const at = r.record.events.filter((e) => e.kind !== 'agent' && places.has(e.node));
    expect(new Set(at.map((e) => e.kind))).to.include.keys('sent', 'link', 'delivered');
    expect(at.filter((e) => !places.get(e.node)!.includes(e.kind)).map((e) => `${e.node} ${e.kind}`)).to.deep.equal([]);
    const onNet = r.record.events.filter((e) => e.kind !== 'agent' && e.node === 'internet');
    expect(onNet.filter((e) => !NODE_EVENTS.network.includes(e.kind)).map((e) => e.kind)).to.deep.equal([]);
    expect(r.outcomes.map((o) => o.passed)).to.deep.equal([true, false]);
  });
});

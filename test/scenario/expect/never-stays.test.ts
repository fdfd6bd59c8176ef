/**
 * Expectations for what must not happen and for final state: `never:` (optionally in a window),
 * `staysConnected` (no consent loss after connecting), and `data:` matching on event data.
 */
import { expect } from 'chai';
import { ExpectationOutcome } from '../../../src/scenario/expect';
import { run, specOf } from '../support';

const WORLD = (rest: string, duration = '60s') => `
duration: ${duration}
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
  hosts:
    alice: { network: internet, ip: 203.0.113.10 }
    bob: { network: internet, ip: 203.0.113.20 }
  servers:
    turn: { type: turn, network: internet, ip: 203.0.113.5, users: { alice: pw } }
agents:
  a: { type: ice, host: alice, peer: b, controlling: true, turn: [{ server: turn, username: alice }] }
  b: { type: ice, host: bob, peer: a }
${rest}`;

function outcomes(yaml: string): Record<string, ExpectationOutcome> {
  const r = run(specOf(yaml));
  return Object.fromEntries(r.outcomes.map((o) => [o.name, o]));
}

describe('expectations: never, staysConnected and event data', function () {
  this.timeout(60_000);

  it('never: passes when the event does not occur, fails with the occurrences as evidence when it does', () => {
    const o = outcomes(WORLD(`expectations:
  - { name: no failure, never: { agent: a, event: failed } }
  - { name: no connection, never: { agent: a, event: connected } }
  - { name: no connection after 10s, never: { agent: a, event: connected }, from: 10s }`));
    expect(o['no failure'].passed).to.equal(true);
    expect(o['no connection'].passed).to.equal(false);
    expect(o['no connection'].detail).to.match(/^a connected happened 1 time between 0.000ms and 1m00.000s, first at /);
    expect(o['no connection'].evidence[0]).to.include({ kind: 'agent', agent: 'a', event: 'connected' });
    expect(o['no connection after 10s'].passed).to.equal(true);
  });

  it('matches on event data: connected with viaRelay false happens, with viaRelay true never does', () => {
    const o = outcomes(WORLD(`expectations:
  - { name: direct, happens: { agent: a, event: connected, data: { viaRelay: false } } }
  - { name: relay, happens: { agent: a, event: connected, data: { viaRelay: true } } }
  - { name: never relay, never: { agent: a, event: connected, data: { viaRelay: true } } }`));
    expect([o.direct.passed, o.relay.passed, o['never relay'].passed]).to.deep.equal([true, false, true]);
    expect(o.relay.detail).to.match(/a connected \(viaRelay true\) did not happen/);
  });

  it('staysConnected: passes on a healthy pair, fails when consent is lost after connecting', () => {
    expect(outcomes(WORLD('expectations:\n  - { name: s, staysConnected: [a, b] }')).s.passed).to.equal(true);
    const broken = outcomes(WORLD(`timeline:
  - { at: 10s, setLink: { network: internet, node: bob, up: false } }
expectations:
  - { name: s, staysConnected: [a, b] }`));
    expect(broken.s.passed).to.equal(false);
    expect(broken.s.detail).to.match(/lost consent at/);
  });

  it('rejects staysConnected on hole-punch agents and a never window that ends before it starts', () => {
    expect(() => specOf(WORLD('expectations:\n  - { never: { agent: a, event: failed }, from: 20s, until: 10s }'))).to.throw(/from \(20s\) is after until \(10s\)/);
  });
});

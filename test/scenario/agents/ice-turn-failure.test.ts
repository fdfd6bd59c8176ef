/** When TURN is configured but the Allocate fails (401, wrong password), ICE's failure reason says so. */
import { expect } from 'chai';
import { run, specOf } from '../support';

const SCENARIO = (password: string) => `
duration: 60s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
    a-home: { cidr: 192.168.1.0/24 }
    b-home: { cidr: 192.168.2.0/24 }
  nats:
    a-nat: { preset: symmetric, inside: { network: a-home, ip: 192.168.1.1 }, outside: { network: internet, ip: 203.0.113.10 } }
    b-nat: { preset: symmetric, inside: { network: b-home, ip: 192.168.2.1 }, outside: { network: internet, ip: 203.0.113.20 } }
  hosts:
    alice: { network: a-home, ip: 192.168.1.10 }
    bob: { network: b-home, ip: 192.168.2.10 }
  servers:
    turn: { type: turn, network: internet, ip: 203.0.113.5, users: { alice: right } }
agents:
  a: { type: ice, host: alice, peer: b, controlling: true, turn: [{ server: turn, username: alice, password: ${password} }] }
  b: { type: ice, host: bob, peer: a }
`;

describe('scenario ICE agents: TURN allocation failures in the failure reason', function () {
  this.timeout(60_000);

  it('says the TURN allocation failed with 401, not that there is no TURN server', () => {
    const evs = run(specOf(SCENARIO('wrong'))).record.events;
    const failed = evs.find((e) => e.kind === 'agent' && e.agent === 'a' && e.event === 'failed');
    expect(failed, 'a failed').to.not.equal(undefined);
    const detail = String(failed!.kind === 'agent' && failed!.data?.detail);
    expect(detail).to.match(/no relayed candidate on either side \(the TURN allocation failed: 203\.0\.113\.5:3478: .*401/);
    expect(detail).to.not.include('no TURN server');
  });
});

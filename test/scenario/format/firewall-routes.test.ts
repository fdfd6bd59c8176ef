/** `validate` reports a firewall whose inside prefix no router on its outside network routes to it. */
import { expect } from 'chai';
import { parseScenarioText, ScenarioError } from '../../../src/scenario/format';

const SCENARIO = (routes: string) => `
topology:
  networks:
    internet: { cidr: 203.0.113.0/24 }
    dmz: { cidr: 198.51.100.0/24 }
  routers:
    isp:
      interfaces: [{ network: internet, ip: 203.0.113.1 }]
${routes}
  firewalls:
    fw:
      inside: { network: dmz, ip: 198.51.100.1 }
      outside: { network: internet, ip: 203.0.113.30 }
  hosts:
    web: { network: dmz, ip: 198.51.100.10 }
  servers:
    stun: { type: stun, network: internet, ip: 203.0.113.2 }
`;

function problems(text: string): string[] {
  try {
    parseScenarioText(text, 'fw.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message} (valid: ${i.expected ?? ''})`);
  }
}

describe('scenario format: a firewall in front of a prefix nobody routes to it', () => {
  it('is reported, with the route that would fix it', () => {
    expect(problems(SCENARIO(''))).to.deep.equal([
      "topology.firewalls.fw.inside: no router on 'internet' routes 198.51.100.0/24 to this firewall, so every reply from outside to its inside is dropped (no-route) and it looks like UDP is blocked (valid: a router on 'internet' with routes: [{ to: 198.51.100.0/24, via: 203.0.113.30 }])",
    ]);
  });

  it('passes with a route covering the prefix', () => {
    expect(problems(SCENARIO('      routes: [{ to: 198.51.100.0/24, via: 203.0.113.30 }]'))).to.deep.equal([]);
  });
});

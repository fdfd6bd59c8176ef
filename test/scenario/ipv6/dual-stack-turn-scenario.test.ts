/**
 * A dual-stack TURN server in a scenario file (`ip: [v4, v6]`, RFC 8656 §7.1): it listens and relays on both
 * families, so an IPv6-only host and an IPv4-only host meet through it; a STUN server still takes one address.
 */
import { expect } from 'chai';
import { TurnClient } from '../../../src/agents/turn/turn-client';
import { buildScenarioWorld } from '../../../src/scenario/build/scenario-world';
import { parseScenarioText } from '../../../src/scenario/format';
import { specOf } from '../support';

const YAML = `name: families
duration: 10s
topology:
  networks:
    v4: { cidr: 198.51.100.0/24, latency: 5ms }
    v6: { cidr: 2001:db8:6::/64, latency: 5ms }
    core: { cidr: [203.0.113.0/24, 2001:db8:ff::/64], latency: 5ms }
  routers:
    r:
      interfaces:
        - { network: v4, ip: 198.51.100.1 }
        - { network: v6, ip: 2001:db8:6::1 }
        - { network: core, ip: [203.0.113.254, 2001:db8:ff::fe] }
  hosts:
    laptop: { network: v4, ip: 198.51.100.20 }
    phone: { network: v6, ip: 2001:db8:6::20 }
  servers:
    relay: { type: turn, network: core, ip: [203.0.113.1, 2001:db8:ff::1], users: { alice: secret } }
`;

describe('scenario: a dual-stack TURN server (ip: [v4, v6])', () => {
  it('listens and relays on both families, and relays the IPv6-only phone to the IPv4-only laptop', () => {
    const sw = buildScenarioWorld(specOf(YAML));
    const server = sw.topology.turnServers.get('relay')!;
    expect(server.config.listen.map((l) => l.address)).to.deep.equal(['203.0.113.1', '2001:db8:ff::1']);
    expect(server.config.relayAddresses).to.deep.equal({ 4: '203.0.113.1', 6: '2001:db8:ff::1' });
    const w = sw.world;
    const got: string[] = [];
    const echo = w.getHost('laptop').createSocket().bind(7000);
    echo.on('message', (m, r) => {
      got.push(`${Buffer.from(m).toString()} from ${r.address}`);
      echo.send(m, r.port, r.address);
    });
    const phone = new TurnClient(w.getHost('phone').env('turn-client'), { server: { address: '2001:db8:ff::1' }, username: 'alice', password: 'secret', addressFamily: 4 });
    const back: string[] = [];
    phone.on('data', (_p, d) => back.push(Buffer.from(d).toString()));
    let ready: unknown;
    phone.allocate((e) => (e ? (ready = e) : phone.bindChannel({ address: '198.51.100.20', port: 7000 }, (err) => (ready = err ?? true))));
    w.runUntil(() => ready !== undefined, 5000);
    expect(ready).to.equal(true);
    phone.send({ address: '198.51.100.20', port: 7000 }, Buffer.from('hello'));
    w.runFor(1000);
    expect(got).to.deep.equal(['hello from 203.0.113.1']);
    expect(back).to.deep.equal(['hello']);
  });

  it('still gives a STUN server one address (of either family): a list is refused at its line', () => {
    const text = YAML.replace('relay: { type: turn, network: core, ip: [203.0.113.1, 2001:db8:ff::1], users: { alice: secret } }', 'stun: { type: stun, network: core, ip: [203.0.113.1, 2001:db8:ff::1] }');
    expect(() => parseScenarioText(text, 'families.yaml')).to.throw(/families\.yaml:18:\d+: topology\.servers\.stun\.ip: expected an IPv4 address like 192\.168\.1\.10 or an IPv6 address like 2001:db8::10, found a list/);
  });
});

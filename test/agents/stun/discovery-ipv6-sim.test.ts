/**
 * RFC 5780 discovery over IPv6 in the simulator (issue 11): through a stateful IPv6 firewall (RFC 6092, no
 * translation) the mapped address is the client's own, so discovery reports no NAT, and the filtering tests still
 * measure the firewall's filtering behaviour.
 */
import { expect } from 'chai';
import { runDiscovery } from '../../../src/agents/stun/discovery-lab';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { Ipv6FirewallNode, type Ipv6FirewallInit } from '../../../src/nat';
import { World } from '../../../src/net/world';

const PC = '2001:db8:1::10';
const A1 = '2001:db8:ff::1';
const A2 = '2001:db8:ff::2';

/** lan 2001:db8:1::/64 (pc) - IPv6 firewall `fw` - wan 2001:db8:ff::/64 (RFC 5780 server on A1 and A2). */
function firewallWorld(settings: Ipv6FirewallInit | 'none'): World {
  const w = new World({ seed: 3 });
  w.network('lan', '2001:db8:1::/64', { latency: 1 });
  w.network('wan', '2001:db8:ff::/64', { latency: 10 });
  if (settings === 'none') {
    w.router('r', [{ network: 'lan', ip: '2001:db8:1::1' }, { network: 'wan', ip: '2001:db8:ff::fe' }]);
  } else {
    const fw = w.add(new Ipv6FirewallNode(w.sim, 'fw', settings));
    fw.attachOutside(w.getNetwork('wan'), '2001:db8:ff::fe');
    fw.attachInside(w.getNetwork('lan'), '2001:db8:1::1');
  }
  w.host('pc', { ifaces: [{ network: 'lan', ip: PC }], gateway: '2001:db8:1::1' });
  w.host('stun', { ifaces: [{ network: 'wan', ip: [A1, A2] }], gateway: '2001:db8:ff::fe' });
  new StunServer(w.getHost('stun').env('stun-server'), { addresses: [A1, A2], ports: [3478, 3479] }).start();
  w.runFor(1);
  return w;
}

describe('RFC 5780 discovery over IPv6 in the simulator', () => {
  const rows: [string, Ipv6FirewallInit | 'none', string][] = [
    ['a plain router (no middlebox)', 'none', 'endpoint-independent'],
    ['an RFC 6092 firewall (endpoint-independent filtering, REC-14)', { preset: 'rfc6092' }, 'endpoint-independent'],
    ['an address-dependent firewall (rfc6092-stringent)', { preset: 'rfc6092-stringent' }, 'address-dependent'],
    ['an address-and-port-dependent firewall', { filtering: 'address-and-port-dependent' }, 'address-and-port-dependent'],
  ];
  for (const [story, settings, filtering] of rows) {
    it(`reports no NAT and ${filtering} filtering through ${story}`, () => {
      const w = firewallWorld(settings);
      const r = runDiscovery(w, w.getHost('pc'), { address: A1, port: 3478 });
      expect(r.udpReachable).to.equal(true);
      expect(r.natPresent, 'the mapped address is the pc\'s own: no translation').to.equal(false);
      expect(r.publicAddress?.address).to.equal(PC);
      expect(r.otherAddress).to.deep.equal({ address: A2, port: 3479 });
      expect(r.mapping).to.equal('endpoint-independent');
      expect(r.filtering).to.equal(filtering);
    });
  }

  it('gives the same result for the same seed', () => {
    const once = (): string => {
      const w = firewallWorld({ preset: 'rfc6092-stringent' });
      const r = runDiscovery(w, w.getHost('pc'), { address: A1, port: 3478 });
      return JSON.stringify(r);
    };
    expect(once()).to.equal(once());
  });
});

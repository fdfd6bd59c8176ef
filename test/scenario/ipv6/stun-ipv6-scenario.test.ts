/**
 * An IPv6 STUN server in a scenario file (issue 11): RFC 5780 discovery from an IPv6-only host behind an RFC 6092
 * firewall reports what a firewall is: no translation (endpoint-independent mapping, the mapped address is the host's
 * own) and the firewall's filtering.
 */
import { expect } from 'chai';
import { run, specOf } from '../support';

const YAML = `
name: stun6
duration: 20s
topology:
  networks:
    core: { cidr: 2001:db8:ff::/64, latency: 5ms }
    lan: { cidr: 2001:db8:1::/64, latency: 1ms }
  ipv6Firewalls:
    fw:
      preset: rfc6092
      inside: { network: lan, ip: 2001:db8:1::1 }
      outside: { network: core, ip: 2001:db8:ff::10 }
      gateway: 2001:db8:ff::1
  routers:
    isp:
      interfaces:
        - { network: core, ip: 2001:db8:ff::1 }
      routes:
        - { to: 2001:db8:1::/64, via: 2001:db8:ff::10 }
  hosts:
    h: { network: lan, ip: 2001:db8:1::10 }
  servers:
    stun: { type: stun, network: core, ip: 2001:db8:ff::2, alternate: { ip: 2001:db8:ff::3 } }
agents:
  d: { type: discovery, host: h, stun: stun }
expectations:
  - discovery: d
    mapping: endpoint-independent
    filtering: endpoint-independent
`;

describe('scenario: an IPv6 STUN server (ip: 2001:db8:ff::2) and discovery through an IPv6 firewall', () => {
  it('answers an IPv6-only host and the discovery finds no translation and the firewall\'s filtering', () => {
    const r = run(specOf(YAML));
    expect(r.outcomes.map((o) => `${o.name}: ${o.passed}`)).to.deep.equal([r.outcomes[0].name + ': true']);
    const result = r.record.events.find((e) => e.kind === 'agent' && (e as { event: string }).event === 'result') as { data: Record<string, unknown> } | undefined;
    expect(result, 'discovery result event').to.not.equal(undefined);
    // 'open': the mapped address is the host's own address (RFC 5780 §4.3: no NAT), with the firewall's filtering.
    expect(result!.data).to.deep.include({ mapping: 'endpoint-independent', filtering: 'endpoint-independent', classic: 'open' });
  });

  it('refuses an IPv4 STUN server on an IPv6-only network, saying where', () => {
    const text = YAML.replace('ip: 2001:db8:ff::2,', 'ip: 203.0.113.2,');
    expect(() => specOf(text)).to.throw(/topology\.servers\.stun\.ip/);
  });
});

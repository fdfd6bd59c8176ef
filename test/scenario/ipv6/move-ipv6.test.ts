/**
 * The timeline's `move` in both families (issue 11): a host leaves an IPv4 Wi-Fi for an IPv6-only mobile network and
 * keeps talking over IPv6; an address of a family the new network lacks is refused where it is written.
 */
import { expect } from 'chai';
import { formatIp } from '../../../src/net/ip-number';
import { run, specOf } from '../support';

const YAML = `
name: move6
duration: 10s
topology:
  networks:
    wifi: { cidr: 192.168.1.0/24, latency: 1ms }
    mobile: { cidr: 2001:db8:1::/64, latency: 5ms }
    core: { cidr: [203.0.113.0/24, 2001:db8:ff::/64], latency: 5ms }
  routers:
    r:
      interfaces:
        - { network: wifi, ip: 192.168.1.1 }
        - { network: mobile, ip: 2001:db8:1::1 }
        - { network: core, ip: [203.0.113.1, 2001:db8:ff::1] }
  hosts:
    phone: { network: wifi, ip: 192.168.1.10 }
    server: { network: core, ip: [203.0.113.2, 2001:db8:ff::2] }
agents:
  echo: { type: echo, host: server, port: 7 }
  ping: { type: traffic, host: phone, to: '[2001:db8:ff::2]:7', count: 3, every: 100ms }
timeline:
  - at: 1s
    move: { host: phone, network: mobile, ip: 2001:db8:1::10 }
  - at: 2s
    start: ping
expectations:
  - name: after moving to the IPv6-only mobile network the phone's datagrams reach the server over IPv6
    count: delivered
    node: server
    min: 3
`;

describe('scenario: timeline move to an IPv6-only network', () => {
  it('moves the host to its IPv6 address and gateway: its datagrams leave from the new address and reach the server', () => {
    const r = run(specOf(YAML));
    expect(r.outcomes.map((o) => o.passed)).to.deep.equal([true]);
    const sent = r.record.events.filter((e) => e.kind === 'sent' && e.node === 'phone') as { pkt: { src: number } }[];
    expect(sent.length).to.equal(3);
    expect(sent.every((e) => formatIp(e.pkt.src) === '2001:db8:1::10')).to.equal(true);
  });

  it('refuses an IPv6 address on a network with no IPv6 prefix, at the move\'s ip', () => {
    const text = YAML.replace('move: { host: phone, network: mobile, ip: 2001:db8:1::10 }', 'move: { host: phone, network: wifi, ip: 2001:db8:1::10 }');
    expect(() => specOf(text)).to.throw(/timeline\[0\]\.move\.ip: 2001:db8:1::10 is an IPv6 address, but network 'wifi' has no IPv6 prefix \(192\.168\.1\.0\/24\)/);
  });
});

/** Scenario files with the IPv6 middleboxes: nat64s, nptv6s, ipv6Firewalls, dual-stack nats, host nat64Prefix. */
import { expect } from 'chai';
import { parseScenarioText, ScenarioError, ScenarioIssue } from '../../../src/scenario/format';
import { formatIp } from '../../../src/net/ip-number';
import { run, specOf } from '../support';

/**
 * An IPv6-only phone behind a NAT64, a dual-stack echo server; a dual-stack home; an NPTv6 site; an IPv6 firewall;
 * a core router on the Internet that routes the sites' IPv6 prefixes to their boxes.
 */
const BASE = `name: v6boxes
duration: 10s
topology:
  networks:
    internet: { cidr: [198.51.100.0/24, 2001:db8:ff::/64], latency: 5ms }
    mobile: { cidr: 2001:db8:1::/64, latency: 5ms }
    home: { cidr: [192.168.1.0/24, 2001:db8:2::/64], latency: 1ms }
    site: { cidr: fd01:203:405:1::/64, latency: 1ms }
    office: { cidr: 2001:db8:3::/64, latency: 1ms }
  routers:
    core:
      interfaces: [{ network: internet, ip: [198.51.100.1, 2001:db8:ff::1] }]
      routes:
        - { to: 2001:db8:2::/64, via: 2001:db8:ff::3 }
        - { to: 2001:db8:1234::/48, via: 2001:db8:ff::4 }
        - { to: 2001:db8:3::/64, via: 2001:db8:ff::5 }
  nat64s:
    carrier:
      inside: { network: mobile, ip: 2001:db8:1::1 }
      outside: { network: internet, ip: 198.51.100.2 }
      filtering: address-dependent
      udpTimeout: 5m
  nats:
    home-router:
      preset: port-restricted-cone
      inside: { network: home, ip: [192.168.1.1, 2001:db8:2::1] }
      outside: { network: internet, ip: [198.51.100.3, 2001:db8:ff::3] }
      ipv6Firewall: { preset: rfc6092-stringent }
  nptv6s:
    site-npt:
      inside: { network: site, ip: fd01:203:405:1::1 }
      outside: { network: internet, ip: 2001:db8:ff::4 }
      insidePrefix: fd01:203:405::/48
      outsidePrefix: 2001:db8:1234::/48
  ipv6Firewalls:
    office-fw:
      inside: { network: office, ip: 2001:db8:3::1 }
      outside: { network: internet, ip: 2001:db8:ff::5 }
      filtering: address-and-port-dependent
  hosts:
    phone: { network: mobile, ip: 2001:db8:1::10, nat64Prefix: 64:ff9b::/96 }
    laptop: { network: home, ip: [192.168.1.10, 2001:db8:2::10] }
    pc: { network: site, ip: fd01:203:405:1::1234 }
    desk: { network: office, ip: 2001:db8:3::10 }
    server: { network: internet, ip: [198.51.100.7, 2001:db8:ff::7] }
agents:
  echo: { type: echo, host: server, port: 7 }
  phone-v4: { type: traffic, host: phone, to: "[64:ff9b::198.51.100.7]:7", count: 1 }
  laptop-v6: { type: traffic, host: laptop, to: "[2001:db8:ff::7]:7", count: 1 }
  laptop-v4: { type: traffic, host: laptop, to: 198.51.100.7:7, count: 1 }
  pc-v6: { type: traffic, host: pc, to: "[2001:db8:ff::7]:7", count: 1 }
  desk-v6: { type: traffic, host: desk, to: "[2001:db8:ff::7]:7", count: 1 }
expectations:
  - { name: echoed, count: delivered, node: server, port: 7, eq: 5 }
`;

function show(i: ScenarioIssue): string {
  return `${i.line}:${i.column} ${i.path} | ${i.message}${i.expected ? ` | valid: ${i.expected}` : ''}`;
}

function issuesOf(text: string): string[] {
  try {
    parseScenarioText(text, 'v6boxes.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(show);
  }
}

describe('IPv6 middleboxes in scenario files', () => {
  it('reads nat64s, nptv6s, ipv6Firewalls, a dual-stack NAT and a host\'s NAT64 prefix', () => {
    const t = specOf(BASE).topology;
    expect(t.nat64s!.map((n) => [n.name, n.settings])).to.deep.equal([['carrier', { filtering: 'address-dependent', udpTimeout: 300_000 }]]);
    expect(t.nptv6s!.map((n) => n.settings)).to.deep.equal([{ insidePrefix: 'fd01:203:405::/48', outsidePrefix: '2001:db8:1234::/48' }]);
    expect(t.ipv6Firewalls!.map((f) => f.settings)).to.deep.equal([{ filtering: 'address-and-port-dependent' }]);
    expect(t.nats[0].ipv6Firewall).to.deep.equal({ preset: 'rfc6092-stringent' });
    expect(t.nats[0].gateways, 'a gateway per family, found on the outside network').to.deep.equal(['198.51.100.1', '2001:db8:ff::1']);
    expect(t.hosts.find((h) => h.name === 'phone')!.nat64Prefix).to.equal('64:ff9b::/96');
    expect(t.hosts.find((h) => h.name === 'phone')!.gateway, 'the NAT64 is the IPv6-only host\'s gateway').to.equal('2001:db8:1::1');
    expect(t.hosts.find((h) => h.name === 'desk')!.gateway).to.equal('2001:db8:3::1');
  });

  it('runs: every host reaches the echo server, each through its box, and the server sees the translated sources', () => {
    const r = run(specOf(BASE));
    expect(r.outcomes.map((o) => `${o.name} ${o.passed}`)).to.deep.equal(['echoed true']);
    const atServer = r.record.events.filter((e) => e.kind === 'delivered' && e.node === 'server')
      .map((e) => formatIp((e as { pkt: { src: number } }).pkt.src));
    expect(atServer).to.have.members(['198.51.100.2', '2001:db8:2::10', '198.51.100.3', '2001:db8:1234:c31d::1234', '2001:db8:3::10']);
    const back = r.record.events.filter((e) => e.kind === 'delivered' && e.node !== 'server').map((e) => e.node);
    expect(back).to.have.members(['phone', 'laptop', 'laptop', 'pc', 'desk']);
  });

  it('reports mistakes at file:line:col with what is valid', () => {
    const rows: [string, string, string | string[]][] = [
      ['      udpTimeout: 5m', '      udpTimeout: 1m',
        '22:19 topology.nat64s.carrier.udpTimeout | 60000 ms is below UDP_MIN (RFC 6146 §4) | valid: at least 120000 ms'],
      ['      filtering: address-dependent', '      filtering: address-dependent\n      prefix: 64:ff9b::/80',
        '22:15 topology.nat64s.carrier.prefix | "64:ff9b::/80" is not a NAT64 prefix | valid: an IPv6 prefix of length 32, 40, 48, 56, 64, 96 (RFC 6052 §2.2), like 64:ff9b::/96 or 2001:db8:64::/96'],
      ['      outsidePrefix: 2001:db8:1234::/48', '      outsidePrefix: 2001:db8:1234::/56',
        '34:22 topology.nptv6s.site-npt.outsidePrefix | a /56 cannot be paired with the inside /48 | valid: a prefix of the same length as insidePrefix (RFC 6296 §3.1)'],
      ['phone: { network: mobile, ip: 2001:db8:1::10, nat64Prefix: 64:ff9b::/96 }', 'phone: { network: mobile, ip: 2001:db8:1::10, nat64Prefix: 64:ff9b::/95 }',
        '41:64 topology.hosts.phone.nat64Prefix | "64:ff9b::/95" is not a NAT64 prefix | valid: an IPv6 prefix of length 32, 40, 48, 56, 64, 96 (RFC 6052 §2.2), like 64:ff9b::/96 or 2001:db8:64::/96'],
      ['      inside: { network: mobile, ip: 2001:db8:1::1 }', '      inside: { network: home, ip: 192.168.1.2 }',
        ['19:36 topology.nat64s.carrier.inside.ip | the inside of a NAT64 (RFC 6146: IPv6 clients) needs an IPv6 address | valid: an IPv6 address like 2001:db8:1::1 (or a list with one)',
          '42:5 topology.hosts.laptop | several possible default gateways: 192.168.1.2 (carrier), 192.168.1.1 (home-router); choose one with gateway | valid: 192.168.1.2 (carrier), 192.168.1.1 (home-router)']],
      ['      outside: { network: internet, ip: [198.51.100.3, 2001:db8:ff::3] }', '      outside: { network: internet, ip: 2001:db8:ff::3 }',
        '27:41 topology.nats.home-router.outside.ip | a NAT\'s outside needs an IPv4 address (the address it translates to) | valid: an IPv4 address, plus an IPv6 one for a dual-stack router: [203.0.113.2, 2001:db8::2]'],
      ['      ipv6Firewall: { preset: rfc6092-stringent }', '      ipv6Firewall: { preset: rfc6092-stringent, udpTimeout: 0s }',
        '28:62 topology.nats.home-router.ipv6Firewall.udpTimeout | udpTimeout must be more than 0 | valid: a duration like 2m'],
    ];
    for (const [from, to, issue] of rows) {
      expect(BASE.includes(from), from).to.equal(true);
      expect(issuesOf(BASE.replace(from, to)), to).to.deep.equal(typeof issue === 'string' ? [issue] : issue);
    }
  });
});

import { expect } from 'chai';
import { parseScenarioText, ScenarioError, ScenarioIssue } from '../../../src/scenario/format';
import { formatIp } from '../../../src/net/ip-number';
import { run, specOf } from '../support';

/**
 * Two dual-stack LANs and an IPv6-only one behind a router; an echo server on the right; traffic over IPv6 (written
 * in a non-canonical form), over IPv4, and from the IPv6-only host.
 */
const BASE = `name: v6
duration: 10s
topology:
  networks:
    left: { cidr: [10.0.1.0/24, 2001:DB8:1:0::/64], latency: 1ms }
    right: { cidr: [10.0.2.0/24, 2001:db8:2::/64], latency: 1ms }
    only6: { cidr: 2001:db8:6::/64, latency: 1ms }
  routers:
    r:
      interfaces:
        - { network: left, ip: [10.0.1.1, 2001:db8:1::1] }
        - { network: right, ip: [10.0.2.1, 2001:db8:2::1] }
        - { network: only6, ip: 2001:db8:6::1 }
  hosts:
    alice: { network: left, ip: [10.0.1.10, 2001:db8:1::10] }
    bob: { network: right, ip: [10.0.2.10, 2001:db8:2:0:0:0:0:10] }
    carol: { network: only6, ip: 2001:db8:6::10 }
agents:
  echo: { type: echo, host: bob, port: 7 }
  six: { type: traffic, host: alice, to: "[2001:0db8:0002::10]:7", count: 2, every: 1s }
  four: { type: traffic, host: alice, to: 10.0.2.10:7, count: 1 }
  lone: { type: traffic, host: carol, to: "[2001:db8:2::10]:7", count: 1 }
expectations:
  - { name: echoed, count: delivered, node: bob, port: 7, eq: 4 }
`;

function show(i: ScenarioIssue): string {
  return [`${i.line}:${i.column} ${i.path}`, i.message].join(' | ');
}

function issuesOf(text: string): string[] {
  try {
    parseScenarioText(text, 'v6.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(show);
  }
}

describe('IPv6 in scenario files', () => {
  it('reads dual-stack and IPv6-only networks, several addresses per interface, gateways per family, canonical text', () => {
    const spec = specOf(BASE);
    const net = spec.topology.networks.find((n) => n.name === 'left')!;
    expect([net.cidr, net.prefixes]).to.deep.equal(['10.0.1.0/24', ['10.0.1.0/24', '2001:db8:1::/64']]);
    expect(spec.topology.networks.find((n) => n.name === 'only6')!.cidr).to.equal('2001:db8:6::/64');
    const alice = spec.topology.hosts.find((h) => h.name === 'alice')!;
    expect([alice.interfaces[0].ip, alice.interfaces[0].moreIps, alice.gateway, alice.gateways]).to.deep.equal(
      ['10.0.1.10', ['2001:db8:1::10'], '10.0.1.1', ['10.0.1.1', '2001:db8:1::1']],
    );
    expect(spec.topology.hosts.find((h) => h.name === 'carol')!.gateway).to.equal('2001:db8:6::1');
  });

  it('runs: IPv6 and IPv4 traffic reach a dual-stack echo and come back; the IPv6-only host reaches it too', () => {
    const r = run(specOf(BASE));
    expect(r.outcomes.map((o) => `${o.name} ${o.passed} ${o.detail}`)).to.deep.equal(["echoed true 4 packets delivered at bob to port 7; expected exactly 4"]);
    const delivered = r.record.events.filter((e) => e.kind === 'delivered' && e.node !== 'bob')
      .map((e) => `${e.node} ${formatIp((e as { pkt: { src: number } }).pkt.src)}`);
    expect(delivered).to.have.members(['alice 2001:db8:2::10', 'alice 2001:db8:2::10', 'alice 10.0.2.10', 'carol 2001:db8:2::10']);
  });

  it('reports IPv6 mistakes at file:line:col with what is valid', () => {
    const rows: [string, string, string][] = [
      ['left: { cidr: [10.0.1.0/24, 2001:DB8:1:0::/64]', 'left: { cidr: [10.0.1.0/24, 2001:db8:1::1/64]',
        "5:33 topology.networks.left.cidr[1] | '2001:db8:1::1/64' has host bits set; the prefix is 2001:db8:1::/64"],
      ['left: { cidr: [10.0.1.0/24, 2001:DB8:1:0::/64]', 'left: { cidr: [2001:db8:7::/64, 2001:DB8:1:0::/64]',
        '5:37 topology.networks.left.cidr[1] | a network has at most one IPv6 prefix; it already has 2001:db8:7::/64'],
      ['alice: { network: left, ip: [10.0.1.10, 2001:db8:1::10] }', 'alice: { network: left, ip: [10.0.1.10, 2001:db8:1::10::1] }',
        "15:45 topology.hosts.alice.ip[1] | '2001:db8:1::10::1' is not an IPv6 address (RFC 4291 text like 2001:db8::10, ::1 or ::ffff:192.0.2.1; at most one ::, at most 8 groups of up to 4 hex digits, no zone id)"],
      ['carol: { network: only6, ip: 2001:db8:6::10 }', 'carol: { network: only6, ip: 10.0.6.10 }',
        "17:34 topology.hosts.carol.ip | 10.0.6.10 is an IPv4 address, but network 'only6' has no IPv4 prefix (2001:db8:6::/64)"],
      ['carol: { network: only6, ip: 2001:db8:6::10 }', 'carol: { network: only6, ip: "2001:db8:6::" }',
        '17:34 topology.hosts.carol.ip | 2001:db8:6:: is the Subnet-Router anycast address of 2001:db8:6::/64 (RFC 4291 §2.6.1); use another interface identifier'],
      ['to: "[2001:0db8:0002::10]:7"', 'to: "[2001:db8:2::10:7"', "20:42 agents.six.to | the text '[2001:db8:2::10:7' is not a valid endpoint"],
    ];
    for (const [from, to, issue] of rows) {
      expect(BASE.includes(from), from).to.equal(true);
      expect(issuesOf(BASE.replace(from, to))).to.deep.equal([issue]);
    }
  });

  it('checks routes per family: an IPv6 prefix with an IPv4 next hop is refused, default follows the next hop', () => {
    const withRoutes = (routes: string) => BASE.replace('        - { network: only6, ip: 2001:db8:6::1 }\n', `        - { network: only6, ip: 2001:db8:6::1 }\n      routes: ${routes}\n`);
    expect(issuesOf(withRoutes('[{ to: 2001:db8:99::/48, via: 10.0.1.10 }]'))).to.deep.equal([
      '14:45 topology.routers.r.routes[0].via | next hop 10.0.1.10 is IPv4 but the destination 2001:db8:99::/48 is IPv6',
    ]);
    const spec = specOf(withRoutes('[{ to: default, via: 2001:db8:1::10 }, { to: 2001:db8:98::/48, via: 2001:db8:2::10 }]'));
    expect(spec.topology.routers[0].routes).to.deep.equal([{ to: '::/0', via: '2001:db8:1::10' }, { to: '2001:db8:98::/48', via: '2001:db8:2::10' }]);
  });
});

describe('ICE agents on dual-stack hosts', () => {
  it('gather host candidates on both families (localAddresses lists both), check within each family, and connect', () => {
    const r = run(specOf(`name: ice-dual
duration: 10s
topology:
  networks:
    lan: { cidr: [10.0.0.0/24, 2001:db8::/64], latency: 1ms }
  hosts:
    a: { network: lan, ip: [10.0.0.1, 2001:db8::1] }
    b: { network: lan, ip: [10.0.0.2, 2001:db8::2] }
agents:
  ia: { type: ice, host: a, peer: ib, controlling: true }
  ib: { type: ice, host: b, peer: ia }
expectations:
  - connected: [ia, ib]
    within: 5s
`));
    expect(r.outcomes.map((o) => `${o.passed}`)).to.deep.equal(['true']);
    const sources = new Set(r.record.events.filter((e) => e.kind === 'sent').map((e) => formatIp((e as { pkt: { src: number } }).pkt.src)));
    expect([...sources].sort()).to.deep.equal(['10.0.0.1', '10.0.0.2', '2001:db8::1', '2001:db8::2']);
    // Pairs only within a family (RFC 8445 §6.1.2.2): no packet goes from an IPv4 source to an IPv6 destination.
    const mixed = r.record.events.filter((e) => e.kind === 'sent' && ((e as { pkt: { src: number; dst: number } }).pkt.src >= 2 ** 32) !== ((e as { pkt: { dst: number } }).pkt.dst >= 2 ** 32));
    expect(mixed).to.deep.equal([]);
  });
});

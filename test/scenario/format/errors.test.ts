import { expect } from 'chai';
import { parseScenarioText, ScenarioError, ScenarioIssue } from '../../../src/scenario/format';

/** A valid scenario; each row below breaks it in one place (without moving lines, or by appending). */
const BASE = `name: t
duration: 30s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24 }
    home: { cidr: 192.168.1.0/24 }
  nats:
    home-nat:
      preset: port-restricted-cone
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
  hosts:
    alice: { network: home, ip: 192.168.1.10 }
    bob: { network: internet, ip: 203.0.113.20 }
  servers:
    stun: { type: stun, network: internet, ip: 203.0.113.2, alternate: { ip: 203.0.113.3 } }
agents:
  a: { type: hole-punch, host: alice, stun: stun, peer: b }
  b: { type: hole-punch, host: bob, stun: stun, peer: a }
  d: { type: discovery, host: alice, stun: stun }
timeline:
  - at: 5s
    stop: a
expectations:
  - connected: [a, b]
    within: 10s
`;

/** An issue as one comparable string: `line:col path | message | valid | did-you-mean`. */
function show(i: ScenarioIssue): string {
  return [`${i.line}:${i.column} ${i.path}`, i.message, i.expected ?? '', i.didYouMean ?? ''].join(' | ');
}

/** Loads text and returns its issues (none if it loads). */
function issuesOf(text: string, file = 'broken.yaml'): string[] {
  try {
    parseScenarioText(text, file);
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(show);
  }
}

/** One broken file: the story, how BASE is broken, and every issue expected. */
interface Row {
  story: string;
  replace?: [string, string];
  append?: string;
  issues: string[];
}

const NAT_KEYS = 'description, preset, inside, outside, gateway, externalIps, translate, mapping, filtering, filteringScope, portAssignment, sequentialStep, portRange, parity, pooling, portQuota, portReuseDelay, mappingTimeout, establishedTimeout, inboundRefresh, hairpinning, unsolicitedIcmp, tcp, ipv6Firewall';
const ACTIONS = 'start, stop, send, setLink, rebootNat, setNat, sleep, wake, move';
const DROPS = 'no-route, ttl-expired, link-loss, link-down, queue-full, mtu-exceeded, host-down, port-unreachable, nat-no-mapping, nat-filtered, nat-mapping-expired, nat-port-exhausted, nat-hairpin-off, firewall, reassembly-timeout';

const ROWS: Row[] = [
  {
    story: 'a misspelled NAT key points at the key and suggests the right one',
    replace: ['      preset: port', '      presett: port'],
    issues: [`9:7 topology.nats.home-nat.presett | unknown key 'presett' in NAT | ${NAT_KEYS} | preset`],
  },
  {
    story: 'a misspelled preset lists the presets and suggests the closest',
    replace: ['preset: port-restricted-cone', 'preset: port-restricted'],
    issues: [
      "9:15 topology.nats.home-nat.preset | the text 'port-restricted' is not a valid preset | open, full-cone, restricted-cone, port-restricted-cone, symmetric, cgnat, linux-masquerade | port-restricted-cone",
    ],
  },
  {
    story: 'an address outside the network says which addresses are usable',
    replace: ['ip: 192.168.1.10', 'ip: 192.168.2.10'],
    issues: ['13:33 topology.hosts.alice.ip | 192.168.2.10 is outside 192.168.1.0/24 (usable: 192.168.1.1 to 192.168.1.254) |  | '],
  },
  {
    story: 'the broadcast address is not a host address',
    replace: ['ip: 192.168.1.10', 'ip: 192.168.1.255'],
    issues: ['13:33 topology.hosts.alice.ip | 192.168.1.255 is the broadcast address of 192.168.1.0/24 (usable: 192.168.1.1 to 192.168.1.254) |  | '],
  },
  {
    story: 'a duplicate address on a network names the member that has it',
    replace: ['ip: 203.0.113.20', 'ip: 203.0.113.10'],
    issues: ["14:35 topology.hosts.bob.ip | 203.0.113.10 is already used on network 'internet' by 'home-nat' | an address no other member of the network has | "],
  },
  {
    story: 'an unknown network reference suggests a defined one',
    replace: ['alice: { network: home,', 'alice: { network: hme,'],
    issues: ["13:23 topology.hosts.alice.network | unknown network 'hme' | internet, home | home"],
  },
  {
    story: 'host bits in a prefix give the right prefix',
    replace: ['home: { cidr: 192.168.1.0/24 }', 'home: { cidr: 192.168.1.1/24 }'],
    issues: ["6:19 topology.networks.home.cidr | '192.168.1.1/24' has host bits set; the prefix is 192.168.1.0/24 |  | "],
  },
  {
    story: 'a misspelled required key is reported as unknown and as missing',
    replace: ['home: { cidr:', 'home: { cdir:'],
    issues: [
      "6:5 topology.networks.home.cidr | missing required key 'cidr': The subnet, like 192.168.1.0/24 or 2001:db8:1::/64; a list of one IPv4 and one IPv6 prefix makes a dual-stack network. Members take addresses inside it | an IPv4 prefix like 192.168.1.0/24 or an IPv6 prefix like 2001:db8:1::/64 | ",
      "6:13 topology.networks.home.cdir | unknown key 'cdir' in network | cidr, description, latency, jitter, loss, burstLoss, duplicate, reorder, bandwidth, queue, mtu, up | cidr",
    ],
  },
  {
    story: 'a duration without a unit asks for one',
    replace: ['duration: 30s', 'duration: 30'],
    issues: ['2:11 duration | the number 30 has no unit; write 30ms or 30s |  | '],
  },
  {
    story: 'a malformed duration shows how to write one',
    replace: ['within: 10s', 'within: 10 secs'],
    issues: ["26:13 expectations[0].within | the text '10 secs' is not a valid duration | a duration with a unit: 150ms, 2s, 5m, 1h, 1m30s (or 0) | "],
  },
  {
    story: 'an agent on an unknown host suggests the host',
    replace: ['a: { type: hole-punch, host: alice,', 'a: { type: hole-punch, host: alise,'],
    issues: ["18:32 agents.a.host | unknown host 'alise' | alice, bob | alice"],
  },
  {
    story: 'peers must name each other',
    replace: ['stun: stun, peer: a }', 'stun: stun, peer: b }'],
    issues: [
      "18:57 agents.a.peer | 'b' names 'b' as its peer, not 'a'; peers must name each other |  | ",
      '19:55 agents.b.peer | an agent cannot be its own peer | a | ',
    ],
  },
  {
    story: 'discovery needs an RFC 5780 server',
    replace: [', alternate: { ip: 203.0.113.3 } }', ' }'],
    issues: ["20:44 agents.d.stun | discovery needs a STUN server with an alternate address (RFC 5780); 'stun' has none | a stun server with alternate: { ip } | "],
  },
  {
    story: 'a misspelled timeline action suggests the action',
    replace: ['    stop: a', '    stpo: a'],
    issues: [`23:5 timeline[0].stpo | unknown key 'stpo' in timeline entry | at, after, delay, description, ${ACTIONS} | stop`],
  },
  {
    story: 'two actions in one timeline entry',
    replace: ['  - at: 5s\n    stop: a', '  - { at: 5s, stop: a,\n      start: b }'],
    issues: [`22:15 timeline[0].stop | has both 'start' and 'stop'; give exactly one of them | ${ACTIONS} | `],
  },
  {
    story: 'a time past the end of the run',
    replace: ['  - at: 5s', '  - at: 5m'],
    issues: ['22:9 timeline[0].at | 5m is after the end of the run (duration 30s) |  | '],
  },
  {
    story: 'a misspelled drop reason lists the closed set',
    append: '  - count: dropped\n    reason: nat-filterd\n    min: 1\n',
    issues: [`28:13 expectations[1].reason | the text 'nat-filterd' is not a valid reason | ${DROPS} | nat-filtered`],
  },
  {
    story: 'a misspelled expectation kind suggests the kind',
    append: '  - conected: [a, b]\n',
    issues: ["27:5 expectations[1].conected | unknown key 'conected' | connected, notConnected, staysConnected, discovery, count, mappings, happens, never | connected"],
  },
  {
    story: 'only peers can be expected to connect',
    append: '  - connected: [a, d]\n',
    issues: ["27:20 expectations[1].connected[1] | unknown ice or hole-punch agent 'd' | a, b | "],
  },
  {
    story: 'eq excludes min and max',
    append: '  - mappings: home-nat\n    at: 10s\n    eq: 1\n    max: 2\n',
    issues: ['29:5 expectations[1].eq | eq cannot be combined with min or max |  | '],
  },
  {
    story: 'a node event kind must be a trace kind',
    append: '  - happens: { node: home-nat, event: mapping-expird }\n',
    issues: [
      "27:39 expectations[1].happens.event | 'mapping-expird' is not a trace event kind at a node (agent events need agent: instead of node:) | sent, link, forwarded, translated, delivered, dropped, mapping-created, mapping-refreshed, mapping-expired, mapping-flushed | mapping-expired",
    ],
  },
  {
    story: 'a placeholder without a sweep',
    replace: ['preset: port-restricted-cone', "preset: '${nat}'"],
    issues: ["9:15 topology.nats.home-nat.preset | '${nat}' is a sweep placeholder, but the scenario has no sweep | sweep: { nat: [...] }, or $${...} for a literal | "],
  },
  {
    story: 'a YAML syntax error stops before validation, with its position',
    replace: ['    alice: { network: home, ip: 192.168.1.10 }', '    alice: { network: home, ip: 192.168.1.10'],
    issues: ['14:5  | YAML syntax: Flow map in block collection must be sufficiently indented and end with a } |  | '],
  },
  {
    story: 'a duplicate key is a syntax error',
    replace: ['    bob: {', '    alice: {'],
    issues: ['14:5  | YAML syntax: Map keys must be unique |  | '],
  },
  {
    story: 'a negative duration says it is negative',
    replace: ['within: 10s', 'within: -10s'],
    issues: ["26:13 expectations[0].within | '-10s' is negative; a duration is 0 or more, like 10s |  | "],
  },
  {
    story: 'a negative number as a duration says it is negative, not that it lacks a unit',
    replace: ['duration: 30s', 'duration: -30'],
    issues: ['2:11 duration | -30 is negative; a duration is 0 or more, like 150ms or 2s |  | '],
  },
];

describe('scenario format: errors in broken files', () => {
  it('loads the unbroken base file', () => expect(issuesOf(BASE)).to.deep.equal([]));

  for (const row of ROWS) {
    it(row.story, () => {
      let text = BASE;
      if (row.replace) {
        expect(text, 'the row must change the file').to.include(row.replace[0]);
        text = text.replace(row.replace[0], row.replace[1]);
      }
      if (row.append) text += row.append;
      expect(issuesOf(text)).to.deep.equal(row.issues);
    });
  }

  it('collects every problem of a file, in position order, not only the first', () => {
    let text = BASE;
    for (const row of ROWS.slice(0, 12)) if (row.replace && !row.replace[0].includes('\n')) text = text.replace(row.replace[0], row.replace[1]);
    const issues = issuesOf(text);
    expect(issues.length).to.be.greaterThanOrEqual(9);
    const positions = issues.map((i) => i.split(' ')[0].split(':').map(Number));
    const sorted = [...positions].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(positions).to.deep.equal(sorted);
  });

  it('formats each issue as file:line:column: path: message (valid: ...). Did you mean ...?', () => {
    try {
      parseScenarioText(BASE.replace('      preset: port', '      presett: port'), 'lessons/x.yaml');
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ScenarioError);
      expect((err as Error).name).to.equal('ScenarioError');
      expect((err as Error).message).to.equal(
        `1 problem in scenario input:\nlessons/x.yaml:9:7: topology.nats.home-nat.presett: unknown key 'presett' in NAT (valid: ${NAT_KEYS}). Did you mean 'preset'?`,
      );
    }
  });

  it('prints the file path as given, ../ included', () => {
    try {
      parseScenarioText(BASE.replace('      preset: port', '      presett: port'), '../bad/x.yaml');
      expect.fail('should throw');
    } catch (err) {
      expect((err as Error).message).to.include('\n../bad/x.yaml:9:7: topology.nats.home-nat.presett:');
    }
  });

  it('gives one error per unquoted ${param} in a flow mapping, saying to quote it, instead of YAML errors', () => {
    const text = `sweep:\n  lat: [1ms, 2ms]\n${BASE.replace('home: { cidr: 192.168.1.0/24 }', 'home: { cidr: 192.168.1.0/24, latency: ${lat} }')}`;
    expect(issuesOf(text)).to.deep.equal([
      "8:44  | the sweep placeholder ${lat} must be quoted here: inside { } or [ ] YAML reads its { as the start of a mapping | '${lat}' | ",
    ]);
    expect(issuesOf(text.replace('latency: ${lat}', "latency: '${lat}'"))).to.deep.equal([]);
  });

  it('reports positions in JSON input too', () => {
    const json = '{\n  "topology": {\n    "networks": {\n      "lan": { "cidr": "10.0.0.0/24", "loss": "2 percent" }\n    }\n  }\n}\n';
    expect(issuesOf(json, 'x.json')).to.deep.equal([
      "4:47 topology.networks.lan.loss | the text '2 percent' is not a valid probability | a probability from 0 to 1 (0.01) or a percentage (1%) | ",
    ]);
  });

  it('asks to choose when several gateways are possible, listing them', () => {
    const text = `topology:
  networks: { internet: { cidr: 203.0.113.0/24 }, lan: { cidr: 10.0.0.0/24 } }
  nats:
    n1: { inside: { network: lan, ip: 10.0.0.1 }, outside: { network: internet, ip: 203.0.113.1 } }
    n2: { inside: { network: lan, ip: 10.0.0.2 }, outside: { network: internet, ip: 203.0.113.2 } }
  hosts:
    pc: { network: lan, ip: 10.0.0.10 }
`;
    expect(issuesOf(text)).to.deep.equal([
      '7:5 topology.hosts.pc | several possible default gateways: 10.0.0.1 (n1), 10.0.0.2 (n2); choose one with gateway | 10.0.0.1 (n1), 10.0.0.2 (n2) | ',
    ]);
    expect(issuesOf(text.replace('10.0.0.10 }', '10.0.0.10, gateway: 10.0.0.2 }'))).to.deep.equal([]);
    expect(issuesOf(text.replace('10.0.0.10 }', '10.0.0.10, gateway: 10.0.0.9 }'))).to.deep.equal([
      "7:49 topology.hosts.pc.gateway | no node has address 10.0.0.9 on network 'lan' | 10.0.0.1 (n1), 10.0.0.2 (n2) | ",
    ]);
  });

  it('rejects a node name used by two kinds of node', () => {
    const text = `topology:
  networks: { lan: { cidr: 10.0.0.0/24 } }
  hosts: { box: { network: lan, ip: 10.0.0.1 } }
  servers: { box: { type: stun, network: lan, ip: 10.0.0.2 } }
`;
    expect(issuesOf(text)).to.deep.equal([
      "4:14 topology.servers.box | node name 'box' is already used by the host at topology.hosts.box | a name unique across hosts, routers, nats, firewalls, ipv6Firewalls, nat64s, nptv6s and servers | ",
    ]);
  });

  it('reports an unreadable file as a ScenarioError, not a crash', () => {
    expect(() => parseScenarioText('', 'empty.yaml')).to.throw(ScenarioError, 'the file is empty');
  });
});

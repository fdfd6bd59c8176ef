import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { allNodes, loadScenarioFile, parseScenarioSpec, ScenarioSpec } from '../../../src/scenario/format';

const FULL = join(__dirname, 'fixtures/full.yaml');

/** The spec without source positions and file name, to compare YAML and JSON input. */
function withoutSources(spec: ScenarioSpec): unknown {
  return JSON.parse(JSON.stringify(spec, (k, v: unknown) => (k === 'source' || k === 'file' ? undefined : v)));
}

describe('scenario format: typed model of a valid file', () => {
  const spec = loadScenarioFile(FULL).cells[0].spec;
  const node = (name: string) => allNodes(spec.topology).find((n) => n.name === name)!;
  const agent = (name: string) => spec.agents.find((a) => a.name === name)!;

  it('reads the top level with units parsed and defaults applied', () => {
    expect({ name: spec.name, seed: spec.seed, durationMs: spec.durationMs, trace: spec.trace, signalling: spec.signalling, params: spec.params }).to.deep.equal({
      name: 'full',
      seed: 42,
      durationMs: 120_000,
      trace: 'summary',
      signalling: { delayMs: 40 },
      params: {},
    });
  });

  it('gives networks complete link properties: written values parsed, the rest defaulted', () => {
    const [internet, carrier, home] = spec.topology.networks;
    expect(internet.link).to.deep.equal({
      latencyMs: 20, jitterMs: 2, loss: 0, burstLoss: null, duplicate: 0, reorder: null, bandwidthBps: 100_000_000, queuePackets: 50, mtu: 1500, up: true,
    });
    expect(carrier.link.burstLoss).to.deep.equal({ goodToBad: 0.01, badToGood: 0.25, lossInBad: 1 });
    expect(home.link).to.include({ loss: 0.005, mtu: 1400 });
    expect(home.link.reorder).to.deep.equal({ probability: 0.02, delayMs: 10 });
    expect(spec.topology.networks.map((n) => n.name)).to.deep.equal(['internet', 'carrier', 'home', 'office', 'backbone', 'mobile']);
  });

  it('merges per-interface overrides into the network defaults for that member only', () => {
    const laptop = node('laptop').interfaces[0];
    expect(laptop.linkOverrides).to.deep.equal({ loss: 0.1 });
    expect(laptop.link).to.include({ loss: 0.1, mtu: 1400 });
    expect(laptop.link.reorder).to.deep.equal({ probability: 0.02, delayMs: 10 });
    expect(node('phone').interfaces[0].link.loss).to.equal(0.005);
    const nat = spec.topology.nats.find((n) => n.name === 'home-nat')!;
    expect(nat.inside.link).to.include({ latencyMs: 2, loss: 0.005 });
  });

  it('names interfaces eth0.. on hosts and routers, inside/outside on NATs and firewalls', () => {
    expect(node('phone').interfaces.map((i) => [i.ifname, i.network, i.ip])).to.deep.equal([
      ['eth0', 'home', '192.168.1.20'],
      ['eth1', 'mobile', '10.200.0.5'],
    ]);
    expect(node('office-fw').interfaces.map((i) => i.ifname)).to.deep.equal(['inside', 'outside']);
  });

  it('picks default gateways: the only forwarding node on the networks (NAT/firewall inside, router), none on an open segment', () => {
    const gateways = Object.fromEntries(allNodes(spec.topology).map((n) => [n.name, n.gateway]));
    expect(gateways).to.deep.equal({
      laptop: '192.168.1.1', // home-nat's inside
      phone: '192.168.1.1', // mobile has no gateway, home has one
      desk: '10.1.0.1', // firewall inside
      web: '203.0.113.1', // router edge on the internet segment
      edge: null,
      core: null,
      cgn: '203.0.113.1',
      'home-nat': '100.64.0.1', // cascade: CGNAT's inside is home-nat's outside network
      'office-fw': '203.0.113.1',
      stun: '203.0.113.1',
      turn: '203.0.113.1',
    });
  });

  it('keeps NAT settings as written (preset plus overrides) with units parsed, and the external pool', () => {
    const [cgn, home] = spec.topology.nats;
    expect([cgn.preset, cgn.behaviour, cgn.externalIps, cgn.outside.aliases]).to.deep.equal([
      'cgnat', { pooling: 'paired' }, ['203.0.113.100', '203.0.113.101'], ['203.0.113.101'],
    ]);
    expect(home.behaviour).to.deep.equal({
      mapping: 'address-dependent', portAssignment: 'random', parity: true, inboundRefresh: true, hairpinning: false,
      portRange: [20000, 20099], mappingTimeout: 30_000,
    });
    expect(home.externalIps).to.deep.equal(['100.64.0.2']);
  });

  it('resolves routes, firewall mode and servers', () => {
    const edge = spec.topology.routers[0];
    expect(edge.routes).to.deep.equal([{ to: '10.1.0.0/24', via: '203.0.113.30' }, { to: '0.0.0.0/0', via: '198.51.100.2' }]);
    expect(spec.topology.firewalls[0].mode).to.equal('block-all-udp');
    const [stun, turn] = spec.topology.servers;
    expect(stun).to.include({ kind: 'stun-server', ip: '203.0.113.2', port: 3478 });
    expect(stun.kind === 'stun-server' && stun.alternate).to.deep.equal({ ip: '203.0.113.3', port: 3479 });
    expect(turn).to.deep.include({
      kind: 'turn-server', port: 3479, realm: 'example.org', users: { alice: 'wonderland' }, authSecret: 'shh',
      relayPorts: { min: 50000, max: 50999 }, defaultLifetimeMs: 300_000, maxLifetimeMs: 1_800_000,
    });
  });

  it('resolves agent references to addresses and applies agent defaults', () => {
    expect(agent('disc')).to.deep.include({ type: 'discovery', stun: { server: 'stun', ip: '203.0.113.2', port: 3478, alternate: { ip: '203.0.113.3', port: 3479 } } });
    expect(agent('a')).to.deep.include({
      type: 'ice', peer: 'b', controlling: true, trickle: false, policy: 'all', restartOnFailure: false, port: 0,
      stun: [{ server: 'stun', ip: '203.0.113.2', port: 3478 }, { server: 'turn', ip: '203.0.113.5', port: 3479 }],
      turn: [
        { server: 'turn', ip: '203.0.113.5', port: 3479, username: 'alice', password: 'wonderland' }, // from the server's users
        { server: 'turn', ip: '203.0.113.5', port: 3479, username: 'carol', password: null }, // derive from authSecret
      ],
    });
    expect(agent('b')).to.deep.include({ controlling: false, policy: 'relay', restartOnFailure: true, port: 6000 });
    expect(agent('p1')).to.deep.include({ keepaliveMs: 15_000, peer: 'p2' });
    expect(agent('p2')).to.deep.include({ keepaliveMs: 0, stun: { server: 'turn', ip: '203.0.113.5', port: 3479 } });
    expect(agent('t1')).to.deep.include({ to: { ip: '203.0.113.80', port: 7, node: null, agent: 'echo' }, count: 3, sizeBytes: 200, everyMs: 500 });
    expect(agent('t2')).to.deep.include({ to: { ip: '203.0.113.80', port: 9, node: 'web', agent: null }, count: 1, sizeBytes: 100, everyMs: 1000 });
  });

  it('does not autostart an agent that the timeline starts', () => {
    expect(spec.agents.filter((a) => !a.autostart).map((a) => a.name)).to.deep.equal(['t2']);
  });

  it('types every timeline action and trigger', () => {
    expect(spec.timeline.map((e) => [e.trigger, e.action])).to.deep.equal([
      [{ kind: 'at', atMs: 1000 }, { kind: 'start', agents: ['t2'] }],
      [{ kind: 'after', event: { agent: 'a', node: null, event: 'connected', data: null }, delayMs: 2000 }, { kind: 'set-link', network: 'office', node: 'desk', patch: { latencyMs: 1000, up: false } }],
      [{ kind: 'after', event: { agent: null, node: 'home-nat', event: 'mapping-expired', data: null }, delayMs: 0 }, { kind: 'stop', agents: ['t1', 't2'] }],
      [{ kind: 'at', atMs: 10_000 }, { kind: 'send', host: 'laptop', port: 0, to: { ip: '203.0.113.2', port: 3478, node: 'stun', agent: null }, count: 1, sizeBytes: 20, everyMs: 0 }],
      [{ kind: 'at', atMs: 20_000 }, { kind: 'reboot-nat', nat: 'cgn', externalIp: '203.0.113.102' }],
      [{ kind: 'at', atMs: 21_000 }, { kind: 'set-nat', nat: 'home-nat', preset: 'symmetric', behaviour: { hairpinning: true } }],
      [{ kind: 'at', atMs: 30_000 }, { kind: 'sleep', hosts: ['phone'] }],
      [{ kind: 'at', atMs: 40_000 }, { kind: 'wake', hosts: ['phone'] }],
      [{ kind: 'at', atMs: 50_000 }, { kind: 'move', host: 'phone', fromNetwork: 'home', network: 'office', ip: '10.1.0.20', gateway: '10.1.0.1' }],
    ]);
    expect(spec.timeline[1].description).to.equal('cut the office off');
  });

  it('types every expectation, with generated names and times defaulting to the duration', () => {
    const strip = spec.expectations.map(({ source: _s, description: _d, ...rest }) => rest);
    expect(strip).to.deep.equal([
      { kind: 'connected', agents: ['a', 'b'], via: 'relay', local: 'relay', remote: null, relayProtocol: null, withinMs: 10_000, name: 'a and b connect via relay (relay / any) within 10s' },
      { kind: 'not-connected', agents: ['p2', 'p1'], withinMs: 120_000, name: 'punch fails' },
      { kind: 'discovery', agent: 'disc', mapping: null, filtering: null, classic: 'symmetric', hairpinning: false, name: 'disc finds classic symmetric, hairpinning false' },
      { kind: 'count', outcome: 'dropped', reason: 'nat-filtered', node: 'home-nat', port: null, eq: null, min: 1, max: 10, name: 'dropped packets (nat-filtered) at home-nat >= 1 and <= 10' },
      { kind: 'count', outcome: 'delivered', reason: null, node: null, port: 7, eq: 3, min: null, max: null, name: 'delivered packets to port 7 = 3' },
      { kind: 'mappings', nat: 'cgn', atMs: 90_000, eq: null, min: null, max: 4, name: 'cgn has <= 4 mappings at 1m30s' },
      { kind: 'happens', event: { agent: 'turn', node: null, event: 'permission-expired', data: null }, beforeMs: 120_000, name: 'turn: permission-expired before 2m' },
    ]);
  });

  it('records where each item was written', () => {
    expect(spec.expectations[1].source).to.deep.equal({ file: FULL, line: 113, column: 5, path: 'expectations[1]' });
    expect(node('cgn').source).to.include({ line: 17, column: 5, path: 'topology.nats.cgn' });
    expect(spec.timeline[4].source.path).to.equal('timeline[4]');
  });

  it('loads the same scenario written as JSON to the same model', () => {
    const json = JSON.stringify(parse(readFileSync(FULL, 'utf8')), null, 2);
    expect(withoutSources(parseScenarioSpec(json, 'full.json'))).to.deep.equal(withoutSources(spec));
  });

  it('takes the scenario name from the file name when none is given', () => {
    const doc = parse(readFileSync(FULL, 'utf8')) as Record<string, unknown>;
    delete doc.name;
    expect(parseScenarioSpec(stringify(doc), 'dir/my-lesson.yaml').name).to.equal('my-lesson');
  });

  it('chooses the ICE controlling role from the peer, then by name order', () => {
    const base = (a: string, b: string) => `topology:
  networks: { lan: { cidr: 10.0.0.0/24 } }
  hosts: { h1: { network: lan, ip: 10.0.0.1 }, h2: { network: lan, ip: 10.0.0.2 } }
agents:
  zed: { type: ice, host: h1, peer: amy${a} }
  amy: { type: ice, host: h2, peer: zed${b} }
`;
    const roles = (text: string) => Object.fromEntries(parseScenarioSpec(text, 'r.yaml').agents.map((x) => [x.name, x.type === 'ice' && x.controlling]));
    expect(roles(base('', ''))).to.deep.equal({ zed: false, amy: true });
    expect(roles(base(', controlling: true', ''))).to.deep.equal({ zed: true, amy: false });
    expect(roles(base('', ', controlling: false'))).to.deep.equal({ zed: true, amy: false });
    expect(roles(base(', controlling: true', ', controlling: true'))).to.deep.equal({ zed: true, amy: true });
  });

  it('accepts YAML anchors and merge keys, with x- keys at the top as a place for anchors', () => {
    const text = `x-link: &slow { latency: 80ms, loss: 2% }
topology:
  networks:
    a: { <<: *slow, cidr: 10.0.0.0/24 }
    b: { <<: *slow, cidr: 10.0.1.0/24, loss: 5% }
`;
    const spec2 = parseScenarioSpec(text, 'anchors.yaml');
    expect(spec2.topology.networks[0].link).to.include({ latencyMs: 80, loss: 0.02 });
    expect(spec2.topology.networks[1].link).to.include({ latencyMs: 80, loss: 0.05 });
  });
});

import { expect } from 'chai';
import { StunServer } from '../../src/agents/stun/stun-server';
import { NatNode } from '../../src/nat/nat-node';
import { FirewallNode } from '../../src/nat/firewall-node';
import { formatIpv4 } from '../../src/net/ipv4';
import { restPassword } from '../../src/protocols/turn';
import { netLinkProps } from '../../src/scenario/build/link-convert';
import { ScenarioBuildError } from '../../src/scenario/build/errors';
import { buildScenarioWorld } from '../../src/scenario/build/scenario-world';
import { turnCredentials } from '../../src/scenario/agents/create-agent';
import { DEFAULT_LINK } from '../../src/scenario/format/normalise-link';
import { run, specOf } from './support';

const FULL = `
duration: 20s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms, jitter: 4ms }
    carrier: { cidr: 100.64.0.0/10, latency: 3ms }
    home: { cidr: 192.168.1.0/24, latency: 1ms }
    office: { cidr: 10.1.0.0/24 }
    transit: { cidr: 198.51.100.0/30 }
    lab: { cidr: 172.16.0.0/24 }
  nats:
    cgnat:
      preset: cgnat
      inside: { network: carrier, ip: 100.64.0.1 }
      outside: { network: internet, ip: 203.0.113.100 }
    home-nat:
      preset: port-restricted-cone
      mappingTimeout: 30s
      hairpinning: false
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: carrier, ip: 100.64.0.2, loss: 1% }
  firewalls:
    office-fw:
      mode: block-unsolicited-inbound
      inside: { network: office, ip: 10.1.0.1 }
      outside: { network: internet, ip: 203.0.113.30 }
  routers:
    edge:
      interfaces:
        - { network: internet, ip: 203.0.113.1 }
        - { network: transit, ip: 198.51.100.1 }
      routes:
        - { to: 172.16.0.0/24, via: 198.51.100.2 }
        - { to: 10.1.0.0/24, via: 203.0.113.30 }
    lab-gw:
      interfaces:
        - { network: transit, ip: 198.51.100.2 }
        - { network: lab, ip: 172.16.0.1 }
      routes:
        - { to: default, via: 198.51.100.1 }
  hosts:
    laptop: { network: home, ip: 192.168.1.10 }
    desk: { network: office, ip: 10.1.0.10 }
    probe: { network: lab, ip: 172.16.0.5 }
    echo-server: { network: internet, ip: 203.0.113.7, gateway: 203.0.113.1 }
  servers:
    stun: { type: stun, network: internet, ip: 203.0.113.2, alternate: { ip: 203.0.113.3 } }
    turn: { type: turn, network: internet, ip: 203.0.113.5, users: { alice: pw }, authSecret: s3cr3t, relayPorts: 50000-50100 }
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  from-home: { type: traffic, host: laptop, port: 5000, to: echo, count: 3, every: 1s }
  from-office: { type: traffic, host: desk, port: 6000, to: echo, count: 3, every: 1s }
  from-lab: { type: traffic, host: probe, port: 7000, to: echo, count: 3, every: 1s }
expectations:
  - { count: delivered, node: laptop, port: 5000, eq: 3 }
  - { count: delivered, node: desk, port: 6000, eq: 3 }
  - { count: delivered, node: probe, port: 7000, eq: 3 }
`;

describe('scenario world builder', () => {
  it('builds every node kind with the names, interfaces and addresses of the file', () => {
    const sw = buildScenarioWorld(specOf(FULL));
    const nodes = sw.world.nodeList().map((n) => n.name);
    expect(nodes).to.deep.equal(['laptop', 'desk', 'probe', 'echo-server', 'edge', 'lab-gw', 'cgnat', 'home-nat', 'office-fw', 'stun', 'turn']);
    const home = sw.world.node('home-nat') as NatNode;
    expect(home).to.be.instanceOf(NatNode);
    expect(home.ifaces.map((i) => `${i.name}=${formatIpv4(i.ip)}@${i.segment.name}`)).to.deep.equal(['outside=100.64.0.2@carrier', 'inside=192.168.1.1@home']);
    expect(sw.world.node('office-fw')).to.be.instanceOf(FirewallNode);
    const stunHost = sw.world.getHost('stun');
    expect(stunHost.ifaces.map((i) => formatIpv4(i.ip))).to.deep.equal(['203.0.113.2', '203.0.113.3']);
    expect(sw.topology.stunServers.get('stun')).to.be.instanceOf(StunServer);
    expect(sw.topology.stunServers.get('stun')!.mode).to.equal('rfc5780');
    expect(sw.topology.turnServers.get('turn')!.address).to.deep.equal({ address: '203.0.113.5', port: 3478 });
  });

  it('gives NATs their preset with the overrides written, and cascades a home NAT behind a CGNAT', () => {
    const sw = buildScenarioWorld(specOf(FULL));
    const home = sw.topology.nats.get('home-nat')!.nat!.config;
    expect([home.mapping, home.filtering, home.mappingTimeout, home.hairpinning]).to.deep.equal(['endpoint-independent', 'address-and-port-dependent', 30_000, false]);
    const cg = sw.topology.nats.get('cgnat')!.nat!.config;
    expect([cg.pooling, cg.portQuota]).to.deep.equal(['paired', 1008]);
    // the home NAT's default route points at the CGNAT's inside address
    const def = sw.world.node('home-nat').routes.lookup(0x08080808);
    expect(def && formatIpv4(def.via!)).to.equal('100.64.0.1');
  });

  it('carries traffic through the double NAT, the firewall and two routers, translated twice on the double-NAT path', () => {
    const r = run(specOf(FULL), { seed: 3 });
    expect(r.outcomes.map((o) => o.detail)).to.deep.equal([
      '3 packets delivered at laptop to port 5000; expected exactly 3',
      '3 packets delivered at desk to port 6000; expected exactly 3',
      '3 packets delivered at probe to port 7000; expected exactly 3',
    ]);
    const outbound = r.record.events.filter((e) => e.kind === 'translated' && e.direction === 'outbound' && e.before.srcPort === 5000);
    expect(outbound.map((e) => e.node).slice(0, 2)).to.deep.equal(['home-nat', 'cgnat']);
  });

  it('applies per-interface link overrides over the network defaults, with jitter as 0..jitter extra delay', () => {
    const sw = buildScenarioWorld(specOf(FULL));
    const outside = sw.world.node('home-nat').ifaces[0];
    expect(outside.channel.properties.loss).to.equal(0.01);
    const laptop = sw.world.getHost('echo-server').ifaces[0];
    expect([laptop.channel.properties.latency, laptop.channel.properties.jitter]).to.deep.equal([12, 2]);
  });

  const conversions: [string, Partial<typeof DEFAULT_LINK>, Record<string, unknown>][] = [
    ['latency and jitter', { latencyMs: 10, jitterMs: 6 }, { latency: 13, jitter: 3 }],
    ['reordering', { reorder: { probability: 0.2, delayMs: 30 } }, { reorder: 0.2, reorderDelay: 30 }],
    ['burst loss', { burstLoss: { goodToBad: 0.1, badToGood: 0.5, lossInBad: 0.9 } }, { burstLoss: { pGoodToBad: 0.1, pBadToGood: 0.5, lossInBad: 0.9 } }],
    ['no burst loss is a loss-free chain (a channel keeps keys it was given)', {}, { burstLoss: { pGoodToBad: 0, pBadToGood: 1, lossInBad: 0 } }],
    ['bandwidth, queue, mtu, up', { bandwidthBps: 1e6, queuePackets: 5, mtu: 576, up: false }, { bandwidth: 1e6, queue: 5, mtu: 576, up: false }],
  ];
  for (const [what, spec, net] of conversions) {
    it(`converts ${what} to network-layer link properties`, () => {
      expect(netLinkProps({ ...DEFAULT_LINK, ...spec })).to.include(Object.fromEntries(Object.entries(net).filter(([, v]) => typeof v !== 'object')));
      for (const [k, v] of Object.entries(net)) if (typeof v === 'object') expect((netLinkProps({ ...DEFAULT_LINK, ...spec }) as Record<string, unknown>)[k]).to.deep.equal(v);
    });
  }

  it('derives TURN REST credentials from the server secret when no password is given', () => {
    const servers = specOf(FULL).topology.servers;
    const c = turnCredentials({ server: 'turn', ip: '203.0.113.5', port: 3478, username: 'bob', password: null }, servers);
    expect(c.username).to.match(/^\d+:bob$/u);
    expect(c.password).to.equal(restPassword('s3cr3t', c.username));
    expect(turnCredentials({ server: 'turn', ip: '203.0.113.5', port: 3478, username: 'alice', password: 'pw' }, servers)).to.deep.equal({ username: 'alice', password: 'pw' });
  });

  it('refuses, at its place in the file, a setNat that would turn a NAT into no NAT', () => {
    const text = `${FULL}\ntimeline:\n  - at: 5s\n    setNat: { nat: home-nat, preset: open }\n`;
    const line = text.split('\n').indexOf('  - at: 5s') + 1;
    const spec = specOf(text);
    try {
      buildScenarioWorld(spec);
      expect.fail('built');
    } catch (err) {
      expect(err).to.be.instanceOf(ScenarioBuildError);
      const e = err as ScenarioBuildError;
      expect([e.source.file, e.source.line, e.source.path]).to.deep.equal(['test.yaml', line, 'timeline[0]']);
      expect(e.message).to.match(new RegExp(`^test\\.yaml:${line}:\\d+: timeline\\[0\\]: .*open`, 'u'));
    }
  });

  it('refuses expectations without the full trace they are decided from', () => {
    const spec = specOf(FULL.replace('duration: 20s', 'duration: 20s\ntrace: summary'));
    expect(() => buildScenarioWorld(spec)).to.throw(ScenarioBuildError, /need the full trace/u);
  });
});

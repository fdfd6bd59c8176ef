/**
 * A routing loop is visible (issue 14): datagrams dropped for TTL are counted in summary.json, report.md and the
 * terminal block, and `natsim validate` warns at the route that starts a static route cycle (and not otherwise).
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { parseScenarioText } from '../../src/scenario/format';
import { natsimInProcess, PASS_YAML, positionOf, tempFolder } from './cli-fixtures';
import { routingLoopYaml } from './guards-fixtures';

describe('routing loops', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempFolder>;
  const loop = routingLoopYaml(5, '1s');
  before(() => {
    t = tempFolder({ 'loop.yaml': loop, 'pass.yaml': PASS_YAML });
  });
  after(() => t.cleanup());

  it('counts datagrams dropped for TTL in summary.json, report.md and the terminal', async () => {
    const r = await natsimInProcess('run', t.path('loop.yaml'), '--out', t.path('out'), '--jobs', '1');
    expect(r.code).to.equal(0);
    expect(r.out).to.include('5 datagrams dropped for TTL (ttl-expired): a routing loop?');
    const summary = JSON.parse(readFileSync(t.path('out/loop/summary.json'), 'utf8')) as { counters: { dropsByReason: Record<string, number> } };
    expect(summary.counters.dropsByReason['ttl-expired']).to.equal(5);
    expect(readFileSync(t.path('out/loop/report.md'), 'utf8')).to.match(/\| ttl-expired \| 5 \|/u);
  });

  it('says nothing about TTL when no datagram ran out of it', async () => {
    const r = await natsimInProcess('run', t.path('pass.yaml'), '--no-report', '--jobs', '1');
    expect(r.code).to.equal(0);
    expect(r.out).not.to.include('TTL');
  });

  it('`natsim validate` warns about a static route cycle at the route that starts it, and still exits 0', async () => {
    const r = await natsimInProcess('validate', t.path('loop.yaml'));
    expect(r.code).to.equal(0);
    const at = positionOf(loop, '{ to: default, via: 10.9.0.2 }');
    expect(r.out).to.include(`warning: ${t.path('loop.yaml')}:${at.line}:${at.column}: topology.routers.r1.routes[0]: static routes form a loop for 0.0.0.0/0: r1 -> r2 -> r1`);
    expect(r.out.match(/warning:/gu)).to.have.length(1);
  });

  it('does not warn when the routes lead somewhere (a chain, or a next hop that is directly connected)', () => {
    const chain = loop.replace('        - { to: default, via: 10.9.0.1 }', '        - { to: 10.0.0.0/24, via: 10.9.0.1 }');
    expect(parseScenarioText(chain, 'chain.yaml').warnings).to.deep.equal([]);
    expect(parseScenarioText(PASS_YAML, 'pass.yaml').warnings).to.deep.equal([]);
  });

  it('finds a three-router cycle for a specific prefix', () => {
    const three = `name: three
duration: 1s
topology:
  networks:
    a: { cidr: 10.1.0.0/30 }
    b: { cidr: 10.2.0.0/30 }
    c: { cidr: 10.3.0.0/30 }
  routers:
    r1:
      interfaces: [{ network: a, ip: 10.1.0.1 }, { network: c, ip: 10.3.0.2 }]
      routes: [{ to: 172.16.0.0/12, via: 10.1.0.2 }]
    r2:
      interfaces: [{ network: a, ip: 10.1.0.2 }, { network: b, ip: 10.2.0.1 }]
      routes: [{ to: 172.16.0.0/12, via: 10.2.0.2 }]
    r3:
      interfaces: [{ network: b, ip: 10.2.0.2 }, { network: c, ip: 10.3.0.1 }]
      routes: [{ to: 172.16.0.0/12, via: 10.3.0.2 }]
`;
    const w = parseScenarioText(three, 'three.yaml').warnings;
    expect(w.map((x) => x.message)).to.deep.equal([
      'static routes form a loop for 172.16.0.0/12: r1 -> r2 -> r3 -> r1; packets to it circle until their TTL runs out (counted as ttl-expired drops)',
    ]);
    expect(w[0].path).to.equal('topology.routers.r1.routes[0]');
  });
});

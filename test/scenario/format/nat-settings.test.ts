/**
 * Every NAT setting documented in docs/nat-model.md, and every firewall setting, can be written in a scenario
 * file: the schema has it (for NATs and `setNat`), and the value reaches the NAT layer.
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { FirewallNode } from '../../../src/nat/firewall-node';
import { NatNode } from '../../../src/nat/nat-node';
import { buildScenarioWorld } from '../../../src/scenario/build/scenario-world';
import { JsonSchema, scenarioJsonSchema } from '../../../src/scenario/format';
import { specOf } from '../support';

/** Setting names of the table in docs/nat-model.md "## Settings". */
function documentedSettings(): string[] {
  const doc = readFileSync('docs/nat-model.md', 'utf8');
  const section = doc.slice(doc.indexOf('## Settings'), doc.indexOf('## Port assignment'));
  return [...section.matchAll(/^\| `(\w+)` \|/gmu)].map((m) => m[1]);
}

function props(schema: JsonSchema, ...path: string[]): Record<string, JsonSchema> {
  let s = schema;
  for (const k of path) s = (s.properties as Record<string, JsonSchema> | undefined)?.[k] ?? (s as Record<string, JsonSchema>)[k];
  return s.properties as Record<string, JsonSchema>;
}

const SCENARIO = (natExtra: string, fwExtra: string) => `
topology:
  networks:
    internet: { cidr: 203.0.113.0/24 }
    home: { cidr: 192.168.1.0/24 }
    office: { cidr: 10.1.0.0/24 }
  nats:
    home-nat:
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
${natExtra}
  routers:
    edge:
      interfaces: [{ network: internet, ip: 203.0.113.1 }]
      routes: [{ to: 10.1.0.0/24, via: 203.0.113.30 }]
  firewalls:
    fw:
      inside: { network: office, ip: 10.1.0.1 }
      outside: { network: internet, ip: 203.0.113.30 }
${fwExtra}
  hosts:
    alice: { network: home, ip: 192.168.1.10 }
`;

describe('scenario format: every NAT and firewall setting', () => {
  it('has every setting of docs/nat-model.md in the NAT schema and the setNat schema', () => {
    const documented = documentedSettings();
    expect(documented).to.include.members(['filteringScope', 'establishedTimeout', 'portQuota', 'portReuseDelay', 'sequentialStep']);
    const nat = props(scenarioJsonSchema, 'topology', 'nats', 'additionalProperties');
    const missing = documented.filter((k) => k !== 'externalIps' && !(k in nat));
    expect(missing).to.deep.equal([]);
    const entry = (props(scenarioJsonSchema, 'timeline', 'items') as Record<string, JsonSchema>).setNat.properties as Record<string, JsonSchema>;
    expect(documented.filter((k) => k !== 'externalIps' && !(k in entry))).to.deep.equal([]);
  });

  it('passes each written setting to the NAT, in the NAT layer units', () => {
    const spec = specOf(SCENARIO(`      portAssignment: sequential
      sequentialStep: 2
      filteringScope: endpoint
      portQuota: 10
      portReuseDelay: 2m
      mappingTimeout: 30s
      establishedTimeout: 3m`, '      timeout: 45s\n      inboundRefresh: true'));
    const sw = buildScenarioWorld(spec);
    const cfg = (sw.world.node('home-nat') as NatNode).nat!.config;
    expect(cfg).to.include({
      portAssignment: 'sequential', sequentialStep: 2, filteringScope: 'endpoint', portQuota: 10,
      portReuseDelay: 120_000, mappingTimeout: 30_000, establishedTimeout: 180_000,
    });
    expect((sw.world.node('fw') as FirewallNode).firewall.config).to.include({ mode: 'block-unsolicited-inbound', timeout: 45_000, inboundRefresh: true });
  });

  it('reports a firewall pinhole timeout of the wrong type at its place', () => {
    expect(() => specOf(SCENARIO('', '      timeout: soon'))).to.throw(/topology\.firewalls\.fw\.timeout/);
  });

  it('passes the tcp settings (RFC 5382) to the NAT\'s TCP table, durations in ms', () => {
    const spec = specOf(SCENARIO(`      preset: port-restricted-cone
      tcp:
        filtering: endpoint-independent
        establishedTimeout: 10m
        transitoryTimeout: 30s
        unsolicitedSyn: rst
        synHold: 0s`, ''));
    const nat = buildScenarioWorld(spec).world.node('home-nat') as NatNode;
    expect(nat.natTcp!.config).to.include({ filtering: 'endpoint-independent', mapping: 'endpoint-independent',
      establishedTimeout: 600_000, mappingTimeout: 30_000 });
    expect(nat.natTcp!.config.tcp).to.include({ unsolicitedSyn: 'rst', synHold: 0 });
    expect(nat.nat!.config.filtering).to.equal('address-and-port-dependent');
  });

  it('passes a firewall preset and rules by protocol and port', () => {
    const spec = specOf(SCENARIO('', `      preset: udp-blocked
      rules:
        - { action: deny, proto: tcp, ports: [22] }
        - { action: allow, proto: tcp, ports: [443, 8000-8100] }`));
    const fw = (buildScenarioWorld(spec).world.node('fw') as FirewallNode).firewall.config;
    expect(fw.defaultOutbound).to.equal('deny');
    expect(fw.rules).to.deep.equal([
      { action: 'deny', proto: 'tcp', ports: [[22, 22]] },
      { action: 'allow', proto: 'tcp', ports: [[443, 443], [8000, 8100]] },
    ]);
  });

  const badFiles = [
    { story: 'an unknown tcp setting', nat: '      tcp: { unsolicitedSin: rst }', fw: '', where: /topology\.nats\.home-nat\.tcp/ },
    { story: 'an unknown unsolicitedSyn', nat: '      tcp: { unsolicitedSyn: reject }', fw: '', where: /topology\.nats\.home-nat\.tcp\.unsolicitedSyn[\s\S]*rst/ },
    { story: 'an unknown firewall preset', nat: '', fw: '      preset: corporate', where: /topology\.firewalls\.fw\.preset[\s\S]*udp-blocked/ },
    { story: 'a rule without action', nat: '', fw: '      rules: [{ proto: tcp }]', where: /topology\.firewalls\.fw\.rules/ },
    { story: 'a rule with a bad port', nat: '', fw: '      rules: [{ action: allow, ports: [70000] }]', where: /topology\.firewalls\.fw\.rules/ },
  ];
  for (const row of badFiles) {
    it(`reports ${row.story} at its place`, () => {
      expect(() => specOf(SCENARIO(row.nat, row.fw))).to.throw(row.where);
    });
  }
});

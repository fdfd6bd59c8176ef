import { expect } from 'chai';
import { expandSweeps, parseScenarioSource, parseScenarioText, ScenarioError } from '../../../src/scenario/format';

const WORLD = `topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: '\${lat}' }
    home: { cidr: 192.168.1.0/24 }
  nats:
    nat:
      preset: \${nat}
      hairpinning: \${hp}
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
  hosts:
    pc: { network: home, ip: 192.168.1.10 }
`;

/** Every issue message of a failing load, as `line:col path: message`. */
function problems(text: string): string[] {
  try {
    parseScenarioText(text, 's.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}${i.didYouMean ? ` (${i.didYouMean})` : ''}${i.cells ? ` [${i.cells.join('; ')}]` : ''}`);
  }
}

describe('scenario format: sweeps', () => {
  const text = `name: grid-\${nat}
sweep:
  nat: [full-cone, symmetric]
  lat: [10ms, 50ms, 0]
  hp: [true, false]
${WORLD}`;

  it('expands the cartesian product with the first parameter slowest and the last fastest', () => {
    const file = parseScenarioText(text, 'grid.yaml');
    expect(file.sweep.map((p) => [p.name, p.values])).to.deep.equal([
      ['nat', ['full-cone', 'symmetric']],
      ['lat', ['10ms', '50ms', 0]],
      ['hp', [true, false]],
    ]);
    expect(file.cells.map((c) => c.label)).to.deep.equal([
      'nat=full-cone lat=10ms hp=true',
      'nat=full-cone lat=10ms hp=false',
      'nat=full-cone lat=50ms hp=true',
      'nat=full-cone lat=50ms hp=false',
      'nat=full-cone lat=0 hp=true',
      'nat=full-cone lat=0 hp=false',
      'nat=symmetric lat=10ms hp=true',
      'nat=symmetric lat=10ms hp=false',
      'nat=symmetric lat=50ms hp=true',
      'nat=symmetric lat=50ms hp=false',
      'nat=symmetric lat=0 hp=true',
      'nat=symmetric lat=0 hp=false',
    ]);
    expect(file.cells.map((c) => c.index)).to.deep.equal([...Array(12).keys()]);
  });

  it('substitutes values with their own type when a value is exactly one placeholder, and as text inside strings', () => {
    const cell = parseScenarioText(text, 'grid.yaml').cells[9];
    expect(cell.params).to.deep.equal({ nat: 'symmetric', lat: '50ms', hp: false });
    expect(cell.spec.params).to.deep.equal(cell.params);
    expect(cell.spec.name).to.equal('grid-symmetric');
    expect(cell.spec.topology.nats[0].preset).to.equal('symmetric');
    expect(cell.spec.topology.nats[0].behaviour.hairpinning).to.equal(false); // boolean, not 'false'
    expect(cell.spec.topology.networks[0].link.latencyMs).to.equal(50);
    expect(parseScenarioText(text, 'grid.yaml').cells[4].spec.topology.networks[0].link.latencyMs).to.equal(0); // the number 0
  });

  it('gives the same expansion every time (deterministic order for sharding)', () => {
    const a = parseScenarioText(text, 'grid.yaml').cells.map((c) => JSON.stringify(c.params));
    const b = expandSweeps(parseScenarioSource(text, 'grid.yaml')).map((c) => JSON.stringify(c.params));
    expect(a).to.deep.equal(b);
  });

  it('keeps only the expectations whose when matches the cell', () => {
    const t = `sweep:
  nat: [full-cone, symmetric, cgnat]
${WORLD.replace('${hp}', 'true').replace("'${lat}'", '1ms')}agents:
  a: { type: traffic, host: pc, to: 203.0.113.10:7 }
expectations:
  - name: always
    count: delivered
    min: 0
  - name: only symmetric
    when: { nat: symmetric }
    count: delivered
    min: 0
  - name: symmetric or cgnat
    when: { nat: [symmetric, cgnat] }
    count: delivered
    min: 0
`;
    const names = parseScenarioText(t, 'w.yaml').cells.map((c) => c.spec.expectations.map((e) => e.name));
    expect(names).to.deep.equal([['always'], ['always', 'only symmetric', 'symmetric or cgnat'], ['always', 'symmetric or cgnat']]);
  });

  it('rejects an undefined placeholder with a did-you-mean, before expanding', () => {
    expect(problems(`sweep:\n  nat: [full-cone]\n  lat: [1ms]\n  hp: [true]\n${WORLD.replace('${nat}', '${nta}')}`)).to.deep.equal([
      "2:3 sweep.nat: parameter 'nat' is never used: write ${nat} where its value goes",
      "11:15 topology.nats.nat.preset: unknown sweep parameter '${nta}' (nat)",
    ]);
  });

  it('rejects a when that names an unknown parameter or value', () => {
    const t = `sweep:\n  nat: [full-cone]\n  lat: [1ms]\n  hp: [true]\n${WORLD}expectations:\n  - when: { nta: full-cone, nat: symetric }\n    count: delivered\n    min: 0\n`;
    expect(problems(t)).to.deep.equal([
      "18:13 expectations[0].when.nta: unknown sweep parameter 'nta' (nat)",
      "18:34 expectations[0].when.nat: symetric is not a value of parameter 'nat'",
    ]);
  });

  it('reports a problem of some cells once, naming those cells; a problem of every cell without names', () => {
    const t = `sweep:\n  nat: [full-cone, symetric]\n  lat: [10ms, 20]\n  hp: [true]\n${WORLD.replace('pc: {', 'pc: { netwrk: home,')}`;
    expect(problems(t)).to.deep.equal([
      "7:48 topology.networks.internet.latency: the number 20 has no unit; write 20ms or 20s [nat=full-cone lat=20 hp=true; nat=symetric lat=20 hp=true]",
      "11:15 topology.nats.nat.preset: the text 'symetric' is not a valid preset (symmetric) [nat=symetric lat=10ms hp=true; nat=symetric lat=20 hp=true]",
      "16:11 topology.hosts.pc.netwrk: unknown key 'netwrk' in host (network)",
    ]);
  });

  it('escapes $${ as a literal ${', () => {
    const t = `description: 'costs $\${price}'\ntopology:\n  networks: { lan: { cidr: 10.0.0.0/24 } }\n`;
    expect(parseScenarioText(t, 'e.yaml').cells[0].spec.description).to.equal('costs ${price}');
  });

  it('checks the sweep itself: non-empty lists of unique scalar values', () => {
    expect(problems(`sweep:\n  a: []\n  b: [1, 1]\n  c: [{ x: 1 }]\ntopology:\n  networks: { lan: { cidr: 10.0.0.0/24 } }\n`)).to.deep.equal([
      '2:6 sweep.a: expected a non-empty list of values',
      '3:10 sweep.b[1]: duplicate value 1',
      '4:7 sweep.c[0]: a sweep value must be text, a number or true/false',
    ]);
  });

  it('refuses sweeps above the cell limit', () => {
    const values = `[${[...Array(101).keys()].join(', ')}]`;
    const t = `sweep: { a: ${values}, b: ${values} }\nname: x\${a}\${b}\ntopology:\n  networks: { lan: { cidr: 10.0.0.0/24 } }\n`;
    expect(problems(t)).to.deep.equal(['1:1 sweep: the sweep has 10201 cells, more than 10000']);
  });
});

/** NAT settings: defaults, presets, and validation errors that name the config path and the valid values. */
import { expect } from 'chai';
import { Rng } from '../../src/sim/rng';
import {
  NAT_PRESET_NAMES, NatConfigError, NatTable, NatUsageError, listNatPresets, natPreset, resolveNatConfig,
} from '../../src/nat';

const PATH = 'nats.home';

function errorOf(init: unknown, externalIps: string[] | undefined = ['192.0.2.1']): NatConfigError {
  try {
    resolveNatConfig(init, { path: PATH, externalIps });
  } catch (e) {
    if (e instanceof NatConfigError) return e;
    throw e;
  }
  throw new Error('expected a NatConfigError');
}

describe('NAT settings', () => {
  it('applies the documented defaults', () => {
    expect(resolveNatConfig({}, { externalIps: ['192.0.2.1'] })).to.deep.equal({
      translate: true,
      mapping: 'endpoint-independent',
      filtering: 'address-dependent',
      filteringScope: 'mapping',
      portAssignment: 'preserve',
      sequentialStep: 1,
      portRange: [1024, 65535],
      parity: true,
      externalIps: ['192.0.2.1'],
      pooling: 'paired',
      portQuota: 0,
      portReuseDelay: 0,
      mappingTimeout: 120_000,
      establishedTimeout: 120_000,
      inboundRefresh: false,
      hairpinning: true,
      unsolicitedIcmp: 'forward',
      tcp: {
        mapping: 'endpoint-independent',
        filtering: 'address-dependent',
        filteringScope: 'mapping',
        portAssignment: 'preserve',
        parity: true,
        hairpinning: true,
        establishedTimeout: 7_440_000,
        transitoryTimeout: 240_000,
        unsolicitedSyn: 'drop',
        synHold: 6000,
      },
    });
  });

  it('lets establishedTimeout follow mappingTimeout unless given', () => {
    expect(resolveNatConfig({ mappingTimeout: 300_000 }, { externalIps: ['192.0.2.1'] }).establishedTimeout)
      .to.equal(300_000);
  });

  it('overrides a preset with the settings given beside it', () => {
    const cfg = resolveNatConfig({ preset: 'symmetric', portAssignment: 'sequential', sequentialStep: 2 },
      { externalIps: ['192.0.2.1'] });
    expect(cfg).to.include({ mapping: 'address-and-port-dependent', portAssignment: 'sequential', sequentialStep: 2 });
  });

  const bad: { story: string; init: unknown; path: string; valid: RegExp; externalIps?: string[] }[] = [
    { story: 'an unknown mapping behaviour', init: { mapping: 'cone' }, path: `${PATH}.mapping`,
      valid: /'endpoint-independent', 'address-dependent', 'address-and-port-dependent'/ },
    { story: 'an unknown filtering behaviour', init: { filtering: 'strict' }, path: `${PATH}.filtering`,
      valid: /'address-dependent'/ },
    { story: 'an unknown setting', init: { portPreservation: true }, path: `${PATH}.portPreservation`,
      valid: /mapping, filtering, filteringScope, portAssignment/ },
    { story: 'an unknown port assignment', init: { portAssignment: 'predictable' }, path: `${PATH}.portAssignment`,
      valid: /'preserve', 'sequential', 'random'/ },
    { story: 'an unknown pooling', init: { pooling: 'round-robin' }, path: `${PATH}.pooling`, valid: /'paired', 'arbitrary'/ },
    { story: 'a reversed port range', init: { portRange: [2000, 1000] }, path: `${PATH}.portRange`, valid: /lo <= hi/ },
    { story: 'a port above 65535', init: { portRange: [1024, 70000] }, path: `${PATH}.portRange[1]`,
      valid: /integer from 1 to 65535/ },
    { story: 'a malformed external address', init: { externalIps: ['192.0.2'] }, path: `${PATH}.externalIps[0]`,
      valid: /dotted quad/ },
    { story: 'a duplicated external address', init: { externalIps: ['192.0.2.1', '192.0.2.1'] },
      path: `${PATH}.externalIps[1]`, valid: /distinct/ },
    { story: 'no external address at all', init: {}, externalIps: [], path: `${PATH}.externalIps`, valid: /non-empty list/ },
    { story: 'a negative timeout', init: { mappingTimeout: -5 }, path: `${PATH}.mappingTimeout`, valid: /milliseconds > 0/ },
    { story: 'a timeout given as text', init: { mappingTimeout: '2m' }, path: `${PATH}.mappingTimeout`, valid: /milliseconds/ },
    { story: 'a non-boolean flag', init: { hairpinning: 'yes' }, path: `${PATH}.hairpinning`, valid: /true or false/ },
    { story: 'an unknown unsolicited ICMP handling', init: { unsolicitedIcmp: 'drop' }, path: `${PATH}.unsolicitedIcmp`, valid: /forward, filter|'forward'/ },
    { story: 'a sequential step without sequential assignment', init: { sequentialStep: 2 },
      path: `${PATH}.sequentialStep`, valid: /portAssignment: 'sequential'/ },
    { story: 'NAT settings on an open (untranslated) node', init: { preset: 'open', hairpinning: true },
      path: `${PATH}.hairpinning`, valid: /translate: true/ },
    { story: 'an unknown preset', init: { preset: 'strict-nat' }, path: `${PATH}.preset`, valid: /'full-cone'/ },
    { story: 'settings that are not an object', init: 'symmetric', path: PATH, valid: /an object with keys/ },
  ];
  for (const row of bad) {
    it(`rejects ${row.story}, naming ${row.path} and the valid values`, () => {
      const e = errorOf(row.init, row.externalIps);
      expect(e.path).to.equal(row.path);
      expect(e.message.startsWith(`${row.path}: `)).to.equal(true);
      expect(e.valid).to.match(row.valid);
      expect(e.name).to.equal('NatConfigError');
    });
  }

  it('refuses to build a table for an open NAT', () => {
    expect(() => new NatTable({ preset: 'open' }, new Rng(1))).to.throw(NatUsageError, /route its packets untranslated/);
  });
});

describe('NAT presets', () => {
  it('lists every preset in order with a one-line description', () => {
    expect(listNatPresets().map((p) => p.name)).to.deep.equal([...NAT_PRESET_NAMES]);
    for (const p of listNatPresets()) {
      expect(p.description).to.match(/^[^\n]{10,120}$/);
    }
  });

  it('resolves every preset to a valid configuration', () => {
    for (const name of NAT_PRESET_NAMES) {
      expect(() => resolveNatConfig({ preset: name }, { externalIps: ['192.0.2.1'] }), name).to.not.throw();
    }
  });

  it('maps the RFC 3489 types onto RFC 4787 mapping and filtering (protocol-facts §4)', () => {
    const pairs = (['full-cone', 'restricted-cone', 'port-restricted-cone', 'symmetric'] as const).map((n) => {
      const { mapping, filtering } = natPreset(n).init;
      return `${mapping}/${filtering}`;
    });
    expect(pairs).to.deep.equal([
      'endpoint-independent/endpoint-independent',
      'endpoint-independent/address-dependent',
      'endpoint-independent/address-and-port-dependent',
      'address-and-port-dependent/address-and-port-dependent',
    ]);
  });

  it('models Linux masquerade timers: 30 s unreplied, 120 s once a reply was seen, refreshed both ways', () => {
    const cfg = resolveNatConfig({ preset: 'linux-masquerade' }, { externalIps: ['192.0.2.1'] });
    expect(cfg).to.include({ mappingTimeout: 30_000, establishedTimeout: 120_000, inboundRefresh: true,
      hairpinning: false, filtering: 'address-and-port-dependent' });
  });

  it('throws a NatConfigError listing the names for an unknown preset', () => {
    expect(() => natPreset('nope', 'nats.x.preset')).to.throw(NatConfigError, /nats\.x\.preset: .*'cgnat'/);
  });
});

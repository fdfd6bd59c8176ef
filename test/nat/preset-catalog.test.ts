/** PresetCatalog (src/nat/preset-catalog.ts): the one shape behind the NAT and firewall presets. */
import { expect } from 'chai';
import { NatConfigError } from '../../src/nat/nat-errors';
import { FIREWALL_PRESET_NAMES, listFirewallPresets } from '../../src/nat/firewall-presets';
import { NAT_PRESET_NAMES, NAT_PRESETS, isNatPresetName, listNatPresets, natPreset } from '../../src/nat/nat-presets';
import { PresetCatalog } from '../../src/nat/preset-catalog';

describe('preset catalogues', () => {
  const catalog = new PresetCatalog<'a' | 'b', { n: number }>('thing preset', ['b', 'a'], { a: ['first', { n: 1 }], b: ['second', { n: 2 }] });

  it('lists presets in the order of their names, each with its name, description and settings', () => {
    expect(catalog.list()).to.deep.equal([
      { name: 'b', description: 'second', init: { n: 2 } },
      { name: 'a', description: 'first', init: { n: 1 } },
    ]);
    expect(listNatPresets().map((p) => p.name)).to.deep.equal([...NAT_PRESET_NAMES]);
    expect(listFirewallPresets().map((p) => p.name)).to.deep.equal([...FIREWALL_PRESET_NAMES]);
  });

  it('freezes every preset and its settings', () => {
    expect(Object.isFrozen(catalog.byName)).to.equal(true);
    expect(Object.isFrozen(catalog.byName.a)).to.equal(true);
    expect(Object.isFrozen(catalog.byName.a.init)).to.equal(true);
    expect(Object.isFrozen(NAT_PRESETS.symmetric.init)).to.equal(true);
  });

  it('says where an unknown name was given, and which names are valid', () => {
    expect(catalog.isName('a')).to.equal(true);
    expect(catalog.isName('c')).to.equal(false);
    expect(catalog.isName(7)).to.equal(false);
    expect(() => catalog.get('c', 'x.preset')).to.throw(NatConfigError, /x\.preset: unknown thing preset 'c'.*'b', 'a'/s);
    expect(isNatPresetName('full-cone')).to.equal(true);
    expect(() => natPreset('fullcone', 'nats.n.preset')).to.throw(NatConfigError, /nats\.n\.preset: unknown NAT preset 'fullcone'.*'open', 'full-cone'/s);
    expect(natPreset('symmetric').init).to.deep.include({ mapping: 'address-and-port-dependent', portAssignment: 'random' });
  });
});

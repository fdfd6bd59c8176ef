import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { demoText } from '../../src/cli/commands/demo';
import { presetsText } from '../../src/cli/commands/presets';
import { NATSIM_BIN, SPAWN_TIMEOUT_MS } from '../support/compiled-cli';

function natsim(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [NATSIM_BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('natsim demo', () => {
  it('prints each NAT translation and each drop with its reason', () => {
    const text = demoText(1);
    expect(text).to.match(/nat-a\s+nat outbound 192\.168\.1\.10:5000 -> 203\.0\.113\.100:7000 {2}=> {2}203\.0\.113\.10:5000 -> 203\.0\.113\.100:7000/);
    expect(text.match(/DROP .*reason=nat-filtered/g)).to.have.length(2);
    expect(text).to.match(/6 translations, 2 drop\(s\)/);
  });

  it('prints the same trace for the same seed', () => {
    expect(demoText(3)).to.equal(demoText(3));
  });
});

describe('natsim presets and exit codes', () => {
  it('lists every preset with its RFC 4787 settings', () => {
    const rows = JSON.parse(presetsText(true)) as { name: string; settings: Record<string, unknown> }[];
    expect(rows.map((r) => r.name)).to.deep.equal(['open', 'full-cone', 'restricted-cone', 'port-restricted-cone', 'symmetric', 'cgnat', 'linux-masquerade']);
    const sym = rows.find((r) => r.name === 'symmetric')!;
    expect(sym.settings).to.include({ mapping: 'address-and-port-dependent', filtering: 'address-and-port-dependent' });
  });

  it('shows every NAT setting of every translating preset, including the cgnat port reuse delay', () => {
    const rows = JSON.parse(presetsText(true)) as { name: string; translate: boolean; settings: Record<string, unknown> }[];
    for (const r of rows.filter((x) => x.translate)) {
      expect(Object.keys(r.settings), r.name).to.include.members(['filteringScope', 'sequentialStep', 'portQuota', 'portReuseDelay', 'establishedTimeout']);
    }
    expect(rows.find((r) => r.name === 'cgnat')!.settings).to.include({ portReuseDelay: 120_000, portQuota: 1008 });
    expect(presetsText(false)).to.match(/cgnat[^]*portReuseDelay\s+120s/);
    // RFC 5382 TCP settings, one line each.
    expect(rows.find((r) => r.name === 'linux-masquerade')!.settings.tcp).to.include({ unsolicitedSyn: 'rst', synHold: 0 });
    expect(presetsText(false)).to.match(/linux-masquerade[^]*tcp\.unsolicitedSyn\s+rst\n\s+tcp\.synHold\s+0s/);
  });

  it('exits 2 on an unknown command or option', function () {
    this.timeout(SPAWN_TIMEOUT_MS);
    expect(natsim('bogus').code).to.equal(2);
    const r = natsim('presets', '--bogus');
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/unknown option '--bogus'/);
  });
});

/** `natsim presets`: every NAT preset with its RFC 4787 settings (defaults filled in). */
import type { Command } from 'commander';
import { NAT_SETTINGS } from '../../nat/nat-config';
import { listNatPresets } from '../../nat/nat-presets';
import { NAT_SETTING_FORMATS, formatText, natSettingText, type NatBehaviourKey } from '../../scenario/format/nat-setting-formats';
import { resolveNatConfig } from '../../nat/nat-validate';
import { paint } from '../output';

/** The settings shown per preset: every NAT setting except the preset itself, translate and the address pool. */
const SHOWN = NAT_SETTINGS.filter((k): k is Exclude<typeof k, 'preset' | 'translate' | 'externalIps'> =>
  k !== 'preset' && k !== 'translate' && k !== 'externalIps');

/** Text (or JSON) for every preset. */
export function presetsText(json: boolean): string {
  const rows = listNatPresets().map((p) => {
    const cfg = resolveNatConfig({ preset: p.name }, { path: `presets.${p.name}`, externalIps: ['192.0.2.1'] });
    const settings: Record<string, unknown> = {};
    if (cfg.translate) for (const k of SHOWN) settings[k] = cfg[k];
    return { name: p.name, description: p.description, translate: cfg.translate, settings };
  });
  if (json) return `${JSON.stringify(rows)}\n`;
  const out: string[] = [];
  for (const r of rows) {
    out.push(`${paint(r.name, 'bold')}  ${r.description}`);
    if (!r.translate) out.push('    translate: false (routes without translation or filtering)');
    for (const [k, v] of Object.entries(r.settings)) {
      const f = NAT_SETTING_FORMATS[k as NatBehaviourKey];
      if (f.kind === 'group') {
        // One line per nested setting (tcp.mapping, ...), like the top-level ones.
        for (const [sub, sv] of Object.entries(v as Record<string, unknown>)) out.push(`    ${`${k}.${sub}`.padEnd(23)}${formatText(f.formats[sub], sv)}`);
        continue;
      }
      out.push(`    ${k.padEnd(23)}${natSettingText(k as NatBehaviourKey, v)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Registers `natsim presets`. */
export function register(program: Command): void {
  program
    .command('presets')
    .description('list every NAT preset with its RFC 4787 settings')
    .option('--json', 'print one JSON array')
    .action((opts: { json?: boolean }) => {
      process.stdout.write(presetsText(Boolean(opts.json)));
    });
}

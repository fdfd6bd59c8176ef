/** `natsim presets`: every NAT preset with its RFC 4787 settings (defaults filled in). */
import type { Command } from 'commander';
import { listNatPresets } from '../../nat/nat-presets';
import { resolveNatConfig } from '../../nat/nat-validate';
import { paint } from '../output';

/** The settings shown per preset, in order. */
const SHOWN = ['mapping', 'filtering', 'portAssignment', 'portRange', 'parity', 'pooling', 'portQuota',
  'mappingTimeout', 'establishedTimeout', 'inboundRefresh', 'hairpinning'] as const;

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
      const text = Array.isArray(v) ? `${v[0]}-${v[1]}` : k.endsWith('Timeout') ? `${Number(v) / 1000}s` : String(v);
      out.push(`    ${k.padEnd(19)}${text}`);
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

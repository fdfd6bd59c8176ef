/**
 * Firewall presets: plain data over FirewallInit (firewall-config.ts), for scenario files (`preset:` on a
 * firewall) and `natsim matrix --firewall <name>`. Every preset is stateful: replies come back through the
 * pinholes the allowed outbound packets opened; everything else is dropped with reason 'firewall'.
 */
import type { FirewallInit } from './firewall-config';
import { NamedPreset, PresetCatalog } from './preset-catalog';

/** Names of the firewall presets, in the order docs list them. */
export const FIREWALL_PRESET_NAMES = ['stateful', 'udp-blocked', 'tcp-443-only'] as const;
/** One of FIREWALL_PRESET_NAMES. */
export type FirewallPresetName = (typeof FIREWALL_PRESET_NAMES)[number];

/** A named firewall policy: a one-line description and the settings it sets (never `preset`). */
export type FirewallPreset = NamedPreset<FirewallPresetName, Omit<FirewallInit, 'preset'>>;

const CATALOG = new PresetCatalog<FirewallPresetName, Omit<FirewallInit, 'preset'>>('firewall preset', FIREWALL_PRESET_NAMES, {
  stateful: [
    'Everything outbound allowed; inbound only as replies through pinholes (the default firewall).',
    {}],
  'udp-blocked': [
    'Corporate firewall: only outbound TCP to ports 80 and 443 (and its replies); all UDP and every other port dropped.',
    { rules: [{ action: 'allow', proto: 'tcp', ports: [80, 443] }], defaultOutbound: 'deny' }],
  'tcp-443-only': [
    'Strict proxy-less firewall: only outbound TCP to port 443 (and its replies); everything else dropped.',
    { rules: [{ action: 'allow', proto: 'tcp', ports: [443] }], defaultOutbound: 'deny' }],
});

/** Every firewall preset by name. */
export const FIREWALL_PRESETS: Readonly<Record<FirewallPresetName, FirewallPreset>> = CATALOG.byName;

/** True when `name` names a firewall preset. */
export function isFirewallPresetName(name: unknown): name is FirewallPresetName {
  return CATALOG.isName(name);
}

/**
 * The firewall preset called `name` (for `natsim matrix --firewall` and scenario files); throws NatConfigError at
 * `path` listing the valid names otherwise.
 */
export function firewallPreset(name: string, path = 'firewall.preset'): FirewallPreset {
  return CATALOG.get(name, path);
}

/** Every firewall preset, in FIREWALL_PRESET_NAMES order. */
export function listFirewallPresets(): readonly FirewallPreset[] {
  return CATALOG.list();
}

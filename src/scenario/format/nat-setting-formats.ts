/**
 * How each NAT setting of the NAT layer (NatInit, src/nat/nat-config.ts, RFC 4787 / RFC 6888 terms) is written in
 * a scenario file, and the same for firewalls (FirewallInit). The table is keyed by NatInit's keys, so a setting added to NatInit does not compile until it
 * has a format here; the schema, the normaliser, `setNat` and report texts all derive from this one table.
 */
import { FIREWALL_MODES, FIREWALL_SETTINGS, FirewallInit } from '../../nat/firewall-config';
import {
  FILTERING_BEHAVIORS, FILTERING_SCOPES, MAPPING_BEHAVIORS, NAT_SETTINGS, NatInit, PORT_ASSIGNMENTS, POOLINGS,
  UNSOLICITED_ICMP,
} from '../../nat/nat-config';

/** NatInit keys a scenario writes beside `preset` (the external pool is read with the outside interface). */
export type NatBehaviourKey = Exclude<keyof NatInit, 'preset' | 'externalIps'>;

/** How one setting is written, with its description for the schema. */
export type NatSettingFormat =
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly text: string; readonly default?: string }
  | { readonly kind: 'boolean'; readonly text: string }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly text: string }
  /** A duration (`2m`); `zero` says whether 0 is allowed. Becomes milliseconds, the NAT layer's unit. */
  | { readonly kind: 'duration'; readonly zero: boolean; readonly text: string }
  /** `min-max` in the file, `[min, max]` for the NAT layer. */
  | { readonly kind: 'port-range'; readonly text: string };

/** Every NAT setting a scenario can write, by NatInit key. */
export const NAT_SETTING_FORMATS: { readonly [K in NatBehaviourKey]: NatSettingFormat } = {
  translate: { kind: 'boolean', text: 'false = no NAT at all: the node routes without translating or filtering (like preset open). No other setting may be given with it.' },
  mapping: { kind: 'enum', values: MAPPING_BEHAVIORS, text: 'RFC 4787 §4.1 mapping: when the NAT reuses an external address:port for an internal endpoint.' },
  filtering: { kind: 'enum', values: FILTERING_BEHAVIORS, text: 'RFC 4787 §5 filtering: which outside endpoints may send in through a mapping.' },
  filteringScope: { kind: 'enum', values: FILTERING_SCOPES, text: 'RFC 4787 §5 what filtering is judged against: the remotes sent to through this mapping (mapping), or through any mapping of the internal endpoint (endpoint). Same under EIM.' },
  portAssignment: { kind: 'enum', values: PORT_ASSIGNMENTS, text: 'RFC 4787 §4.2.1 how external ports are chosen: keep the internal port if free, count up, or pick at random (seeded).' },
  sequentialStep: { kind: 'integer', min: 1, max: 65535, text: 'Distance between successive ports under portAssignment sequential (only valid with it).' },
  portRange: { kind: 'port-range', text: 'External ports the NAT may use, min-max. A small range makes port exhaustion (nat-port-exhausted) easy to show.' },
  parity: { kind: 'boolean', text: 'RFC 4787 §4.2.2 keep the parity (odd/even) of the internal port.' },
  pooling: { kind: 'enum', values: POOLINGS, text: 'RFC 4787 §4.1 with several externalIps: paired keeps one external IP per internal host, arbitrary may use any.' },
  portQuota: { kind: 'integer', min: 0, max: 65535, text: 'RFC 6888 REQ-4 the most external ports one internal IP may hold at once; 0 = no limit.' },
  portReuseDelay: { kind: 'duration', zero: true, text: 'RFC 6888 REQ-8 how long an expired mapping\'s port stays unusable for new mappings (CGNs SHOULD hold 2m).' },
  mappingTimeout: { kind: 'duration', zero: false, text: 'RFC 4787 §4.3 idle time after which a mapping expires (outbound packets always refresh it).' },
  establishedTimeout: { kind: 'duration', zero: false, text: 'Idle timeout of a mapping once it has admitted an inbound packet (Linux conntrack\'s "replied" timeout). Default: mappingTimeout.' },
  inboundRefresh: { kind: 'boolean', text: 'RFC 4787 §4.3 whether inbound packets also refresh a mapping.' },
  hairpinning: { kind: 'boolean', text: 'RFC 4787 §6 whether an inside host can reach another inside host through the external address.' },
  unsolicitedIcmp: { kind: 'enum', values: UNSOLICITED_ICMP, text: 'RFC 4787 REQ-12a / RFC 5508: forward (default) or filter ICMP errors from sources a mapping never sent to.' },
};

/** The settings in the NAT layer's documentation order (NAT_SETTINGS). */
export const NAT_BEHAVIOUR_KEYS: readonly NatBehaviourKey[] = NAT_SETTINGS.filter(
  (k): k is NatBehaviourKey => k in NAT_SETTING_FORMATS,
);

/** Settings written in a file, as NatInit values (durations in ms, port ranges as [min, max]). */
export type NatBehaviourSpec = { readonly [K in NatBehaviourKey]?: NatInit[K] };

/** A setting's value for people: `30s`, `20000-20099`, `true`. */
export function natSettingText(key: NatBehaviourKey, value: unknown): string {
  const f = NAT_SETTING_FORMATS[key];
  if (f.kind === 'duration') return `${Number(value) / 1000}s`;
  if (f.kind === 'port-range' && Array.isArray(value)) return `${String(value[0])}-${String(value[1])}`;
  return String(value);
}

/** Every firewall setting a scenario can write, by FirewallInit key (RFC 4787 §5 APDF pinholes). */
export const FIREWALL_SETTING_FORMATS: { readonly [K in keyof Required<FirewallInit>]: NatSettingFormat } = {
  mode: { kind: 'enum', values: FIREWALL_MODES, default: FIREWALL_MODES[0], text: 'block-unsolicited-inbound admits inbound packets only in reply to outbound ones (a pinhole per remote IP:port); block-all-udp drops all UDP.' },
  timeout: { kind: 'duration', zero: false, text: 'How long a pinhole stays open after the last outbound packet through it (default 2m, like RFC 4787 REQ-5). Only with block-unsolicited-inbound.' },
  inboundRefresh: { kind: 'boolean', text: 'Whether admitted inbound packets also refresh their pinhole. Only with block-unsolicited-inbound.' },
};

/** The firewall settings in the firewall layer's order. */
export const FIREWALL_SETTING_KEYS: readonly (keyof FirewallInit)[] = FIREWALL_SETTINGS;

/**
 * How each NAT setting of the NAT layer (NatInit, src/nat/nat-config.ts, RFC 4787 / RFC 6888 terms) is written in
 * a scenario file, and the same for firewalls (FirewallInit). The table is keyed by NatInit's keys, so a setting added to NatInit does not compile until it
 * has a format here; the schema, the normaliser, `setNat` and report texts all derive from this one table.
 */
import {
  FIREWALL_ACTIONS, FIREWALL_MODES, FIREWALL_PROTOCOLS, FIREWALL_SETTINGS, FirewallInit, resolveFirewallConfig,
} from '../../nat/firewall-config';
import { FIREWALL_PRESET_NAMES } from '../../nat/firewall-presets';
import { ruleText } from '../../nat/firewall';
import { FILTERING_BEHAVIORS as V6_FILTERINGS } from '../../nat/nat-config';
import { IPV6_FIREWALL_PRESET_NAMES, IPV6_FIREWALL_SETTINGS, Ipv6FirewallInit } from '../../nat/ipv6-firewall-config';
import { NAT64_FILTERINGS, NAT64_SETTINGS, Nat64Init } from '../../nat/nat64-config';
import type { Nptv6Init } from '../../nat/nptv6';
import {
  FILTERING_BEHAVIORS, FILTERING_SCOPES, MAPPING_BEHAVIORS, NAT_SETTINGS, NatInit, PORT_ASSIGNMENTS, POOLINGS,
  UNSOLICITED_ICMP,
} from '../../nat/nat-config';
import { NAT_TCP_SETTINGS, NatTcpInit, UNSOLICITED_SYN } from '../../nat/nat-tcp-config';

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
  | { readonly kind: 'port-range'; readonly text: string }
  /** An IPv6 prefix as text (checked by the NAT layer's own parser: RFC 6052 or RFC 6296 rules). */
  | { readonly kind: 'prefix'; readonly text: string }
  /** A list of IPv4 addresses. */
  | { readonly kind: 'ipv4-list'; readonly text: string }
  /** A firewall's outbound rules: a list of {action, proto, ports} (FirewallRule). */
  | { readonly kind: 'firewall-rules'; readonly text: string; readonly actions: readonly string[]; readonly protocols: readonly string[] }
  /** A nested block of settings (`tcp:`), each written as in this table. */
  | {
    readonly kind: 'group'; readonly title: string; readonly text: string; readonly keys: readonly string[];
    readonly formats: { readonly [k: string]: NatSettingFormat };
  };

/** Every TCP setting (RFC 5382) a scenario can write under a NAT's `tcp:`, by NatTcpInit key. */
export const NAT_TCP_SETTING_FORMATS: { readonly [K in keyof Required<NatTcpInit>]: NatSettingFormat } = {
  mapping: { kind: 'enum', values: MAPPING_BEHAVIORS, text: 'RFC 5382 REQ-1 (RFC 4787 §4.1) TCP mapping. Default: the NAT\'s mapping.' },
  filtering: { kind: 'enum', values: FILTERING_BEHAVIORS, text: 'RFC 5382 REQ-3 (RFC 4787 §5) which outside endpoints may open TCP connections (send a SYN) in through a mapping. Default: the NAT\'s filtering.' },
  filteringScope: { kind: 'enum', values: FILTERING_SCOPES, text: 'As filteringScope, for TCP. Default: the NAT\'s filteringScope.' },
  portAssignment: { kind: 'enum', values: PORT_ASSIGNMENTS, text: 'As portAssignment, for TCP ports. Default: the NAT\'s portAssignment.' },
  parity: { kind: 'boolean', text: 'As parity, for TCP ports. Default: the NAT\'s parity.' },
  hairpinning: { kind: 'boolean', text: 'RFC 5382 REQ-7 TCP hairpinning. Default: the NAT\'s hairpinning.' },
  establishedTimeout: { kind: 'duration', zero: false, text: 'RFC 5382 REQ-5 idle timeout of an established connection (SYN seen each way); MUST NOT be under 2h4m. Default: 2h4m.' },
  transitoryTimeout: { kind: 'duration', zero: false, text: 'RFC 5382 REQ-5 idle timeout of a connection being opened (SYN one way), closed (FIN each way) or reset (RST); MUST NOT be under 4m. Default: 4m.' },
  unsolicitedSyn: { kind: 'enum', values: UNSOLICITED_SYN, default: 'drop', text: 'RFC 5382 REQ-4 the answer to an inbound SYN no mapping admits: drop silently, rst (a TCP reset, as many devices do) or icmp (port unreachable, the RFC\'s SHOULD).' },
  synHold: { kind: 'duration', zero: true, text: 'RFC 5382 REQ-4 how long an unsolicited SYN waits before its rst/icmp answer; an outbound SYN of the same connection meanwhile cancels it (simultaneous open). Default 6s; 0 answers at once. Only with unsolicitedSyn rst or icmp.' },
};

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
  tcp: {
    kind: 'group', title: 'TCP behaviour', keys: NAT_TCP_SETTINGS, formats: NAT_TCP_SETTING_FORMATS,
    text: 'RFC 5382 (BCP 142) TCP settings: a mapping table of its own. Mapping, filtering, port assignment, parity and hairpinning default to the NAT\'s settings above; timeouts and the unsolicited-SYN answer are TCP\'s own.',
  },
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
  return formatText(f, value);
}

/** A value for people, as written in format `f` (used for nested settings such as `tcp.synHold`). */
export function formatText(f: NatSettingFormat, value: unknown): string {
  if (f.kind === 'duration') return `${Number(value) / 1000}s`;
  if (f.kind === 'port-range' && Array.isArray(value)) return `${String(value[0])}-${String(value[1])}`;
  if (f.kind === 'group' && value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const parts = f.keys.filter((k) => v[k] !== undefined).map((k) => `${k} ${formatText(f.formats[k], v[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

/** Every firewall setting a scenario can write, by FirewallInit key (RFC 4787 §5 APDF pinholes). */
export const FIREWALL_SETTING_FORMATS: { readonly [K in keyof Required<FirewallInit>]: NatSettingFormat } = {
  preset: { kind: 'enum', values: FIREWALL_PRESET_NAMES, text: 'A named policy: stateful (everything out, replies in), udp-blocked (only TCP to 80 and 443 out), tcp-443-only (only TCP to 443 out). The settings below override it.' },
  mode: { kind: 'enum', values: FIREWALL_MODES, default: FIREWALL_MODES[0], text: 'block-unsolicited-inbound admits inbound packets only in reply to outbound ones (a pinhole per remote IP:port); block-all-udp drops all UDP.' },
  timeout: { kind: 'duration', zero: false, text: 'How long a UDP pinhole stays open after the last outbound packet through it (default 2m, like RFC 4787 REQ-5). Only with block-unsolicited-inbound.' },
  inboundRefresh: { kind: 'boolean', text: 'Whether admitted inbound UDP packets also refresh their pinhole. Only with block-unsolicited-inbound.' },
  tcpTimeout: { kind: 'duration', zero: false, text: 'How long a TCP pinhole stays open after the last segment either way (default 2h4m, RFC 5382 REQ-5).' },
  rules: { kind: 'firewall-rules', actions: FIREWALL_ACTIONS, protocols: FIREWALL_PROTOCOLS, text: 'Outbound rules, first match wins: action allow or deny, proto udp, tcp or any (default), ports a list of destination ports (443) or ranges (8000-8100), every port when left out. Replies come back through pinholes only.' },
  defaultOutbound: { kind: 'enum', values: FIREWALL_ACTIONS, default: 'allow', text: 'What happens to an outbound packet no rule matches: allow (default) or deny (dropped as firewall).' },
};

/** A firewall's settings for people: `udp-blocked` or `rules allow tcp 80,443; default deny`. */
export function firewallSettingText(init: FirewallInit, path: string): string {
  const cfg = resolveFirewallConfig(init, path);
  const parts: string[] = [init.preset ?? cfg.mode];
  if (init.rules !== undefined) parts.push(`rules ${cfg.rules.map(ruleText).join('; ')}`);
  if (init.defaultOutbound !== undefined) parts.push(`defaultOutbound ${cfg.defaultOutbound}`);
  return parts.join(', ');
}

/** The firewall settings in the firewall layer's order. */
export const FIREWALL_SETTING_KEYS: readonly (keyof FirewallInit)[] = FIREWALL_SETTINGS;

/** Every IPv6 firewall setting (RFC 6092 presets, RFC 4787 filtering), by Ipv6FirewallInit key; `nats.<n>.ipv6Firewall` and `ipv6Firewalls.<n>`. */
export const IPV6_FIREWALL_SETTING_FORMATS: { readonly [K in keyof Required<Ipv6FirewallInit>]: NatSettingFormat } = {
  preset: { kind: 'enum', values: IPV6_FIREWALL_PRESET_NAMES, default: 'rfc6092', text: 'rfc6092: RFC 6092\'s defaults for unmanaged home gateways (endpoint-independent filtering, REC-17/REC-28; UDP state 5m, REC-14; TCP 2h4m established / 4m transitory, REC-30). rfc6092-stringent: the same with address-dependent filtering.' },
  filtering: { kind: 'enum', values: V6_FILTERINGS, text: 'RFC 4787 §5 filtering, judged per inside endpoint: who may send in once the inside endpoint has sent out. Default from the preset.' },
  udpTimeout: { kind: 'duration', zero: false, text: 'RFC 6092 REC-14 idle timeout of a UDP state record (the RFC asks for at least 2m; default 5m).' },
  tcpEstablishedTimeout: { kind: 'duration', zero: false, text: 'RFC 6092 REC-30 idle timeout of an established TCP session (at least 2h4m; default 2h4m).' },
  tcpTransitoryTimeout: { kind: 'duration', zero: false, text: 'RFC 6092 REC-30 idle timeout of a TCP session opening or closing (at least 4m; default 4m).' },
  inboundRefresh: { kind: 'boolean', text: 'RFC 6092 REC-16: whether admitted inbound UDP packets refresh their state record (default false).' },
};

/** The IPv6 firewall settings in the firewall layer's order. */
export const IPV6_FIREWALL_SETTING_KEYS: readonly (keyof Ipv6FirewallInit)[] = IPV6_FIREWALL_SETTINGS;

/** Every NAT64 setting (RFC 6146, RFC 6052), by Nat64Init key; `nat64s.<n>`. */
export const NAT64_SETTING_FORMATS: { readonly [K in keyof Required<Nat64Init>]: NatSettingFormat } = {
  prefix: { kind: 'prefix', text: 'RFC 6052 NAT64 prefix, length 32, 40, 48, 56, 64 or 96 (default 64:ff9b::/96, the Well-Known Prefix, which never embeds private IPv4 addresses, RFC 6052 §3.1).' },
  pool: { kind: 'ipv4-list', text: 'RFC 6146 §3.5.1.1 IPv4 pool on the outside network (default: the outside address).' },
  filtering: { kind: 'enum', values: NAT64_FILTERINGS, text: 'RFC 6146 §3.5.1: endpoint-independent (no filtering, default) or address-dependent (an IPv4 packet needs a live session with its source address).' },
  udpTimeout: { kind: 'duration', zero: false, text: 'RFC 6146 §3.5.1/§4 UDP session lifetime, at least UDP_MIN 2m (default UDP_DEFAULT 5m).' },
  tcpEstablishedTimeout: { kind: 'duration', zero: false, text: 'RFC 6146 §4 TCP_EST, at least 2h4m (default 2h4m).' },
  tcpTransitoryTimeout: { kind: 'duration', zero: false, text: 'RFC 6146 §4 TCP_TRANS, at least 4m (default 4m).' },
  hairpinning: { kind: 'boolean', text: 'RFC 6146 §3.8: an IPv6 host reaches another through its IPv4 binding (default true).' },
  portRange: { kind: 'port-range', text: 'IPv4 ports the NAT64 gives out, min-max (default 1024-65535).' },
};

/** The NAT64 settings in the NAT layer's order. */
export const NAT64_SETTING_KEYS: readonly (keyof Nat64Init)[] = NAT64_SETTINGS;

/** The NPTv6 settings (RFC 6296), by Nptv6Init key; `nptv6s.<n>`. */
export const NPTV6_SETTING_FORMATS: { readonly [K in keyof Required<Nptv6Init>]: NatSettingFormat } = {
  insidePrefix: { kind: 'prefix', text: 'RFC 6296 §3.1 inside (internal) prefix, /1 to /64, e.g. fd01:203:405::/48.' },
  outsidePrefix: { kind: 'prefix', text: 'RFC 6296 §3.1 outside (external) prefix of the same length, e.g. 2001:db8:1::/48.' },
};

/** The NPTv6 settings in order. */
export const NPTV6_SETTING_KEYS: readonly (keyof Nptv6Init)[] = ['insidePrefix', 'outsidePrefix'];

/**
 * NAT presets: plain data over the NatInit settings (DESIGN.md "NAT model"). The four RFC 3489 §5 types map to
 * RFC 4787 (mapping, filtering) pairs as in reference/protocol-facts.md §4; the device-like ones cite their
 * sources. Settings a preset does not name keep their defaults (nat-config.ts).
 *
 * TCP (RFC 5382, the `tcp` part): the four RFC 3489 types are UDP terms; their TCP mapping and filtering follow
 * the UDP ones (the default of every RFC 4787 axis under `tcp`) with RFC 5382's timeouts and silent drops of
 * unsolicited SYNs, an assumption (no device is named). The device-like presets set what those devices do.
 */
import type { NatInit } from './nat-config';
import { NamedPreset, PresetCatalog } from './preset-catalog';

/** Names of the presets, in the order `natsim presets` lists them. */
export const NAT_PRESET_NAMES = [
  'open', 'full-cone', 'restricted-cone', 'port-restricted-cone', 'symmetric', 'cgnat', 'linux-masquerade',
] as const;
/** One of NAT_PRESET_NAMES. */
export type NatPresetName = (typeof NAT_PRESET_NAMES)[number];

/** A named preset: a one-line description (for `natsim presets`) and the settings it sets (never `preset`). */
export type NatPreset = NamedPreset<NatPresetName, Omit<NatInit, 'preset'>>;

const CATALOG = new PresetCatalog<NatPresetName, Omit<NatInit, 'preset'>>('NAT preset', NAT_PRESET_NAMES, {
  open: [
    'No NAT: packets are routed without translation or filtering (a host with a public address).',
    { translate: false }],
  'full-cone': [
    'RFC 3489 full cone = EIM + EIF: once mapped, anyone may send to the mapped port.',
    { mapping: 'endpoint-independent', filtering: 'endpoint-independent', portAssignment: 'preserve' }],
  'restricted-cone': [
    'RFC 3489 restricted cone = EIM + ADF: replies only from IPs the inside has sent to (any port).',
    { mapping: 'endpoint-independent', filtering: 'address-dependent', portAssignment: 'preserve' }],
  'port-restricted-cone': [
    'RFC 3489 port-restricted cone = EIM + APDF: replies only from exact IP:ports the inside has sent to.',
    { mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', portAssignment: 'preserve' }],
  symmetric: [
    'RFC 3489 symmetric = APDM + APDF: a new random port per destination; only that destination may reply.',
    { mapping: 'address-and-port-dependent', filtering: 'address-and-port-dependent', portAssignment: 'random' }],
  cgnat: [
    'Carrier-grade NAT (RFC 6888): EIM + EIF, paired pooling over several IPs, 1008-port quota, 120 s port hold.',
    {
      // RFC 6888 REQ-1 (RFC 4787 REQ-1): EIM; REQ-7: EIF RECOMMENDED; REQ-2: paired pooling MUST; REQ-4: a
      // per-subscriber port quota (1008 = 64 subscribers per address over 1024-65535); REQ-8: 120 s port hold.
      mapping: 'endpoint-independent',
      filtering: 'endpoint-independent',
      pooling: 'paired',
      portAssignment: 'random',
      portRange: [1024, 65535],
      portQuota: 1008,
      portReuseDelay: 120_000,
      mappingTimeout: 120_000,
      hairpinning: true,
      // RFC 6888 REQ-1 applies RFC 5382 to TCP: EIM (REQ-1), the REQ-5 floors (2 h 4 min established, 4 min
      // transitory), and no answer to unsolicited SYNs (REQ-4a: a carrier's policy; CGNs drop them).
      tcp: { mapping: 'endpoint-independent', filtering: 'endpoint-independent', establishedTimeout: 7_440_000,
        transitoryTimeout: 240_000, unsolicitedSyn: 'drop' },
    }],
  'linux-masquerade': [
    'Linux iptables MASQUERADE: port-preserving EIM, APDF, conntrack UDP timers 30 s / 120 s, no hairpinning.',
    {
      // Conntrack keeps the source port when it can (port-preserving, EIM-like); inbound matches only existing
      // 5-tuples (APDF); any packet either way refreshes; nf_conntrack_udp_timeout = 30 s until a reply is
      // seen, nf_conntrack_udp_timeout_stream = 120 s after (180 s before Linux 5.0); no NAT loopback without
      // extra rules. Not modelled: per-5-tuple timers, the 2 s stream grace period, port overloading.
      mapping: 'endpoint-independent',
      filtering: 'address-and-port-dependent',
      portAssignment: 'preserve',
      parity: false,
      mappingTimeout: 30_000,
      establishedTimeout: 120_000,
      inboundRefresh: true,
      hairpinning: false,
      // TCP conntrack: port-preserving like UDP; inbound only on an existing 5-tuple (a simultaneous-open SYN from
      // the exact remote passes, conntrack's SYN_SENT2); nf_conntrack_tcp_timeout_established = 432000 s (5 days);
      // transitory states 120 s (SYN_SENT, FIN_WAIT, TIME_WAIT; shorter ones like LAST_ACK 30 s are not modelled).
      // A SYN matching no conntrack entry is for the router itself: with no listener and no INPUT rule, its own TCP
      // stack answers a RST at once (RFC 9293 §3.10.7.1), so no REQ-4 hold. Not modelled: the loose pickup limits.
      tcp: { mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', parity: false,
        establishedTimeout: 432_000_000, transitoryTimeout: 120_000, unsolicitedSyn: 'rst', synHold: 0 },
    }],
});

/** Every preset by name. */
export const NAT_PRESETS: Readonly<Record<NatPresetName, NatPreset>> = CATALOG.byName;

/** Every preset, in NAT_PRESET_NAMES order (for `natsim presets`). */
export function listNatPresets(): readonly NatPreset[] {
  return CATALOG.list();
}

/** True when `name` names a preset. */
export function isNatPresetName(name: unknown): name is NatPresetName {
  return CATALOG.isName(name);
}

/** The preset called `name`; throws NatConfigError at `path` listing the valid names otherwise. */
export function natPreset(name: string, path = 'preset'): NatPreset {
  return CATALOG.get(name, path);
}

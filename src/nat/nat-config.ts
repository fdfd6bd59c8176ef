/**
 * NAT settings as plain data (RFC 4787 terms). `NatInit` is what people write (every field optional, defaults
 * documented); `NatConfig` is the same with every default applied, produced by resolveNatConfig (nat-validate.ts).
 * Durations are milliseconds here, like every user-facing duration in natsim; the table converts them to µs once.
 */
import type { NatPresetName } from './nat-presets';
import type { NatTcpConfig, NatTcpInit } from './nat-tcp-config';

/** RFC 4787 §4.1 mapping behaviours. */
export const MAPPING_BEHAVIORS = ['endpoint-independent', 'address-dependent', 'address-and-port-dependent'] as const;
/** One of MAPPING_BEHAVIORS. */
export type MappingBehavior = (typeof MAPPING_BEHAVIORS)[number];

/** RFC 4787 §5 filtering behaviours. */
export const FILTERING_BEHAVIORS = MAPPING_BEHAVIORS;
/** One of FILTERING_BEHAVIORS. */
export type FilteringBehavior = MappingBehavior;

/**
 * What filtering is judged against (docs/nat-model.md): 'mapping' = the remotes the inside sent to through the
 * mapping the packet arrived on (libwebrtc NATServer, pion vnet, Linux conntrack); 'endpoint' = the remotes the
 * internal endpoint sent to through any of its mappings (RFC 4787 §5's wording). Identical under EIM.
 */
export const FILTERING_SCOPES = ['mapping', 'endpoint'] as const;
/** One of FILTERING_SCOPES. */
export type FilteringScope = (typeof FILTERING_SCOPES)[number];

/**
 * What a NAT does with an ICMP error about a live mapping whose source the mapping never sent to (a router on
 * the path, or a stranger): 'forward' translates it anyway (RFC 4787 REQ-12a: SHOULD NOT filter ICMP by source by
 * default); 'filter' applies the NAT's filtering behaviour to its source and drops it ('nat-filtered') when the
 * filtering would refuse a UDP packet from there. An ICMP error with no live mapping is always dropped (RFC 5508
 * REQ-3), and no ICMP error refreshes or ends a mapping (RFC 4787 REQ-12).
 */
export const UNSOLICITED_ICMP = ['forward', 'filter'] as const;
/** One of UNSOLICITED_ICMP. */
export type UnsolicitedIcmp = (typeof UNSOLICITED_ICMP)[number];

/** RFC 4787 §4.2.1 port assignment. Port overloading is never done (REQ-3). */
export const PORT_ASSIGNMENTS = ['preserve', 'sequential', 'random'] as const;
/** One of PORT_ASSIGNMENTS. */
export type PortAssignment = (typeof PORT_ASSIGNMENTS)[number];

/** RFC 4787 §4.1 IP address pooling across several external addresses. */
export const POOLINGS = ['paired', 'arbitrary'] as const;
/** One of POOLINGS. */
export type Pooling = (typeof POOLINGS)[number];

/** A NAT as people write it. Every field is optional; see docs/nat-model.md for the model. */
export interface NatInit {
  /** Start from a preset (nat-presets.ts); fields given here override it. */
  preset?: NatPresetName;
  /**
   * false = no NAT at all: the node routes without translating or filtering (the 'open' preset). No other
   * setting may be given with it.
   * @default true
   */
  translate?: boolean;
  /**
   * RFC 4787 §4.1. REQ-1: a NAT MUST have endpoint-independent mapping.
   * @default 'endpoint-independent'
   */
  mapping?: MappingBehavior;
  /**
   * RFC 4787 §5. REQ-8 recommends EIF for transparency or ADF for stringency; natsim picks the stringent one.
   * @default 'address-dependent'
   */
  filtering?: FilteringBehavior;
  /**
   * Whether filtering is judged per mapping or per internal endpoint (see FILTERING_SCOPES).
   * @default 'mapping'
   */
  filteringScope?: FilteringScope;
  /**
   * RFC 4787 §4.2.1. 'preserve' keeps the internal port when it is free and in portRange, else falls back to
   * 'random'. 'sequential' takes the first free port at or after (last assigned + sequentialStep), wrapping.
   * 'random' takes a uniformly drawn port, or the next free one after it.
   * @default 'preserve'
   */
  portAssignment?: PortAssignment;
  /**
   * Distance between successive ports under 'sequential' (only valid with it).
   * @default 1
   */
  sequentialStep?: number;
  /**
   * External ports the NAT assigns, [lo, hi] inclusive, 1..65535. RFC 4787 REQ-3a's separate 0-1023 range is
   * not modelled: every mapping gets a port in this range.
   * @default [1024, 65535]
   */
  portRange?: readonly [number, number];
  /**
   * RFC 4787 §4.2.2 REQ-4 (RECOMMENDED): an external port has the same parity (odd/even) as the internal port.
   * @default true
   */
  parity?: boolean;
  /**
   * External addresses, dotted quads. More than one makes pooling matter.
   * @default the NAT node's external interface address (the node passes it to resolveNatConfig)
   */
  externalIps?: readonly string[];
  /**
   * RFC 4787 §4.1, REQ-2 (RECOMMENDED 'paired'; RFC 6888 REQ-2: MUST for CGNs). 'paired' = all mappings of one
   * internal IP use one external IP; 'arbitrary' = each new mapping may use any.
   * @default 'paired'
   */
  pooling?: Pooling;
  /**
   * Most external ports one internal IP may hold at once (RFC 6888 REQ-4 "port quota"); 0 = no limit.
   * @default 0
   */
  portQuota?: number;
  /**
   * Milliseconds an expired mapping's port stays unusable for new mappings (RFC 6888 REQ-8: SHOULD be >= 120 s
   * in CGNs). Ports of flushed mappings (reboot) are free at once.
   * @default 0
   */
  portReuseDelay?: number;
  /**
   * Milliseconds a mapping lives after its last refresh. RFC 4787 REQ-5: MUST NOT be under 2 min (natsim
   * allows shorter, to model real gateways); REQ-5c recommends >= 5 min. natsim's default is the 2-min floor.
   * @default 120000
   */
  mappingTimeout?: number;
  /**
   * Milliseconds a mapping lives after its last refresh once it has admitted an inbound packet (Linux
   * conntrack's "replied" UDP timeout). Not an RFC 4787 setting.
   * @default mappingTimeout
   */
  establishedTimeout?: number;
  /**
   * RFC 4787 §4.3 REQ-6a (MAY): admitted inbound packets refresh the mapping. Outbound refresh is always on
   * (REQ-6: MUST).
   * @default false
   */
  inboundRefresh?: boolean;
  /**
   * RFC 4787 §6 REQ-9 (MUST): a packet from the inside to one of the NAT's own mapped addresses is looped
   * back, with the sender's mapped address as source (REQ-9a). false drops it ('nat-hairpin-off').
   * @default true
   */
  hairpinning?: boolean;
  /**
   * ICMP errors from a source the mapping never sent to (see UNSOLICITED_ICMP).
   * @default 'forward'
   */
  unsolicitedIcmp?: UnsolicitedIcmp;
  /**
   * TCP behaviour (RFC 5382), a table of its own (nat-tcp-config.ts). Its RFC 4787 axes default to the settings
   * above; given with a preset, its keys override the preset's `tcp` one by one.
   * @default {} (RFC 5382 timeouts, unsolicited SYNs dropped)
   */
  tcp?: NatTcpInit;
}

/** A NAT with every default applied. Field meanings as in NatInit. */
export interface NatConfig {
  readonly translate: boolean;
  readonly mapping: MappingBehavior;
  readonly filtering: FilteringBehavior;
  readonly filteringScope: FilteringScope;
  readonly portAssignment: PortAssignment;
  readonly sequentialStep: number;
  readonly portRange: readonly [number, number];
  readonly parity: boolean;
  readonly externalIps: readonly string[];
  readonly pooling: Pooling;
  readonly portQuota: number;
  /** ms */
  readonly portReuseDelay: number;
  /** ms */
  readonly mappingTimeout: number;
  /** ms */
  readonly establishedTimeout: number;
  readonly inboundRefresh: boolean;
  readonly hairpinning: boolean;
  readonly unsolicitedIcmp: UnsolicitedIcmp;
  /** TCP behaviour, defaults applied (those of the RFC 4787 axes taken from the fields above). */
  readonly tcp: NatTcpConfig;
}

/** The defaults of every setting except externalIps and establishedTimeout (which follow other values). */
export const NAT_DEFAULTS = Object.freeze({
  translate: true,
  mapping: 'endpoint-independent',
  filtering: 'address-dependent',
  filteringScope: 'mapping',
  portAssignment: 'preserve',
  sequentialStep: 1,
  portRange: Object.freeze([1024, 65535]) as readonly [number, number],
  parity: true,
  pooling: 'paired',
  portQuota: 0,
  portReuseDelay: 0,
  mappingTimeout: 120_000,
  inboundRefresh: false,
  hairpinning: true,
  unsolicitedIcmp: 'forward',
} as const satisfies Omit<NatConfig, 'externalIps' | 'establishedTimeout' | 'tcp'>);

/** Every key NatInit accepts, in documentation order. */
export const NAT_SETTINGS = [
  'preset', 'translate', 'mapping', 'filtering', 'filteringScope', 'portAssignment', 'sequentialStep',
  'portRange', 'parity', 'externalIps', 'pooling', 'portQuota', 'portReuseDelay', 'mappingTimeout',
  'establishedTimeout', 'inboundRefresh', 'hairpinning', 'unsolicitedIcmp', 'tcp',
] as const satisfies readonly (keyof NatInit)[];

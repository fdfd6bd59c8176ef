/**
 * The typed, validated scenario model that the loader produces and the world builder, timeline, expectations
 * and runner consume. Every default is already applied; durations are milliseconds (fractions down to 1 µs),
 * probabilities 0..1, bandwidths bits per second. Lists keep file order, so iteration is deterministic.
 */
import type { Ipv6FirewallInit } from '../../nat/ipv6-firewall-config';
import type { Nat64Init } from '../../nat/nat64-config';
import type { Nptv6Init } from '../../nat/nptv6';
import type { TraceLevel } from '../../sim/trace';
import type { FirewallMode, NatPresetName } from './constants';
import type { FirewallAction, FirewallRule } from '../../nat/firewall-config';
import type { FirewallPresetName } from '../../nat/firewall-presets';
import type { AgentSpec } from './spec-agents';
import type { ExpectationSpec } from './spec-expectations';
import type { TimelineEntry } from './spec-timeline';

export type * from './spec-agents';
export type * from './spec-timeline';
export type * from './spec-expectations';
import type { PortRange } from './units';

/** Where something was written: for messages and report evidence. */
export interface SourceRef {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Config path, e.g. `timeline[2]`. */
  readonly path: string;
}

/** A value of a sweep parameter. */
export type SweepValue = string | number | boolean;

/** Gilbert-Elliott burst loss. */
export interface BurstLossSpec {
  /** Per-packet probability of going from the good to the bad state. */
  readonly goodToBad: number;
  /** Per-packet probability of going from the bad to the good state. */
  readonly badToGood: number;
  /** Loss probability in the bad state. @default 1 */
  readonly lossInBad: number;
}

/** Reordering: a held-back packet gets extra delay so later ones overtake it. */
export interface ReorderSpec {
  readonly probability: number;
  /** Extra delay for a held-back packet, ms. @default 10 */
  readonly delayMs: number;
}

/** Complete link properties for one direction (what a member sends onto a network). */
export interface LinkProps {
  /** @default 0 */
  readonly latencyMs: number;
  /** Uniform extra delay 0..jitterMs per packet. @default 0 */
  readonly jitterMs: number;
  /** Random loss probability. @default 0 */
  readonly loss: number;
  /** Burst loss on top of `loss`; null for none. @default null */
  readonly burstLoss: BurstLossSpec | null;
  /** Duplication probability. @default 0 */
  readonly duplicate: number;
  /** Reordering; null for none. @default null */
  readonly reorder: ReorderSpec | null;
  /** Rate limit in bits per second; 0 = unlimited. @default 0 */
  readonly bandwidthBps: number;
  /** Queue length in packets for the rate limit. @default 100 */
  readonly queuePackets: number;
  /** @default 1500 */
  readonly mtu: number;
  /** @default true */
  readonly up: boolean;
}

/** Some link properties: an override or a run-time change. Only the keys written are present. */
export type LinkPropsPatch = Partial<LinkProps>;

/** A network segment. */
export interface NetworkSpec {
  readonly name: string;
  /** Canonical prefix text, `192.168.1.0/24` or `2001:db8:1::/64` (RFC 5952); the first written on a dual-stack network. */
  readonly cidr: string;
  /** A dual-stack network's prefixes (one IPv4, one IPv6) in the order written; absent with one prefix. */
  readonly prefixes?: readonly string[];
  /** Default link properties for every member's outbound direction. */
  readonly link: LinkProps;
  readonly description: string;
  readonly source: SourceRef;
}

/** A node's interface on a network. */
export interface AttachmentSpec {
  readonly network: string;
  /** Primary address (either family; IPv4 for NATs, firewalls and servers). */
  readonly ip: string;
  /** The interface's further addresses (a list under `ip`), either family; absent with one address. */
  readonly moreIps?: readonly string[];
  /** Further addresses the node owns on this network (STUN alternate IP, NAT external pool). */
  readonly aliases: readonly string[];
  /** Interface name for traces and pcap: eth0, eth1, ... or inside/outside on NATs and firewalls. */
  readonly ifname: string;
  /** Effective outbound link properties: the network's defaults with this member's overrides applied. */
  readonly link: LinkProps;
  /** Only the overrides written on this interface. */
  readonly linkOverrides: LinkPropsPatch;
}

/** Fields every node has. */
interface NodeBase {
  /** Unique across all node kinds. */
  readonly name: string;
  readonly interfaces: readonly AttachmentSpec[];
  /** Default gateway address (the first, IPv4 first on a dual-stack host), or null for none (on-link only). */
  readonly gateway: string | null;
  /** Every default gateway, one per family, when there are two (a dual-stack host); absent otherwise. */
  readonly gateways?: readonly string[];
  readonly description: string;
  readonly source: SourceRef;
}

/** An end host. */
export interface HostSpec extends NodeBase {
  readonly kind: 'host';
  /** The NAT64 prefix the host knows (RFC 6052, canonical), when written (what RFC 7050 discovery would yield). */
  readonly nat64Prefix?: string;
}

/** A static route. */
export interface RouteSpec {
  /** Canonical prefix (`0.0.0.0/0` for default). */
  readonly to: string;
  readonly via: string;
}

/** A router. */
export interface RouterSpec extends NodeBase {
  readonly kind: 'router';
  readonly routes: readonly RouteSpec[];
}

/** RFC 4787 behaviour settings as NatInit values; only those written are present (the rest come from the preset or NAT defaults). */
export type { NatBehaviourSpec } from './nat-setting-formats';
import type { NatBehaviourSpec } from './nat-setting-formats';

/** A NAT. `interfaces` is [inside, outside]. */
export interface NatSpec extends NodeBase {
  readonly kind: 'nat';
  readonly inside: AttachmentSpec;
  readonly outside: AttachmentSpec;
  /** Preset the behaviour starts from, or null for the NAT defaults. */
  readonly preset: NatPresetName | null;
  /** Overrides of the preset. */
  readonly behaviour: NatBehaviourSpec;
  /** Pool of external addresses (first = outside.ip unless given explicitly). */
  readonly externalIps: readonly string[];
  /**
   * A dual-stack router's IPv6 firewall settings (Ipv6FirewallInit values, only those written), present when the
   * NAT has an IPv6 address or `ipv6Firewall` is written: the node is then a DualStackNatNode.
   */
  readonly ipv6Firewall?: Ipv6FirewallInit;
}

/** A stateful IPv6 firewall (RFC 6092). `interfaces` is [inside, outside]. */
export interface Ipv6FirewallSpec extends NodeBase {
  readonly kind: 'ipv6-firewall';
  readonly inside: AttachmentSpec;
  readonly outside: AttachmentSpec;
  /** Settings written (Ipv6FirewallInit values: durations in ms). */
  readonly settings: Ipv6FirewallInit;
}

/** A stateful NAT64 (RFC 6146). `interfaces` is [inside, outside]. */
export interface Nat64Spec extends NodeBase {
  readonly kind: 'nat64';
  readonly inside: AttachmentSpec;
  readonly outside: AttachmentSpec;
  /** Settings written (Nat64Init values: durations in ms, portRange [min, max]). */
  readonly settings: Nat64Init;
}

/** An NPTv6 translator (RFC 6296). `interfaces` is [inside, outside]. */
export interface Nptv6Spec extends NodeBase {
  readonly kind: 'nptv6';
  readonly inside: AttachmentSpec;
  readonly outside: AttachmentSpec;
  readonly settings: Nptv6Init;
}

/** A firewall. `interfaces` is [inside, outside]. */
export interface FirewallSpec extends NodeBase {
  readonly kind: 'firewall';
  readonly inside: AttachmentSpec;
  readonly outside: AttachmentSpec;
  readonly mode: FirewallMode;
  /** Pinhole idle timeout in ms, when written (FirewallInit.timeout; default 2 min). */
  readonly timeoutMs?: number;
  /** Whether admitted inbound packets refresh their pinhole, when written (FirewallInit.inboundRefresh). */
  readonly inboundRefresh?: boolean;
  /** A firewall preset, when written (FirewallInit.preset, src/nat/firewall-presets.ts). */
  readonly preset?: FirewallPresetName;
  /** TCP pinhole idle timeout in ms, when written (FirewallInit.tcpTimeout; default 2 h 4 min). */
  readonly tcpTimeoutMs?: number;
  /** Outbound rules by protocol and port, when written (FirewallInit.rules). */
  readonly rules?: readonly FirewallRule[];
  /** What happens to outbound packets no rule matches, when written (FirewallInit.defaultOutbound). */
  readonly defaultOutbound?: FirewallAction;
}

/** A STUN server. */
export interface StunServerSpec extends NodeBase {
  readonly kind: 'stun-server';
  readonly ip: string;
  readonly port: number;
  /** RFC 5780 second address and port, or null. */
  readonly alternate: { readonly ip: string; readonly port: number } | null;
}

/** A TURN server (also answers STUN Binding). */
export interface TurnServerSpec extends NodeBase {
  readonly kind: 'turn-server';
  readonly ip: string;
  readonly port: number;
  readonly realm: string;
  /** key: user name, value: password. */
  readonly users: Readonly<Record<string, string>>;
  readonly authSecret: string | null;
  readonly relayPorts: PortRange;
  readonly defaultLifetimeMs: number;
  readonly maxLifetimeMs: number;
  /** Client transports it listens on (RFC 8656 §3.1): always 'udp'; 'tcp' on `port`, 'tls' (modelled) on tlsPort. */
  readonly transports: readonly ('udp' | 'tcp' | 'tls')[];
  /** TLS port (RFC 7065: 5349 by default). */
  readonly tlsPort: number;
}

/** A public server. */
export type ServerSpec = StunServerSpec | TurnServerSpec;
/** Any node. */
export type NodeSpec = HostSpec | RouterSpec | NatSpec | FirewallSpec | Ipv6FirewallSpec | Nat64Spec | Nptv6Spec | ServerSpec;

/** The network. */
export interface TopologySpec {
  readonly networks: readonly NetworkSpec[];
  readonly hosts: readonly HostSpec[];
  readonly routers: readonly RouterSpec[];
  readonly nats: readonly NatSpec[];
  readonly firewalls: readonly FirewallSpec[];
  /** Absent in specs made before IPv6 middleboxes existed: read as []. */
  readonly ipv6Firewalls?: readonly Ipv6FirewallSpec[];
  readonly nat64s?: readonly Nat64Spec[];
  readonly nptv6s?: readonly Nptv6Spec[];
  readonly servers: readonly ServerSpec[];
}

/** One concrete, validated scenario (a sweep cell, or the whole file when there is no sweep). */
export interface ScenarioSpec {
  readonly name: string;
  readonly description: string;
  /** File it came from. */
  readonly file: string;
  /** Sweep parameter values of this cell ({} without a sweep). */
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  readonly durationMs: number;
  readonly trace: TraceLevel;
  readonly signalling: { readonly delayMs: number };
  readonly topology: TopologySpec;
  readonly agents: readonly AgentSpec[];
  readonly timeline: readonly TimelineEntry[];
  /** Only the expectations whose `when` matches this cell. */
  readonly expectations: readonly ExpectationSpec[];
}

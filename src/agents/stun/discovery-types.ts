/**
 * Types of the NAT behaviour discovery client (RFC 5780 §4): its options and its result, including the classic
 * RFC 3489 label.
 */
import type { MappingBehavior } from '../../nat/nat-config';
import type { LifetimeSearchInit } from './lifetime-search';
import type { StunTransactionInit } from './stun-transaction-timing';
import type { TransportAddress } from './transport-address';

/** RFC 4787 behaviour names, shared by mapping (§4.1) and filtering (§5). */
export type NatBehavior = MappingBehavior;

/**
 * The classic RFC 3489 §5 / §10.1 labels, plus 'unknown' when the server cannot run the tests (no OTHER-ADDRESS).
 * RFC 3489's flow asks about filtering first; natsim derives the label from the RFC 5780 results with mapping
 * first, so any non-endpoint-independent mapping is 'symmetric' (see docs/discovery.md).
 */
export const CLASSIC_NAT_TYPES = [
  'open', 'full-cone', 'restricted-cone', 'port-restricted-cone', 'symmetric', 'symmetric-udp-firewall', 'udp-blocked', 'unknown',
] as const;
/** One of CLASSIC_NAT_TYPES. */
export type ClassicNatType = (typeof CLASSIC_NAT_TYPES)[number];

/** The steps of a discovery run, in order (RFC 5780 §4.5); 'lifetime' only with DiscoveryInit.lifetime. */
export const DISCOVERY_STEPS = ['mapping', 'filtering', 'hairpinning', 'lifetime'] as const;
/** One of DISCOVERY_STEPS. */
export type DiscoveryStep = (typeof DISCOVERY_STEPS)[number];

/** Options of a discovery run. Every field is optional. */
export interface DiscoveryInit {
  /** Retransmission parameters of every Binding transaction. @default RFC 8489 §6.2.1 (RTO 500 ms, Rc 7, Rm 16) */
  transaction?: StunTransactionInit;
  /** Run the hairpinning test (RFC 5780 §3.4). @default true */
  hairpinning?: boolean;
  /**
   * Measure the binding lifetime (RFC 5780 §4.6) and the refresh behaviour. Takes many (virtual) minutes.
   * `true` uses the default search; an object tunes it.
   * @default false
   */
  lifetime?: boolean | LifetimeSearchInit;
  /** Agent name on trace events. @default 'stun-discovery' */
  agent?: string;
}

/** Bounds found by the lifetime search. */
export interface LifetimeBounds {
  /** Longest idle time after which the binding was still alive (ms). */
  readonly aliveMs: number;
  /** Shortest idle time after which it was gone (ms); null when it outlived the search's maximum. */
  readonly expiredMs: number | null;
  /** Probes used (each on a fresh mapping). */
  readonly probes: number;
}

/** What discovery found. `null` means "not determined"; `notes` says why. */
export interface DiscoveryResult {
  /** Test I was answered: UDP reaches the server and back. */
  readonly udpReachable: boolean;
  /** The mapped address differs from the local one (RFC 5780 §4.3 Test I). null when Test I failed. */
  readonly natPresent: boolean | null;
  /** The first socket's local address (host address, port). */
  readonly localAddress: TransportAddress | null;
  /** XOR-MAPPED-ADDRESS of Test I: the public (server-reflexive) address. */
  readonly publicAddress: TransportAddress | null;
  /** OTHER-ADDRESS of Test I: the server's alternate address and port. */
  readonly otherAddress: TransportAddress | null;
  /** RFC 4787 §4.1 mapping behaviour (RFC 5780 §4.3 tests I-III). */
  readonly mapping: NatBehavior | null;
  /** RFC 4787 §5 filtering behaviour (RFC 5780 §4.4 tests I-III). */
  readonly filtering: NatBehavior | null;
  /** A packet sent from inside to one's own public address arrives (RFC 5780 §3.4); null when not tested. */
  readonly hairpinning: boolean | null;
  /** Binding lifetime: the longest idle time proven to survive (RFC 5780 §4.6); null when not measured. */
  readonly mappingLifetimeMs: number | null;
  /** Search bounds, when the lifetime was measured. */
  readonly lifetime?: LifetimeBounds;
  /** Outbound packets alone keep the binding alive (RFC 4787 §4.3 REQ-6), when the lifetime was measured. */
  readonly outboundRefresh?: boolean;
  /** Inbound packets alone keep the binding alive (RFC 4787 §4.3 REQ-6a), when the lifetime was measured. */
  readonly inboundRefresh?: boolean;
  /** The RFC 3489 label. */
  readonly classic: ClassicNatType;
  /**
   * The steps that did not finish because the run was stopped early (DiscoveryHandle.stop, e.g. a wall-clock limit):
   * their fields stay null. Absent when the run finished.
   */
  readonly unfinished?: readonly DiscoveryStep[];
  /** Why fields are null, and anything else worth knowing. */
  readonly notes: readonly string[];
  /** Time the run took on the host's clock (virtual in the simulator), ms. */
  readonly durationMs: number;
  /** Binding transactions started. */
  readonly transactions: number;
}

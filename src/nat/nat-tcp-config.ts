/**
 * A NAT's TCP settings (RFC 5382, BCP 142), written under `tcp:` beside the RFC 4787 (UDP) ones. The NAT keeps one
 * mapping table per protocol (docs/packet-core.md): TCP mappings and ports never mix with UDP ones. The RFC 4787
 * axes (mapping, filtering, port assignment, parity, hairpinning) default to the NAT's UDP value, so a NAT written
 * without `tcp:` treats both protocols alike; timeouts and the unsolicited-SYN answer are TCP's own (RFC 5382 §5,
 * REQ-4). Port range, quota, reuse delay, pooling and external addresses are shared settings, applied to each
 * protocol's table separately (a quota of 1008 is 1008 UDP ports and 1008 TCP ports).
 */
import type { FilteringBehavior, FilteringScope, MappingBehavior, PortAssignment } from './nat-config';

/**
 * What a NAT does with an unsolicited inbound SYN (one no mapping admits), RFC 5382 §4 REQ-4: 'drop' silently
 * (REQ-4a: always allowed when answering would break the NAT's security policy); 'icmp' answers ICMP port
 * unreachable (type 3 code 3, the RFC's SHOULD); 'rst' answers a TCP RST (RFC 9293 §3.10.7.1), as many devices
 * do in the field. An answer waits `synHold` first.
 */
export const UNSOLICITED_SYN = ['drop', 'rst', 'icmp'] as const;
/** One of UNSOLICITED_SYN. */
export type UnsolicitedSyn = (typeof UNSOLICITED_SYN)[number];

/** A NAT's TCP settings as people write them (all optional). */
export interface NatTcpInit {
  /**
   * RFC 5382 §4.1 REQ-1: a NAT MUST have endpoint-independent mapping for TCP.
   * @default the NAT's `mapping`
   */
  mapping?: MappingBehavior;
  /**
   * RFC 5382 §4.3 REQ-3: endpoint-independent filtering for transparency, address-dependent for stringency;
   * inbound SYNs admitted by it open connections (REQ-2: simultaneous open).
   * @default the NAT's `filtering`
   */
  filtering?: FilteringBehavior;
  /** @default the NAT's `filteringScope` */
  filteringScope?: FilteringScope;
  /** RFC 4787 §4.2.1 applied to TCP. @default the NAT's `portAssignment` */
  portAssignment?: PortAssignment;
  /** RFC 4787 §4.2.2 parity applied to TCP ports. @default the NAT's `parity` */
  parity?: boolean;
  /** RFC 5382 §6 REQ-7 (MUST): TCP hairpinning. @default the NAT's `hairpinning` */
  hairpinning?: boolean;
  /**
   * Milliseconds an established connection may stay idle (RFC 5382 §5 REQ-5: MUST NOT be under 2 h 4 min; natsim
   * allows shorter, to model real gateways). A connection is established once a SYN went each way.
   * @default 7440000 (2 h 4 min)
   */
  establishedTimeout?: number;
  /**
   * Milliseconds a connection in a transitory state may stay idle: partially open (SYN one way only), closed by a
   * FIN each way, or reset by a RST (RFC 5382 §5 REQ-5: MUST NOT be under 4 min; RFC 7857 §2.2).
   * @default 240000 (4 min)
   */
  transitoryTimeout?: number;
  /**
   * The answer to an unsolicited inbound SYN (see UNSOLICITED_SYN).
   * @default 'drop'
   */
  unsolicitedSyn?: UnsolicitedSyn;
  /**
   * Milliseconds the NAT waits before answering an unsolicited SYN (RFC 5382 REQ-4: at least 6 s); if an outbound
   * SYN of the same connection is translated meanwhile, the inbound SYN is dropped without an answer. 0 answers at
   * once (what devices that RST do). Only with unsolicitedSyn 'rst' or 'icmp'.
   * @default 6000
   */
  synHold?: number;
}

/** TCP settings with every default applied. */
export interface NatTcpConfig {
  readonly mapping: MappingBehavior;
  readonly filtering: FilteringBehavior;
  readonly filteringScope: FilteringScope;
  readonly portAssignment: PortAssignment;
  readonly parity: boolean;
  readonly hairpinning: boolean;
  /** ms */
  readonly establishedTimeout: number;
  /** ms */
  readonly transitoryTimeout: number;
  readonly unsolicitedSyn: UnsolicitedSyn;
  /** ms */
  readonly synHold: number;
}

/** Every key NatTcpInit accepts, in documentation order. */
export const NAT_TCP_SETTINGS = [
  'mapping', 'filtering', 'filteringScope', 'portAssignment', 'parity', 'hairpinning', 'establishedTimeout',
  'transitoryTimeout', 'unsolicitedSyn', 'synHold',
] as const satisfies readonly (keyof NatTcpInit)[];

/** RFC 5382 §5 REQ-5 floors. */
export const TCP_ESTABLISHED_FLOOR_MS = 7_440_000;
/** RFC 5382 §5 REQ-5 transitory floor (4 min). */
export const TCP_TRANSITORY_FLOOR_MS = 240_000;
/** RFC 5382 §4 REQ-4: an unsolicited SYN is not answered for at least 6 s. */
export const TCP_SYN_HOLD_MS = 6_000;

/** The TCP-only defaults (the RFC 4787 axes default to the NAT's UDP values). */
export const NAT_TCP_DEFAULTS = Object.freeze({
  establishedTimeout: TCP_ESTABLISHED_FLOOR_MS,
  transitoryTimeout: TCP_TRANSITORY_FLOOR_MS,
  unsolicitedSyn: 'drop',
  synHold: TCP_SYN_HOLD_MS,
} as const satisfies Partial<NatTcpConfig>);

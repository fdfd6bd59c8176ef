/**
 * Typed trace events. Every network outcome is data (DESIGN.md): a packet sent, carried over a link, forwarded,
 * translated, delivered or dropped with a reason from a closed set, and every NAT mapping's life. Agents add their
 * own events (a STUN transaction failed, ICE connected) under kind 'agent'.
 */

/** The packet fields a trace event records. net's Datagram satisfies this shape. */
export interface TracePacket {
  /** Stable id of the original datagram; kept across NAT translation, copied on duplication. */
  readonly id: number;
  /** Source address number: IPv4 as uint32, IPv6 interned >= 2^32 (src/net/ip-number.ts; print with formatIp). */
  readonly src: number;
  readonly srcPort: number;
  /** Destination address number (as `src`). */
  readonly dst: number;
  readonly dstPort: number;
  readonly ttl: number;
  /** UDP payload; for an ICMP message, the ICMP message itself (RFC 792: type, code, checksum, ...). */
  readonly payload: Uint8Array;
  /** RFC 791 Don't Fragment flag (absent = clear). */
  readonly df?: boolean;
  /** Set for an IPv4 fragment (RFC 791): its offset in the datagram's IP payload and More Fragments. */
  readonly frag?: { readonly offset: number; readonly more: boolean };
  /** Set for an ICMP error message (then ports are 0 and there is no UDP header). */
  readonly icmp?: TraceIcmp;
  /** IP protocol number (17 UDP, 6 TCP, 1 ICMP); absent means UDP. */
  readonly proto?: number;
  /** TCP header fields (RFC 9293 §3.1) of a TCP segment. */
  readonly tcp?: TraceTcp;
}

/** The TCP header fields of a segment in a trace. */
export interface TraceTcp {
  readonly seq: number;
  readonly ack: number;
  /** Control bits: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10 (RFC 9293 §3.1). */
  readonly flags: number;
  readonly window: number;
  readonly mss?: number;
}

/** An ICMP error message in a trace (RFC 792). */
export interface TraceIcmp {
  readonly type: number;
  readonly code: number;
  /** Next-hop MTU of "fragmentation needed" (RFC 1191 §4). */
  readonly mtu?: number;
  /** The datagram it is about (its IPv4 header and first 8 payload bytes travel inside, RFC 792). */
  readonly about: TracePacket;
}

/** Why a packet was dropped: a closed set, so reports and expectations can count by reason. */
export const DROP_REASONS = [
  'no-route',
  'ttl-expired',
  'link-loss',
  'link-down',
  'queue-full',
  'mtu-exceeded',
  'host-down',
  'port-unreachable',
  'nat-no-mapping',
  'nat-filtered',
  'nat-mapping-expired',
  'nat-port-exhausted',
  'nat-hairpin-off',
  'firewall',
  'reassembly-timeout',
] as const;

/** One of DROP_REASONS. */
export type DropReason = (typeof DROP_REASONS)[number];

/** A UDP 5-tuple (protocol is always UDP here). Addresses are unsigned 32-bit integers. */
export interface FiveTuple {
  readonly src: number;
  readonly srcPort: number;
  readonly dst: number;
  readonly dstPort: number;
}

interface Base {
  /** Virtual time in µs. */
  readonly t: number;
  /** Name of the node (host, router, NAT, link) where it happened. */
  readonly node: string;
}

/** A socket handed a datagram to its host's stack. */
export interface SentEvent extends Base { readonly kind: 'sent'; readonly pkt: TracePacket }
/** A packet entered a link (segment) from an interface; pcap writers record these. */
export interface LinkEvent extends Base {
  readonly kind: 'link';
  /** Interface name, `node/ifname`. */
  readonly iface: string;
  /** Segment (network) name. */
  readonly link: string;
  readonly pkt: TracePacket;
}
/** A router or NAT forwarded a packet without translating it. */
export interface ForwardedEvent extends Base { readonly kind: 'forwarded'; readonly pkt: TracePacket }
/** A NAT rewrote a packet. */
export interface TranslatedEvent extends Base {
  readonly kind: 'translated';
  readonly direction: 'outbound' | 'inbound' | 'hairpin';
  readonly before: FiveTuple;
  readonly after: FiveTuple;
  readonly pkt: TracePacket;
}
/** A socket received a packet. */
export interface DeliveredEvent extends Base { readonly kind: 'delivered'; readonly pkt: TracePacket }
/** A packet was dropped. */
export interface DroppedEvent extends Base {
  readonly kind: 'dropped';
  readonly reason: DropReason;
  readonly pkt: TracePacket;
  /** Free text for people (e.g. which filter rule). */
  readonly detail?: string;
}
/** A NAT mapping's life. `remote` is set for address(-and-port)-dependent mappings. */
export interface MappingEvent extends Base {
  readonly kind: 'mapping-created' | 'mapping-refreshed' | 'mapping-expired' | 'mapping-flushed';
  /** 'tcp' for a mapping of the NAT's TCP table (RFC 5382); absent for UDP. */
  readonly proto?: 'tcp';
  /** Internal endpoint `ip:port`. */
  readonly internal: string;
  /** External endpoint `ip:port`. */
  readonly external: string;
  /** The remote the mapping is bound to, when mapping is not endpoint-independent. */
  readonly remote?: string;
  /** When it expires (µs), for created/refreshed. */
  readonly expiresAt?: number;
}
/** Something an agent (STUN/TURN/ICE, servers, scenario steps) reports. */
export interface AgentEvent extends Base {
  readonly kind: 'agent';
  /** Agent name, e.g. `ice`, `stun-server`. */
  readonly agent: string;
  /** What happened, e.g. `connected`, `rejected`, `transaction-failed`. */
  readonly event: string;
  /** Structured details; JSON-serialisable, keys in a stable order. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Every trace event. */
export type TraceEvent =
  | SentEvent
  | LinkEvent
  | ForwardedEvent
  | TranslatedEvent
  | DeliveredEvent
  | DroppedEvent
  | MappingEvent
  | AgentEvent;

/** The `kind` of a trace event. */
export type TraceKind = TraceEvent['kind'];

/**
 * The trace events of some kinds. Emitters check what they record with `satisfies TraceEventOf<...>` against their
 * own list of kinds, so each list (e.g. HOST_TRACE_KINDS) is complete by construction.
 */
export type TraceEventOf<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;

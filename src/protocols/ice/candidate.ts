/**
 * ICE candidates (RFC 8445 §5.1.1): a transport address with a type, a base, a priority and a foundation. TCP
 * candidates (RFC 6544) add a `tcpType`; relayed candidates record how their TURN server was reached.
 */
import { candidatePriority, DEFAULT_LOCAL_PREFERENCE, DEFAULT_TYPE_PREFERENCES, tcpLocalPreference, type TypePreferences } from './candidate-priority';
import { IceUsageError } from './errors';
import { computeFoundation } from './foundation';

/** Candidate types (RFC 8445 §5.1.1; SDP names per RFC 8839 §5.1). */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** Candidate transports: UDP (RFC 8445) and TCP (RFC 6544). */
export type IceTransport = 'udp' | 'tcp';

/**
 * The direction of a TCP candidate (RFC 6544 §4.1): 'active' opens connections (and never accepts them), 'passive'
 * accepts them (and never opens one), 'so' (simultaneous-open) opens one to an 'so' peer at the same time.
 */
export type TcpType = 'active' | 'passive' | 'so';

/** Every TcpType, in RFC 6544 §4.5 order (one source of truth for parsing and validation). */
export const TCP_TYPES: readonly TcpType[] = Object.freeze(['active', 'passive', 'so']);

/**
 * The port an active TCP candidate carries in SDP (RFC 6544 §4.5: the "discard" port 9; its real port is an
 * ephemeral one chosen per connection, so it is meaningless and ignored).
 */
export const TCP_ACTIVE_PORT = 9;

/**
 * How a relayed candidate's agent talks to its TURN server (RFC 8656 §3.1): the `relayProtocol` of WebRTC's
 * RTCIceCandidateStats. The relayed address itself is always UDP (RFC 8656 §2).
 */
export type RelayProtocol = 'udp' | 'tcp' | 'tls';

/**
 * An IP address and port, and the transport when it matters. `address` is a dotted quad or RFC 5952 IPv6 text
 * (host names are parsed but never paired). `transport` absent means UDP, so every UDP caller leaves it out.
 */
export interface TransportAddress {
  readonly address: string;
  readonly port: number;
  /** @default 'udp' */
  readonly transport?: IceTransport;
}

/** A local or remote ICE candidate (RFC 8445 §5.3 lists what is exchanged). */
export interface Candidate {
  readonly type: CandidateType;
  /** Component ID 1..256 (RTP = 1, RTCP = 2). */
  readonly component: number;
  readonly transport: IceTransport;
  /** TCP candidates only: active, passive or simultaneous-open (RFC 6544 §4.1); absent for UDP. */
  readonly tcpType?: TcpType;
  readonly address: string;
  /** The port; for an active TCP candidate TCP_ACTIVE_PORT (9), as RFC 6544 §4.5 writes it in SDP. */
  readonly port: number;
  /**
   * Relayed local candidates only: how the TURN server is reached (RFC 8656 §3.1, WebRTC's relayProtocol). Not
   * signalled (RFC 8839 has no field for it); absent for remote candidates.
   */
  readonly relayProtocol?: RelayProtocol;
  /**
   * The base (RFC 8445 §5.1.1.1-2): where checks are sent from. Host and relay: the candidate itself; srflx/prflx:
   * the host candidate it was learned from. For remote candidates the base is unknown and set to the candidate.
   */
  readonly baseAddress: string;
  readonly basePort: number;
  /** Related address and port (RFC 8839 §5.1 raddr/rport); absent for host candidates. */
  readonly relatedAddress?: string;
  readonly relatedPort?: number;
  /** u32 priority (RFC 8445 §5.1.2). */
  readonly priority: number;
  /** Foundation: 1..32 ice-chars (RFC 8445 §5.1.1.3, RFC 8839 §5.1). */
  readonly foundation: string;
}

/** Options for `createCandidate`. */
export interface CandidateInit {
  readonly type: CandidateType;
  readonly address: string;
  /** The port; an active TCP candidate (other than prflx) must use TCP_ACTIVE_PORT (RFC 6544 §4.5). */
  readonly port: number;
  /** @default 'udp' */
  readonly transport?: IceTransport;
  /** Required for TCP candidates, refused for UDP ones (RFC 6544 §4.5). */
  readonly tcpType?: TcpType;
  /** Relayed candidates: how the TURN server was reached (enters the foundation, RFC 8445 §5.1.1.3). @default none */
  readonly relayProtocol?: RelayProtocol;
  /** @default 1 */
  readonly component?: number;
  /** Base address; required for srflx and prflx. @default the candidate itself (host, relay) */
  readonly base?: TransportAddress;
  /** Related address. @default the base for srflx/prflx; none for host; for relay pass the mapped address */
  readonly related?: TransportAddress;
  /**
   * Local preference for the priority formula. @default 65535 for UDP (RFC 8445 §5.1.2.1, single address);
   * tcpLocalPreference(tcpType, type) for TCP (RFC 6544 §4.2, other-pref 8191)
   */
  readonly localPreference?: number;
  /** Type preferences. @default DEFAULT_TYPE_PREFERENCES */
  readonly typePreferences?: TypePreferences;
  /** Explicit priority, overriding the formula (e.g. a prflx candidate takes the PRIORITY it sent). @default computed */
  readonly priority?: number;
  /** IP of the STUN/TURN server used to obtain a srflx/relay candidate (enters the foundation). @default none */
  readonly serverAddress?: string;
  /** Explicit foundation. @default computeFoundation(type, base IP, serverAddress, transport, relayProtocol) */
  readonly foundation?: string;
}

/**
 * Builds a candidate, computing priority (RFC 8445 §5.1.2.1) and foundation (§5.1.1.3) unless given.
 * @throws IceUsageError for a reflexive candidate without a base, or out-of-range parts
 */
export function createCandidate(init: CandidateInit): Candidate {
  const component = init.component ?? 1;
  const reflexive = init.type === 'srflx' || init.type === 'prflx';
  if (reflexive && !init.base) {
    throw new IceUsageError('createCandidate(base)', `a ${init.type} candidate needs its base (RFC 8445 §5.1.1.2)`);
  }
  checkPort('createCandidate(port)', init.port);
  const transport = init.transport ?? 'udp';
  checkTransport(init, transport);
  const base = init.base ?? { address: init.address, port: init.port };
  const related = init.related ?? (reflexive ? base : undefined);
  const priority =
    init.priority ??
    candidatePriority(
      init.type,
      init.localPreference ?? (transport === 'tcp' ? tcpLocalPreference(init.tcpType as TcpType, init.type) : DEFAULT_LOCAL_PREFERENCE),
      component,
      init.typePreferences ?? DEFAULT_TYPE_PREFERENCES,
    );
  const foundation =
    init.foundation ??
    computeFoundation({ type: init.type, baseAddress: base.address, serverAddress: init.serverAddress, transport, relayProtocol: init.relayProtocol });
  return {
    type: init.type,
    component,
    transport,
    ...(init.tcpType !== undefined ? { tcpType: init.tcpType } : {}),
    address: init.address,
    port: init.port,
    baseAddress: base.address,
    basePort: base.port,
    ...(related ? { relatedAddress: related.address, relatedPort: related.port } : {}),
    ...(init.relayProtocol !== undefined ? { relayProtocol: init.relayProtocol } : {}),
    priority,
    foundation,
  };
}

/** Transport, tcpType and relayProtocol rules of RFC 6544 §4.5 and RFC 8656 §3.1. */
function checkTransport(init: CandidateInit, transport: IceTransport): void {
  if (transport !== 'udp' && transport !== 'tcp') {
    throw new IceUsageError('createCandidate(transport)', `must be 'udp' or 'tcp', got ${String(transport)}`);
  }
  if (transport === 'udp' && init.tcpType !== undefined) {
    throw new IceUsageError('createCandidate(tcpType)', 'only TCP candidates have a tcptype (RFC 6544 §4.5)');
  }
  if (transport === 'tcp') {
    if (!TCP_TYPES.includes(init.tcpType as TcpType)) {
      throw new IceUsageError('createCandidate(tcpType)', `a TCP candidate needs tcpType 'active', 'passive' or 'so' (RFC 6544 §4.5), got ${String(init.tcpType)}`);
    }
    if (init.tcpType === 'active' && init.type !== 'prflx' && init.port !== TCP_ACTIVE_PORT) {
      throw new IceUsageError('createCandidate(port)', `an active TCP candidate has port ${TCP_ACTIVE_PORT} (RFC 6544 §4.5), got ${init.port}`);
    }
  }
  if (init.relayProtocol !== undefined) {
    if (init.type !== 'relay') throw new IceUsageError('createCandidate(relayProtocol)', `only relayed candidates have one, this is ${init.type}`);
    if (!['udp', 'tcp', 'tls'].includes(init.relayProtocol)) {
      throw new IceUsageError('createCandidate(relayProtocol)', `must be 'udp', 'tcp' or 'tls', got ${String(init.relayProtocol)}`);
    }
  }
}

function checkPort(where: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new IceUsageError(where, `must be an integer in 0..65535, got ${port}`);
  }
}

/**
 * "ip:port" (IPv4), "[ip]:port" (IPv6, RFC 5952 §6), prefixed "tcp:" for TCP; used as a key throughout the ICE core.
 */
export function transportKey(t: TransportAddress): string {
  const hostPart = t.address.includes(':') ? `[${t.address}]` : t.address;
  return `${t.transport === 'tcp' ? 'tcp:' : ''}${hostPart}:${t.port}`;
}

/** True when both transport addresses have the same transport (absent = UDP), IP and port. */
export function sameTransportAddress(a: TransportAddress, b: TransportAddress): boolean {
  return a.address === b.address && a.port === b.port && (a.transport ?? 'udp') === (b.transport ?? 'udp');
}

/**
 * True when `at` (an address the agent observed: a connection's local end, a mapped address) is `c`'s transport
 * address. An active TCP candidate's port is meaningless (RFC 6544 §4.5: each connection gets an ephemeral one), so
 * for it only the transport and IP count.
 */
export function candidateAt(c: Candidate, at: TransportAddress): boolean {
  if (c.transport === 'tcp' && c.tcpType === 'active') return at.transport === 'tcp' && at.address === c.address;
  return sameTransportAddress(c, at);
}

/** The base of a candidate as a transport address (RFC 8445 §5.1.1). */
export function candidateBase(c: Candidate): TransportAddress {
  return { address: c.baseAddress, port: c.basePort };
}

/** Address family of a candidate address: pairs form only within one family (RFC 8445 §6.1.2.2). */
export type AddressFamily = 'ipv4' | 'ipv6' | 'fqdn';

/** Classifies an address string as IPv4 (dotted quad), IPv6 (contains ':'), or a host name. */
export function addressFamily(address: string): AddressFamily {
  if (isIpv4(address)) return 'ipv4';
  return address.includes(':') ? 'ipv6' : 'fqdn';
}

/** True for a canonical dotted-quad IPv4 address (four decimal octets 0..255, no leading zeros). */
export function isIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

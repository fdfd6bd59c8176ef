/**
 * ICE candidates (RFC 8445 §5.1.1): a transport address with a type, a base, a priority and a foundation.
 */
import { candidatePriority, DEFAULT_LOCAL_PREFERENCE, DEFAULT_TYPE_PREFERENCES, type TypePreferences } from './candidate-priority';
import { IceUsageError } from './errors';
import { computeFoundation } from './foundation';

/** Candidate types (RFC 8445 §5.1.1; SDP names per RFC 8839 §5.1). */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** The transports this core supports. RFC 8445 also allows TCP (RFC 6544); natsim is UDP only. */
export type IceTransport = 'udp';

/** An IP address and port. `address` is a dotted quad in natsim (IPv6 text and FQDNs are parsed but not paired). */
export interface TransportAddress {
  readonly address: string;
  readonly port: number;
}

/** A local or remote ICE candidate (RFC 8445 §5.3 lists what is exchanged). */
export interface Candidate {
  readonly type: CandidateType;
  /** Component ID 1..256 (RTP = 1, RTCP = 2). */
  readonly component: number;
  readonly transport: IceTransport;
  readonly address: string;
  readonly port: number;
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
  readonly port: number;
  /** @default 1 */
  readonly component?: number;
  /** Base address; required for srflx and prflx. @default the candidate itself (host, relay) */
  readonly base?: TransportAddress;
  /** Related address. @default the base for srflx/prflx; none for host; for relay pass the mapped address */
  readonly related?: TransportAddress;
  /** Local preference for the priority formula. @default 65535 (RFC 8445 §5.1.2.1, single address) */
  readonly localPreference?: number;
  /** Type preferences. @default DEFAULT_TYPE_PREFERENCES */
  readonly typePreferences?: TypePreferences;
  /** Explicit priority, overriding the formula (e.g. a prflx candidate takes the PRIORITY it sent). @default computed */
  readonly priority?: number;
  /** IP of the STUN/TURN server used to obtain a srflx/relay candidate (enters the foundation). @default none */
  readonly serverAddress?: string;
  /** Explicit foundation. @default computeFoundation(type, base IP, serverAddress, 'udp') */
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
  const base = init.base ?? { address: init.address, port: init.port };
  const related = init.related ?? (reflexive ? base : undefined);
  const priority =
    init.priority ??
    candidatePriority(init.type, init.localPreference ?? DEFAULT_LOCAL_PREFERENCE, component, init.typePreferences ?? DEFAULT_TYPE_PREFERENCES);
  const foundation =
    init.foundation ??
    computeFoundation({ type: init.type, baseAddress: base.address, serverAddress: init.serverAddress, transport: 'udp' });
  return {
    type: init.type,
    component,
    transport: 'udp',
    address: init.address,
    port: init.port,
    baseAddress: base.address,
    basePort: base.port,
    ...(related ? { relatedAddress: related.address, relatedPort: related.port } : {}),
    priority,
    foundation,
  };
}

function checkPort(where: string, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new IceUsageError(where, `must be an integer in 0..65535, got ${port}`);
  }
}

/** "ip:port" of a transport address; used as a map key throughout the ICE core. */
export function transportKey(t: TransportAddress): string {
  return `${t.address}:${t.port}`;
}

/** True when both transport addresses have the same IP and port. */
export function sameTransportAddress(a: TransportAddress, b: TransportAddress): boolean {
  return a.address === b.address && a.port === b.port;
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

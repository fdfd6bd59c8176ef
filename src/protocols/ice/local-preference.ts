/**
 * Local preferences for an agent with several addresses (RFC 8445 §5.1.2.1), interleaved across address families as
 * RFC 8421 §4 recommends for dual-stack agents: the preferred family (IPv6) first, then one address of the other
 * family, then the next of the first, and so on (the Happy Eyeballs order of RFC 8305 §4 with a First Address Family
 * Count of 1). A broken IPv6 path then costs one check, not all of them, before IPv4 is tried; within a family the
 * given order is kept (RFC 8421 §3 leaves interface order to the agent).
 *
 * The rank (0 = best) becomes the local preference 65535 − rank for UDP, and the other-pref 8191 − rank of RFC 6544
 * §4.2 for TCP, so the same interleaving holds for TCP candidates of each direction.
 */
import { addressFamily, type CandidateType, type IceTransport, type TcpType } from './candidate';
import { DEFAULT_LOCAL_PREFERENCE, MAX_TCP_OTHER_PREFERENCE, tcpLocalPreference } from './candidate-priority';
import { IceUsageError } from './errors';

/** Options of `interleaveAddresses`. */
export interface InterleaveOptions {
  /** The family tried first (RFC 8421 §4, RFC 6724 prefer IPv6). @default 'ipv6' */
  readonly preferred?: 'ipv4' | 'ipv6';
}

/**
 * The addresses in RFC 8421 §4 order: alternating families, the preferred one first, each family in input order.
 * Host names (not an IP of either family) go last, in input order. Duplicates keep their first position.
 */
export function interleaveAddresses(addresses: readonly string[], options: InterleaveOptions = {}): string[] {
  const preferred = options.preferred ?? 'ipv6';
  const unique = [...new Set(addresses)];
  const first = unique.filter((a) => addressFamily(a) === preferred);
  const second = unique.filter((a) => addressFamily(a) === (preferred === 'ipv6' ? 'ipv4' : 'ipv6'));
  const out: string[] = [];
  for (let i = 0; i < Math.max(first.length, second.length); i++) {
    if (i < first.length) out.push(first[i]);
    if (i < second.length) out.push(second[i]);
  }
  return [...out, ...unique.filter((a) => addressFamily(a) === 'fqdn')];
}

/** What a candidate's local preference depends on besides its address's rank. */
export interface LocalPreferenceInput {
  /** @default 'udp' */
  readonly transport?: IceTransport;
  /** Required for TCP. */
  readonly tcpType?: TcpType;
  /** @default 'host' */
  readonly type?: CandidateType;
}

/**
 * The local preference of a candidate whose address has `rank` in the interleaved order: 65535 − rank for UDP
 * (RFC 8445 §5.1.2.1), 2^13·direction-pref + (8191 − rank) for TCP (RFC 6544 §4.2).
 * @throws IceUsageError when rank is not an integer in range (0..65535 for UDP, 0..8191 for TCP) or tcpType is missing
 */
export function localPreferenceForRank(rank: number, input: LocalPreferenceInput = {}): number {
  const tcp = input.transport === 'tcp';
  const max = tcp ? MAX_TCP_OTHER_PREFERENCE : DEFAULT_LOCAL_PREFERENCE;
  if (!Number.isInteger(rank) || rank < 0 || rank > max) {
    throw new IceUsageError('localPreferenceForRank(rank)', `must be an integer in 0..${max}, got ${rank}`);
  }
  if (!tcp) return DEFAULT_LOCAL_PREFERENCE - rank;
  if (input.tcpType === undefined) throw new IceUsageError('localPreferenceForRank(tcpType)', 'a TCP candidate needs its tcpType (RFC 6544 §4.2)');
  return tcpLocalPreference(input.tcpType, input.type ?? 'host', MAX_TCP_OTHER_PREFERENCE - rank);
}

/** Local preference per address (key: the address text) in RFC 8421 order, for one transport and direction. */
export function interleavedLocalPreferences(addresses: readonly string[], input: LocalPreferenceInput = {}, options: InterleaveOptions = {}): Map<string, number> {
  const out = new Map<string, number>();
  interleaveAddresses(addresses, options).forEach((a, rank) => out.set(a, localPreferenceForRank(rank, input)));
  return out;
}

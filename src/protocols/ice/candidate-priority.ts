/**
 * Candidate priority, RFC 8445 §5.1.2: priority = 2^24·typePref + 2^8·localPref + (256 − componentId), a u32 in
 * 1..2^31−1 when typePref ≤ 126.
 */
import { IceUsageError } from './errors';
import type { CandidateType, TcpType } from './candidate';

/** Type preference per candidate type (RFC 8445 §5.1.2.1): 0..126, distinct per type, prflx above srflx. */
export interface TypePreferences {
  readonly host: number;
  readonly prflx: number;
  readonly srflx: number;
  readonly relay: number;
}

/** The RECOMMENDED type preferences of RFC 8445 §5.1.2.2: host 126, prflx 110, srflx 100, relay 0. */
export const DEFAULT_TYPE_PREFERENCES: TypePreferences = Object.freeze({ host: 126, prflx: 110, srflx: 100, relay: 0 });

/** Local preference to use when the host has a single IP address (RFC 8445 §5.1.2.1). */
export const DEFAULT_LOCAL_PREFERENCE = 65535;

/** Largest other-pref of the RFC 6544 §4.2 local preference formula (13 bits). */
export const MAX_TCP_OTHER_PREFERENCE = 8191;

/**
 * RFC 6544 §4.2's RECOMMENDED direction-pref (0..7, 7 best): host and relayed TCP candidates prefer active (6) over
 * passive (4) over simultaneous-open (2); server- and peer-reflexive ones ("NAT-assisted") prefer so (6) over active
 * (4) over passive (2), because only simultaneous open gets through a NAT without its help.
 */
export function tcpDirectionPreference(tcpType: TcpType, type: CandidateType): number {
  const reflexive = type === 'srflx' || type === 'prflx';
  switch (tcpType) {
    case 'active':
      return reflexive ? 4 : 6;
    case 'passive':
      return reflexive ? 2 : 4;
    case 'so':
      return reflexive ? 6 : 2;
    default:
      throw new IceUsageError('tcpDirectionPreference(tcpType)', `must be 'active', 'passive' or 'so', got ${String(tcpType)}`);
  }
}

/**
 * The local preference of a TCP candidate, RFC 6544 §4.2: 2^13·direction-pref + other-pref. Candidates of the same
 * type preference and direction-pref need distinct other-prefs (e.g. one per local address, RFC 8421 order).
 * @param otherPref 0..8191, 8191 best @default 8191
 * @throws IceUsageError when otherPref is out of range
 */
export function tcpLocalPreference(tcpType: TcpType, type: CandidateType, otherPref = MAX_TCP_OTHER_PREFERENCE): number {
  if (!Number.isInteger(otherPref) || otherPref < 0 || otherPref > MAX_TCP_OTHER_PREFERENCE) {
    throw new IceUsageError('tcpLocalPreference(otherPref)', `must be an integer in 0..${MAX_TCP_OTHER_PREFERENCE}, got ${otherPref}`);
  }
  return tcpDirectionPreference(tcpType, type) * 0x2000 + otherPref;
}

/**
 * Checks a type-preference table against RFC 8445 §5.1.2.1 (integers 0..126, distinct, prflx > srflx).
 * @throws IceUsageError naming the bad entry
 */
export function validateTypePreferences(prefs: TypePreferences): void {
  const types: CandidateType[] = ['host', 'prflx', 'srflx', 'relay'];
  for (const t of types) {
    const v = prefs[t];
    if (!Number.isInteger(v) || v < 0 || v > 126) {
      throw new IceUsageError(`typePreferences.${t}`, `must be an integer in 0..126, got ${v}`);
    }
  }
  if (new Set(types.map((t) => prefs[t])).size !== types.length) {
    throw new IceUsageError('typePreferences', 'must be different for each candidate type (RFC 8445 §5.1.2.1)');
  }
  if (prefs.prflx <= prefs.srflx) {
    throw new IceUsageError('typePreferences.prflx', 'must be higher than srflx (RFC 8445 §5.1.2.1)');
  }
}

/**
 * Candidate priority per RFC 8445 §5.1.2.1, as an unsigned 32-bit integer.
 * @param type candidate type, mapped to its type preference through `prefs`
 * @param localPref local preference 0..65535 (65535 when the host has one address)
 * @param component component ID 1..256
 * @param prefs type preferences (default: RFC 8445 §5.1.2.2)
 * @throws IceUsageError when localPref or component is out of range
 */
export function candidatePriority(
  type: CandidateType,
  localPref: number,
  component: number,
  prefs: TypePreferences = DEFAULT_TYPE_PREFERENCES,
): number {
  return priorityFromParts(prefs[type], localPref, component);
}

/**
 * The formula of RFC 8445 §5.1.2.1 over raw parts (type preference as a number).
 * @throws IceUsageError when a part is out of range
 */
export function priorityFromParts(typePref: number, localPref: number, component: number): number {
  if (!Number.isInteger(typePref) || typePref < 0 || typePref > 126) {
    throw new IceUsageError('candidatePriority(typePref)', `must be an integer in 0..126, got ${typePref}`);
  }
  if (!Number.isInteger(localPref) || localPref < 0 || localPref > 65535) {
    throw new IceUsageError('candidatePriority(localPref)', `must be an integer in 0..65535, got ${localPref}`);
  }
  if (!Number.isInteger(component) || component < 1 || component > 256) {
    throw new IceUsageError('candidatePriority(component)', `must be an integer in 1..256, got ${component}`);
  }
  // RFC 8445 §5.1.2.1; `>>> 0` keeps the value an unsigned 32-bit integer.
  return (typePref * 0x1000000 + localPref * 0x100 + (256 - component)) >>> 0;
}

/**
 * The value of the PRIORITY attribute for a check sent from `localPriority`'s candidate (RFC 8445 §7.1.1): the same
 * priority with the peer-reflexive type preference, i.e. local preference and component bits kept.
 * @param localPriority the local candidate's priority (assumed computed with the §5.1.2.1 formula)
 */
export function peerReflexivePriority(localPriority: number, prefs: TypePreferences = DEFAULT_TYPE_PREFERENCES): number {
  return (prefs.prflx * 0x1000000 + (localPriority & 0xffffff)) >>> 0;
}

/**
 * Address families of relayed transport addresses (RFC 8656 §7.1, §7.2): a server has at most one relay address
 * per family, and each Allocate decides which families it gets. A plain Allocate gets IPv4; REQUESTED-ADDRESS-FAMILY
 * names the one family wanted (440 when the server has no relay address of it); ADDITIONAL-ADDRESS-FAMILY IPv6 asks
 * for a dual allocation, IPv4 and IPv6 (§7.1), granted for the family the server has when it lacks the other, with
 * ADDRESS-ERROR-CODE 440 naming the missing one (§7.2: "the server MUST NOT generate the error response").
 */
import { TURN_ERROR, turnFailure, type TurnFailure } from './error-codes';
import { TurnConfigError } from './errors';
import { addressFamily, type AddressFamily } from './types';

/** A server's relay address per family (IPv4 dotted quad, IPv6 text); at least one is set. */
export interface RelayAddressSet {
  readonly 4?: string;
  readonly 6?: string;
}

/** The families of `set`, IPv4 first. */
export function relayFamilies(set: RelayAddressSet): AddressFamily[] {
  return ([4, 6] as const).filter((f) => set[f] !== undefined);
}

/**
 * Builds a RelayAddressSet from a list of addresses, at most one per family.
 * @throws TurnConfigError naming `path` for an empty list or two addresses of one family
 */
export function relayAddressSet(addresses: readonly string[], path: string): RelayAddressSet {
  if (addresses.length === 0) throw new TurnConfigError(path, 'is required (the IP of XOR-RELAYED-ADDRESS)');
  const set: { 4?: string; 6?: string } = {};
  for (const a of addresses) {
    if (typeof a !== 'string' || a === '') throw new TurnConfigError(path, `'${String(a)}' is not an IP address`);
    const f = addressFamily(a);
    if (set[f] !== undefined && set[f] !== a) {
      throw new TurnConfigError(path, `two IPv${f} relay addresses (${set[f]}, ${a}); give at most one per family`);
    }
    set[f] = a;
  }
  return set;
}

/** The families an Allocate gets, and the ADDRESS-ERROR-CODE for a family of a dual request that could not be had. */
export interface FamilyGrant {
  readonly ok: true;
  /** Relayed families to allocate, IPv4 first (one or two). */
  readonly families: readonly AddressFamily[];
  /** ADDRESS-ERROR-CODE (RFC 8656 §18.12) when ADDITIONAL-ADDRESS-FAMILY asked for both and one is missing. */
  readonly addressError?: { readonly family: AddressFamily; readonly code: 440 };
}

/**
 * Which relayed families an Allocate gets (RFC 8656 §7.2), after the 400 checks (both family attributes,
 * ADDITIONAL-ADDRESS-FAMILY IPv4): REQUESTED-ADDRESS-FAMILY F gets F or 440; no family attribute gets IPv4 or 440;
 * ADDITIONAL-ADDRESS-FAMILY IPv6 gets both, or the one the server has plus an address error for the other.
 */
export function grantFamilies(
  requested: AddressFamily | undefined,
  additional: AddressFamily | undefined,
  relays: RelayAddressSet,
): FamilyGrant | TurnFailure {
  const have = relayFamilies(relays).map((f) => `IPv${f}`).join(' and ');
  if (requested !== undefined) {
    if (relays[requested] !== undefined) return { ok: true, families: [requested] };
    return turnFailure(TURN_ERROR.ADDRESS_FAMILY_NOT_SUPPORTED, `no IPv${requested} relay address (this server relays on ${have})`);
  }
  if (additional === 6) {
    if (relays[4] !== undefined && relays[6] !== undefined) return { ok: true, families: [4, 6] };
    const only: AddressFamily = relays[4] !== undefined ? 4 : 6;
    return { ok: true, families: [only], addressError: { family: only === 4 ? 6 : 4, code: 440 } };
  }
  if (relays[4] !== undefined) return { ok: true, families: [4] };
  return turnFailure(
    TURN_ERROR.ADDRESS_FAMILY_NOT_SUPPORTED,
    `an Allocate without REQUESTED-ADDRESS-FAMILY asks for IPv4 (RFC 8656 §7.2) and this server relays on ${have}`,
  );
}

/**
 * The expected outcome of every cell of the 7 × 7 matrix with TURN, after libwebrtc's kMatrix (p2p_transport_
 * channel_unittest.cc, UDP subset): a relay is needed exactly when both sides' filtering refuses the other's new
 * mapping: port-restricted vs symmetric-like, and symmetric-like vs symmetric-like (cone-behind-symmetric behaves
 * like symmetric: the outer NAT decides). Without TURN those cells fail; every other cell connects directly.
 */
import type { CellOutcome } from './run-cell';
import { isFamilyNat, isMatrixNat, type MatrixNat } from './nat-kinds';

/** The unordered pairs that need a relay. */
const RELAY_PAIRS: readonly (readonly [MatrixNat, MatrixNat])[] = [
  ['port-restricted-cone', 'symmetric'],
  ['symmetric', 'symmetric'],
  ['port-restricted-cone', 'cone-behind-symmetric'],
  ['symmetric', 'cone-behind-symmetric'],
  ['cone-behind-symmetric', 'cone-behind-symmetric'],
];

/** True when the cell (either order) needs a relay. */
export function needsRelay(a: MatrixNat, b: MatrixNat): boolean {
  return RELAY_PAIRS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** The expected outcome of cell (a, b). */
export function expectedOutcome(a: MatrixNat, b: MatrixNat, turn: boolean): CellOutcome {
  if (!needsRelay(a, b)) return 'direct';
  return turn ? 'relay' : 'failed';
}

/** Mapping and filtering of a behaviour kind name such as 'adm-eif'. */
function parseBehavior(name: string): { mapping: 'eim' | 'adm' | 'apdm'; filtering: 'eif' | 'adf' | 'apdf' } {
  const [mapping, filtering] = name.split('-') as ['eim' | 'adm' | 'apdm', 'eif' | 'adf' | 'apdf'];
  return { mapping, filtering };
}

/**
 * Whether two RFC 4787 NATs (kinds from BEHAVIOR_NATS) let ICE connect directly (docs/connectivity-matrix.md):
 * 1. both endpoint-independent mapping: always (each side's srflx is the port it sends from, so both filters open);
 * 2. one EIM side: unless its filtering is address-and-port-dependent (the other side's checks come from a new,
 *    unknown port; once one gets through, prflx + a triggered check finish the job);
 * 3. both dependent mapping: first contact must hit the other's STUN mapping, so one side must filter endpoint-
 *    independently; the prflx chain only converges if one side maps address-dependently (a stable port towards
 *    the peer's IP); and no side may filter by address and port.
 */
export function behaviorDirect(a: string, b: string): boolean {
  const x = parseBehavior(a);
  const y = parseBehavior(b);
  if (x.mapping === 'eim' && y.mapping === 'eim') return true;
  if (x.mapping === 'eim' || y.mapping === 'eim') {
    const eim = x.mapping === 'eim' ? x : y;
    return eim.filtering !== 'apdf';
  }
  const someEif = x.filtering === 'eif' || y.filtering === 'eif';
  const someAdm = x.mapping === 'adm' || y.mapping === 'adm';
  const noApdf = x.filtering !== 'apdf' && y.filtering !== 'apdf';
  return someEif && someAdm && noApdf;
}

/** The expected outcome of a cell of the 9 × 9 behaviour matrix. */
export function expectedBehaviorOutcome(a: string, b: string, turn: boolean): CellOutcome {
  if (behaviorDirect(a, b)) return 'direct';
  return turn ? 'relay' : 'failed';
}

/**
 * The expected outcome of a cell with an address-family kind (nat-kinds.ts FAMILY_NATS) on at least one side, the
 * other side any kind (docs/connectivity-matrix.md, "Address families"):
 * 1. both sides have IPv6 (ipv6-firewall, nat64, dual-stack): direct, on the IPv6 host pair (no translation; RFC
 *    6092 endpoint-independent filtering opens once each side has sent its own check);
 * 2. ipv6-firewall against an IPv4-only kind: no common family and no NAT64, so only the dual-stack TURN server's
 *    relay (IPv6 in, IPv4 out, RFC 8656 §7.1) joins them: relay, and failed without TURN;
 * 3. nat64 against an IPv4-only kind: direct through the NAT64 (RFC 8445 §5.1.1.1 synthesised addresses); the
 *    NAT64 maps and filters endpoint-independently (RFC 6146 §3.5.1), like a full-cone NAT, so the other side's
 *    checks always get in;
 * 4. dual-stack against an IPv4-only kind: only IPv4 is common, so it is the port-restricted-cone NAT's cell
 *    (the 7 × 7 table for a named kind, the behaviour rule as eim-apdf for a behaviour kind).
 * @returns undefined when neither side is an address-family kind or the other kind has no table
 */
export function expectedFamilyOutcome(a: string, b: string, turn: boolean): CellOutcome | undefined {
  const fa = isFamilyNat(a);
  const fb = isFamilyNat(b);
  if (!fa && !fb) return undefined;
  if (fa && fb) return 'direct';
  const [fam, other] = fa ? [a, b] : [b, a];
  // No common family: only the dual-stack TURN server's relay (IPv6 in, IPv4 out) joins them (RFC 8656 §7.1).
  if (fam === 'ipv6-firewall') return turn ? 'relay' : 'failed';
  if (fam === 'nat64') return 'direct';
  if (isMatrixNat(other)) return expectedOutcome('port-restricted-cone', other, turn);
  return expectedBehaviorOutcome('eim-apdf', other, turn);
}

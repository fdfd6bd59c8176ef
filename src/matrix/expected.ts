/**
 * The expected outcome of every cell of the 7 × 7 matrix with TURN, after libwebrtc's kMatrix (p2p_transport_
 * channel_unittest.cc, UDP subset): a relay is needed exactly when both sides' filtering refuses the other's new
 * mapping: port-restricted vs symmetric-like, and symmetric-like vs symmetric-like (cone-behind-symmetric behaves
 * like symmetric: the outer NAT decides). Without TURN those cells fail; every other cell connects directly.
 */
import type { CellOutcome } from './run-cell';
import type { MatrixNat } from './nat-kinds';

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

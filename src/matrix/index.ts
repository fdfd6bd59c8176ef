/**
 * The NAT connectivity matrix (after libwebrtc's P2PTransportChannel matrix): two full ICE agents behind every
 * ordered pair of NAT kinds, with a STUN server and optionally a TURN server. See docs/connectivity-matrix.md.
 */
export { MATRIX_NATS, BEHAVIOR_NATS, FAMILY_NATS, isMatrixNat, isBehaviorNat, isFamilyNat, knownNatNames, natStack, sideSpec } from './nat-kinds';
export type { FamilyNat, MatrixNat } from './nat-kinds';
export { buildPairWorld, PAIR_WORLD } from './pair-world';
export type { FamilySide, NatStack, PairWorld, PairWorldInit, SideSpec } from './pair-world';
export { runCell, cellAgentInit } from './run-cell';
export type { CellInit, CellLimits, CellOutcome, CellResult } from './run-cell';
export { runMatrix, checkNatNames } from './run-matrix';
export type { MatrixInit, MatrixResult } from './run-matrix';
export { needsRelay, expectedOutcome, behaviorDirect, expectedBehaviorOutcome, expectedFamilyOutcome } from './expected';
export { matrixText, matrixMarkdown, matrixJson, natLabel, cellText, summaryLine } from './matrix-report';
export { MatrixUsageError } from './errors';

/** Typed expectations of a scenario. */
import type { DropReason } from '../../sim/trace-events';
import type { CandidateType, ClassicNatType, FilteringBehaviour, MappingBehaviour, PacketOutcome, PathKind, TurnTransportName } from './constants';
import type { SourceRef } from './spec-types';
import type { EventRef } from './spec-timeline';

/** Bounds on a count; at least one is set; eq excludes min/max. */
export interface CountBounds {
  readonly eq: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Fields every expectation has. */
interface ExpectationBase {
  /** Given or generated, e.g. `a and b connect via direct within 5s`. */
  readonly name: string;
  readonly description: string;
  readonly source: SourceRef;
}

/** A pair connects. */
export interface ConnectedExpectation extends ExpectationBase {
  readonly kind: 'connected';
  readonly agents: readonly [string, string];
  readonly via: PathKind;
  readonly local: CandidateType | null;
  readonly remote: CandidateType | null;
  /** ICE: the first agent's relayed local candidate reaches its TURN server over this (WebRTC's relayProtocol). */
  readonly relayProtocol: TurnTransportName | null;
  readonly withinMs: number;
}
/** A pair does not connect. */
export interface NotConnectedExpectation extends ExpectationBase {
  readonly kind: 'not-connected';
  readonly agents: readonly [string, string];
  readonly withinMs: number;
}
/** A discovery result; null fields are not checked. */
export interface DiscoveryExpectation extends ExpectationBase {
  readonly kind: 'discovery';
  readonly agent: string;
  readonly mapping: MappingBehaviour | null;
  readonly filtering: FilteringBehaviour | null;
  readonly classic: ClassicNatType | null;
  readonly hairpinning: boolean | null;
}
/** Packet counts. */
export interface CountExpectation extends ExpectationBase, CountBounds {
  readonly kind: 'count';
  readonly outcome: PacketOutcome;
  readonly reason: DropReason | null;
  readonly node: string | null;
  readonly port: number | null;
}
/** Mapping-table size at a time. */
export interface MappingsExpectation extends ExpectationBase, CountBounds {
  readonly kind: 'mappings';
  readonly nat: string;
  readonly atMs: number;
}
/** An event happens before a deadline. */
export interface HappensExpectation extends ExpectationBase {
  readonly kind: 'happens';
  readonly event: EventRef;
  readonly beforeMs: number;
}
/** An event does not happen in a window. */
export interface NeverExpectation extends ExpectationBase {
  readonly kind: 'never';
  readonly event: EventRef;
  readonly fromMs: number;
  readonly untilMs: number;
}
/** Two ICE agents connect and then never lose consent. */
export interface StaysConnectedExpectation extends ExpectationBase {
  readonly kind: 'stays-connected';
  readonly agents: readonly [string, string];
}
/** Any expectation. */
export type ExpectationSpec =
  | ConnectedExpectation
  | NotConnectedExpectation
  | DiscoveryExpectation
  | CountExpectation
  | MappingsExpectation
  | HappensExpectation
  | NeverExpectation
  | StaysConnectedExpectation;

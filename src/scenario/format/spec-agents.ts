/** Typed agents of a scenario (see spec-types.ts for the conventions: ms, resolved addresses, defaults applied). */
import type { AgentType, IcePolicy } from './constants';
import type { SourceRef } from './spec-types';

/** A resolved server reference. */
export interface ServerRef {
  readonly server: string;
  readonly ip: string;
  readonly port: number;
}

/** TURN server and credentials. */
export interface TurnRef extends ServerRef {
  /** Client-to-server transport (RFC 8656 §3.1); the server must list it in its transports. @default 'udp' */
  readonly transport?: 'udp' | 'tcp' | 'tls';
  readonly username: string;
  /** Null: derive from the server's authSecret (TURN REST API). */
  readonly password: string | null;
}

/** A resolved destination. */
export interface EndpointSpec {
  readonly ip: string;
  readonly port: number;
  /** The node it was written as (`node:port`), if any. */
  readonly node: string | null;
  /** The echo agent it was written as, if any. */
  readonly agent: string | null;
}

/** Fields every agent has. */
interface AgentBase {
  readonly name: string;
  readonly type: AgentType;
  readonly host: string;
  readonly autostart: boolean;
  /** Local port; 0 = any free port. */
  readonly port: number;
  readonly description: string;
  readonly source: SourceRef;
}

/** RFC 5780 behaviour discovery. */
export interface DiscoveryAgentSpec extends AgentBase {
  readonly type: 'discovery';
  readonly stun: ServerRef & { readonly alternate: { readonly ip: string; readonly port: number } };
}
/** UDP hole punching with a peer. */
export interface HolePunchAgentSpec extends AgentBase {
  readonly type: 'hole-punch';
  readonly stun: ServerRef;
  readonly peer: string;
  /** 0 = no keepalives. */
  readonly keepaliveMs: number;
  /** udp punches, or tcp simultaneous open. */
  readonly transport: 'udp' | 'tcp';
}
/** An ICE agent. */
export interface IceAgentSpec extends AgentBase {
  readonly type: 'ice';
  readonly peer: string;
  readonly stun: readonly ServerRef[];
  readonly turn: readonly TurnRef[];
  readonly controlling: boolean;
  readonly trickle: boolean;
  readonly policy: IcePolicy;
  readonly restartOnFailure: boolean;
  /** With restartOnFailure: restart again when every check of a restart failed (controlling agent). @default true */
  readonly restartAfterFailedChecks: boolean;
  /** Also gather TCP host candidates, passive and active (RFC 6544). @default false */
  readonly tcpCandidates: boolean;
}
/** An echo server. */
export interface EchoAgentSpec extends AgentBase {
  readonly type: 'echo';
}
/** A traffic source. */
export interface TrafficAgentSpec extends AgentBase {
  readonly type: 'traffic';
  readonly to: EndpointSpec;
  readonly count: number;
  readonly sizeBytes: number;
  readonly everyMs: number;
}
/** Any agent. */
export type AgentSpec = DiscoveryAgentSpec | HolePunchAgentSpec | IceAgentSpec | EchoAgentSpec | TrafficAgentSpec;

/**
 * Scenario agents from their typed specs: resolves hosts, servers and TURN credentials (a missing password is a
 * TURN REST credential derived from the server's shared secret, draft-uberti-behave-turn-rest-00 §2).
 */
import { DEFAULT_UNIX_EPOCH_S } from '../../agents/turn';
import type { SignalingChannel } from '../../agents/signaling';
import type { Host } from '../../net/host';
import { makeRestCredentials } from '../../protocols/turn';
import type { AgentSpec, ServerSpec, TurnRef } from '../format/spec-types';
import { ScenarioRuntimeError } from '../build/errors';
import { DiscoveryAgent } from './discovery-agent';
import { EchoAgent } from './echo-agent';
import { IceScenarioAgent } from './ice-scenario-agent';
import { createHolePunchAgent } from './hole-punch-scenario-agent';
import type { ScenarioAgent } from './scenario-agent';
import { TrafficAgent } from './traffic-agent';

/** What agents are built from. */
export interface AgentContext {
  /** key: host name. */
  readonly hosts: ReadonlyMap<string, Host>;
  /** The out-of-band channel ICE and hole-punch peers signal over. */
  readonly signaling: SignalingChannel;
  /** Every server of the topology. */
  readonly servers: readonly ServerSpec[];
}

/** Username and password for a TURN reference. */
export function turnCredentials(ref: TurnRef, servers: readonly ServerSpec[]): { username: string; password: string } {
  if (ref.password !== null) return { username: ref.username, password: ref.password };
  const server = servers.find((s) => s.name === ref.server);
  if (server?.kind !== 'turn-server' || server.authSecret === null) {
    throw new ScenarioRuntimeError(`TURN server '${ref.server}' has no password for '${ref.username}' and no authSecret`);
  }
  const c = makeRestCredentials({ secret: server.authSecret, nowUnixSeconds: DEFAULT_UNIX_EPOCH_S, user: ref.username });
  return { username: c.username, password: c.password };
}

/** Builds (does not start) the agent `spec` describes. */
export function createScenarioAgent(spec: AgentSpec, ctx: AgentContext): ScenarioAgent {
  const host = ctx.hosts.get(spec.host);
  if (!host) throw new ScenarioRuntimeError(`agent '${spec.name}': unknown host '${spec.host}'`);
  switch (spec.type) {
    case 'echo':
      return new EchoAgent(spec.name, host, { port: spec.port });
    case 'traffic':
      return new TrafficAgent(spec.name, host, {
        toIp: spec.to.ip, toPort: spec.to.port, count: spec.count, size: spec.sizeBytes, everyMs: spec.everyMs, port: spec.port,
      });
    case 'discovery':
      return new DiscoveryAgent(spec.name, host, { serverIp: spec.stun.ip, serverPort: spec.stun.port });
    case 'ice':
      return new IceScenarioAgent(spec.name, host, ctx.signaling, {
        peer: spec.peer,
        controlling: spec.controlling,
        stunServers: spec.stun.map((s) => ({ address: s.ip, port: s.port })),
        turnServers: spec.turn.map((t) => ({ address: t.ip, port: t.port, transport: t.transport, ...turnCredentials(t, ctx.servers) })),
        trickle: spec.trickle,
        policy: spec.policy,
        restartOnFailure: spec.restartOnFailure,
        restartAfterFailedChecks: spec.restartAfterFailedChecks,
        tcpCandidates: spec.tcpCandidates,
        port: spec.port,
      });
    case 'hole-punch':
      return createHolePunchAgent(spec, host, ctx.signaling);
  }
}

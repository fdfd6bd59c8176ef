/**
 * Scenario agents from their typed specs: resolves hosts, servers and TURN credentials (a missing password is a
 * TURN REST credential derived from the server's shared secret, draft-uberti-behave-turn-rest-00 §2).
 */
import { DEFAULT_UNIX_EPOCH_S } from '../../agents/turn';
import type { SignalingChannel } from '../../agents/signaling';
import type { Host } from '../../net/host';
import { makeRestCredentials } from '../../protocols/turn';
import { isIpv4, parseIpv4 } from '../../net/ipv4';
import { formatIp } from '../../net/ip-number';
import { Nat64Prefix } from '../../net/nat64-prefix';
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
/**
 * The address an agent uses for a TURN server (natsim has no DNS; this is what a resolver would hand the host):
 * - a host with IPv4: the server's primary (IPv4) address;
 * - an IPv6-only host that knows a NAT64 prefix (RFC 7050): the IPv4 address synthesised into the prefix (RFC 6052
 *   §2.2), reached through the NAT64, as DNS64 answers for an IPv4-only name;
 * - any other IPv6-only host: the server's IPv6 address when it has one (a dual-stack server, `ip: [v4, v6]`,
 *   RFC 8656 §7.1): the host reaches it over IPv6 and is relayed on IPv4, the default family (§7.2), which is how an
 *   IPv6-only and an IPv4-only peer meet.
 */
export function turnAddressFor(ref: TurnRef, host: Host, servers: readonly ServerSpec[]): string {
  if (host.localAddressTexts().some((a) => isIpv4(a))) return ref.ip;
  if (host.nat64Prefix !== undefined) return formatIp(Nat64Prefix.parse(host.nat64Prefix).synthesize(parseIpv4(ref.ip)));
  const server = servers.find((s) => s.name === ref.server);
  const v6 = server?.interfaces.flatMap((i) => [i.ip, ...(i.moreIps ?? [])]).find((a) => !isIpv4(a));
  return v6 ?? ref.ip;
}

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
        turnServers: spec.turn.map((t) => ({ address: turnAddressFor(t, host, ctx.servers), port: t.port, transport: t.transport, ...turnCredentials(t, ctx.servers) })),
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

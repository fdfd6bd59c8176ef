/**
 * Candidate gathering for one ICE generation (RFC 8445 §5.1.1): a host candidate per host socket, a server-
 * reflexive candidate per STUN server (a Binding request from the host socket, RFC 8489), and a relayed candidate
 * per TURN server (an allocation from the host socket, RFC 8656), and, when enabled, a passive and an active TCP host
 * candidate per address (RFC 6544). Local preferences interleave IPv6 and IPv4 addresses (RFC 8421 §4). A server of
 * the other family is skipped, except that an IPv6 socket with a NAT64 prefix reaches an IPv4 server through the
 * synthesised address (RFC 6052). Reports each candidate as it is learned (trickle, RFC 8838) and then that
 * gathering is done.
 */
import type { IceEventName } from './ice-events';
import { StunMessage, StunMethod } from '../../protocols/stun';
import { formatIp } from '../../net/ip-number';
import { tryParseIpv4 } from '../../net/ipv4';
import { addressFamily, createCandidate, gatheringRto, interleavedLocalPreferences, localPreferenceForRank, interleaveAddresses, type Candidate } from '../../protocols/ice';
import type { TcpEndpoint } from './tcp-endpoints';
import type { IceAgentConfig, IceTurnServer } from './ice-agent-init';
import type { RelayResult } from './relay-endpoint';
import type { HostTransport } from './transports';

/** What gathering needs from the agent. */
export interface GatherContext {
  readonly config: IceAgentConfig;
  /** An allocation on `server` from `host` (an existing live one is reused across ICE restarts). */
  relayFor(host: HostTransport, server: Required<IceTurnServer>, done: (r: RelayResult) => void): void;
  trace(event: IceEventName, data: Record<string, unknown>): void;
}

/** Where gathered candidates go. */
export interface GatherSink {
  /** A new local candidate (host, srflx or relay). */
  addLocal(c: Candidate): void;
  /** Every server answered or gave up. */
  gatheringDone(): void;
  /** A TURN allocation failed (e.g. 401 with a wrong password): `server` is `ip:port`, `reason` says why. */
  relayFailed?(server: string, reason: string): void;
}

/**
 * Where a host socket sends to reach `server`: the server itself in the same family; for an IPv6 socket and an IPv4
 * server, its address under the NAT64 prefix (RFC 6052 §2.2); otherwise undefined (not reachable from that socket).
 */
function serverFrom<T extends { readonly address: string }>(ctx: GatherContext, host: HostTransport, server: T): T | undefined {
  const hostFamily = addressFamily(host.address.address);
  const family = addressFamily(server.address);
  if (family === hostFamily) return server;
  const v4 = tryParseIpv4(server.address);
  const prefix = ctx.config.nat64Prefix;
  if (hostFamily !== 'ipv6' || !prefix || v4 === undefined) return undefined;
  return { ...server, address: formatIp(prefix.embed(v4)) };
}

/** Gathers on every host transport (and TCP endpoint); calls sink.gatheringDone() exactly once. */
export function gatherCandidates(ctx: GatherContext, hosts: readonly HostTransport[], tcp: readonly TcpEndpoint[], sink: GatherSink): void {
  const { turnServers, taMs, policy } = ctx.config;
  // W3C iceTransportPolicy 'relay': only relayed candidates are gathered and used.
  const stunServers = policy === 'relay' ? [] : ctx.config.stunServers;
  const reach = hosts.map((h) => ({
    stun: stunServers.map((s) => serverFrom(ctx, h, s)).filter((s) => s !== undefined),
    turn: turnServers.map((s) => serverFrom(ctx, h, s)).filter((s) => s !== undefined),
  }));
  let pending = reach.reduce((n, r) => n + r.stun.length + r.turn.length, 0);
  const rto = gatheringRto(taMs, pending); // RFC 8445 §14.3
  const settle = (): void => {
    if (--pending === 0) sink.gatheringDone();
  };
  // RFC 8421 §4: local preferences interleave the families (IPv6 first); one family keeps 65535, 65534, ...
  const prefs = interleavedLocalPreferences(hosts.map((h) => h.address.address));
  const ranks = interleaveAddresses(hosts.map((h) => h.address.address));
  if (policy === 'all') {
    for (const t of tcp) {
      const localPreference = localPreferenceForRank(Math.max(0, ranks.indexOf(t.ip)), { transport: 'tcp', tcpType: t.tcpType });
      sink.addLocal(createCandidate({ type: 'host', transport: 'tcp', tcpType: t.tcpType, address: t.ip, port: t.address.port, localPreference }));
    }
  }
  hosts.forEach((h, index) => {
    const base = h.address;
    const lp = prefs.get(base.address) ?? 0;
    const { stun: stunFrom, turn: turnFrom } = reach[index];
    if (policy === 'all') sink.addLocal(createCandidate({ type: 'host', address: base.address, port: base.port, localPreference: lp }));
    for (const server of stunFrom) {
      const req = StunMessage.request(StunMethod.Binding, h.stun.newTransactionId());
      h.stun.request(req, server.address, server.port, {
        onResponse: (res) => {
          const mapped = res.class === 'success' ? res.get('XOR-MAPPED-ADDRESS') ?? res.get('MAPPED-ADDRESS') : undefined;
          if (mapped) {
            sink.addLocal(createCandidate({ type: 'srflx', address: mapped.address, port: mapped.port, base, serverAddress: server.address, localPreference: lp }));
          } else {
            ctx.trace('gathering-failed', { server: `${server.address}:${server.port}`, reason: `Binding ${res.class} without a mapped address` });
          }
          settle();
        },
        onTimeout: () => {
          ctx.trace('gathering-failed', { server: `${server.address}:${server.port}`, reason: 'STUN Binding timed out' });
          settle();
        },
      }, { rto });
    }
    for (const server of turnFrom) {
      ctx.relayFor(h, server, (r) => {
        if (r.ok) {
          const { relay } = r;
          sink.addLocal(createCandidate({
            type: 'relay', address: relay.address.address, port: relay.address.port, related: relay.mapped, serverAddress: server.address, localPreference: lp,
            relayProtocol: server.transport, // how the TURN client reaches the server (RFC 8656 §3.1)
          }));
          // RFC 8445 §5.1.1.2: the Allocate response also yields a server-reflexive candidate; used when no STUN server is set.
          if (stunServers.length === 0 && policy === 'all') {
            sink.addLocal(createCandidate({ type: 'srflx', address: relay.mapped.address, port: relay.mapped.port, base, serverAddress: server.address, localPreference: lp }));
          }
        } else {
          ctx.trace('gathering-failed', { server: `${server.address}:${server.port}`, reason: r.reason });
          sink.relayFailed?.(`${server.address}:${server.port}`, r.reason);
        }
        settle();
      });
    }
  });
  if (pending === 0) sink.gatheringDone();
}

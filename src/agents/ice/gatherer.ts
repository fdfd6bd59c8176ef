/**
 * Candidate gathering for one ICE generation (RFC 8445 §5.1.1): a host candidate per host socket, a server-
 * reflexive candidate per STUN server (a Binding request from the host socket, RFC 8489), and a relayed candidate
 * per TURN server (an allocation from the host socket, RFC 8656). Reports each candidate as it is learned (trickle,
 * RFC 8838) and then that gathering is done.
 */
import type { IceEventName } from './ice-events';
import { StunMessage, StunMethod } from '../../protocols/stun';
import { createCandidate, gatheringRto, type Candidate } from '../../protocols/ice';
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

/** Local preference per host address: 65535 for the first, one less for each next (RFC 8445 §5.1.2.1). */
function localPreference(index: number): number {
  return Math.max(0, 65535 - index);
}

/** Gathers on every host transport; calls sink.gatheringDone() exactly once. */
export function gatherCandidates(ctx: GatherContext, hosts: readonly HostTransport[], sink: GatherSink): void {
  const { turnServers, taMs, policy } = ctx.config;
  // W3C iceTransportPolicy 'relay': only relayed candidates are gathered and used.
  const stunServers = policy === 'relay' ? [] : ctx.config.stunServers;
  let pending = hosts.length * (stunServers.length + turnServers.length);
  const rto = gatheringRto(taMs, pending); // RFC 8445 §14.3
  const settle = (): void => {
    if (--pending === 0) sink.gatheringDone();
  };
  hosts.forEach((h, index) => {
    const base = h.address;
    const lp = localPreference(index);
    if (policy === 'all') sink.addLocal(createCandidate({ type: 'host', address: base.address, port: base.port, localPreference: lp }));
    for (const server of stunServers) {
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
    for (const server of turnServers) {
      ctx.relayFor(h, server, (r) => {
        if (r.ok) {
          const { relay } = r;
          sink.addLocal(createCandidate({
            type: 'relay', address: relay.address.address, port: relay.address.port, related: relay.mapped, serverAddress: server.address, localPreference: lp,
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

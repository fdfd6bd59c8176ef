/**
 * The local endpoints of an ICE agent: its host sockets (RFC 8445 §5.1.1.1) and the TURN allocations made from them
 * for relayed candidates (§5.1.1.2), one per host socket and TURN server, reused by later generations while alive.
 * Every allocation holds a permission for each remote IP the agent has been told about (RFC 8656 §9).
 */
import type { IceEventName } from './ice-events';
import type { HostEnv } from '../../net/host-env';
import type { TransportAddress } from '../../protocols/ice';
import type { IceTurnServer } from './ice-agent-init';
import { addressKey } from './pair-info';
import type { RelayAllocator, RelayEndpoint, RelayResult } from './relay-endpoint';
import type { TcpEndpoint } from './tcp-endpoints';
import type { HostTransport, LocalEndpoint, PacketSink } from './transports';

/** Host sockets and relays of one agent. */
export class LocalEndpoints {
  /** One socket per host address, in the order they were opened. */
  readonly hosts: HostTransport[] = [];
  /** TCP host candidates' endpoints (RFC 6544): a passive and an active one per address, when enabled. */
  readonly tcp: TcpEndpoint[] = [];
  /** key: "hostIp:port|serverIp:port" */
  private readonly relays = new Map<string, RelayEndpoint>();
  private readonly remoteIps = new Set<string>();

  /**
   * @param allocator how relayed candidates are allocated
   * @param sink where datagrams peers send to a relayed address go
   */
  constructor(
    private readonly env: HostEnv,
    private readonly allocator: RelayAllocator,
    private readonly sink: PacketSink,
    private readonly trace: (event: IceEventName, data: Record<string, unknown>) => void,
  ) {}

  /** The ready host socket or live relay whose address is `local`. */
  find(local: TransportAddress): LocalEndpoint | undefined {
    if (local.transport === 'tcp') return this.tcp.find((t) => t.owns(local));
    for (const h of this.hosts) if (h.ready && h.address.address === local.address && h.address.port === local.port) return h;
    for (const r of this.relays.values()) if (r.alive && r.address.address === local.address && r.address.port === local.port) return r;
    return undefined;
  }

  /** Installs a permission for `ip` on every live relay, and on relays allocated later (RFC 8656 §9). */
  permitRemote(ip: string): void {
    this.remoteIps.add(ip);
    for (const r of this.relays.values()) if (r.alive) r.permit(ip);
  }

  /** The relay on `server` from `host`'s socket: the live one, else a new allocation. `done` is called asynchronously. */
  relayFor(host: HostTransport, server: Required<IceTurnServer>, done: (r: RelayResult) => void): void {
    const k = `${addressKey(host.address)}|${server.address}:${server.port}`;
    const existing = this.relays.get(k);
    if (existing?.alive) {
      this.env.timers.setTimeout(() => done({ ok: true, relay: existing }), 0);
      return;
    }
    this.allocator(host, server, this.sink, (r) => {
      if (r.ok) {
        this.relays.set(k, r.relay);
        for (const ip of this.remoteIps) r.relay.permit(ip);
        this.trace('relay-allocated', { relayed: addressKey(r.relay.address), mapped: addressKey(r.relay.mapped), server: addressKey(r.relay.server) });
      }
      done(r);
    });
  }

  /** Releases every allocation, then closes the host sockets. */
  close(): void {
    for (const r of this.relays.values()) r.close();
    for (const h of this.hosts) h.close();
    for (const t of this.tcp) t.close();
  }
}

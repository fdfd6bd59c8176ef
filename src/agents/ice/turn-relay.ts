/**
 * Relayed candidates through the TURN client (src/agents/turn, RFC 8656): the allocation is made from the ICE host
 * socket (RFC 8445 §5.1.1.2: the host candidate is the relayed candidate's base), with the client in 'external'
 * demux mode so the host transport offers it every datagram first. Sends to a peer wait for that peer's permission
 * (RFC 8656 §9: the server drops data to a peer without one), so the first check through the relay is not lost.
 */
import type { TransportAddress } from '../../protocols/ice';
import { TurnClient } from '../turn';
import type { RelayAllocator, RelayEndpoint } from './relay-endpoint';
import type { DatagramTap, HostTransport, PacketSink } from './transports';

/** A TURN allocation seen as an ICE local endpoint. */
class TurnRelay implements RelayEndpoint {
  readonly kind = 'relay' as const;
  /** Data waiting for its peer's permission. key: peer IP */
  private readonly waiting = new Map<string, { to: TransportAddress; bytes: Uint8Array }[]>();

  constructor(
    private readonly client: TurnClient,
    private readonly host: HostTransport,
    private readonly tap: DatagramTap,
    readonly address: TransportAddress,
    readonly mapped: TransportAddress,
    readonly server: TransportAddress,
  ) {}

  get alive(): boolean {
    return this.client.state === 'allocated';
  }

  permit(ip: string): void {
    if (!this.alive || this.client.hasPermission(ip) || this.waiting.has(ip)) return;
    this.waiting.set(ip, []);
    this.client.createPermission(ip, (err) => {
      const queued = this.waiting.get(ip) ?? [];
      this.waiting.delete(ip);
      if (err) {
        this.host.env.emit(`${this.host.agentName}:turn`, 'permission-failed', { peer: ip, error: err.message });
        return;
      }
      for (const q of queued) this.client.send(q.to, q.bytes);
    });
  }

  send(to: TransportAddress, bytes: Uint8Array): void {
    const queue = this.waiting.get(to.address);
    if (queue) {
      queue.push({ to, bytes });
      return;
    }
    if (!this.client.hasPermission(to.address)) {
      this.permit(to.address);
      this.waiting.get(to.address)?.push({ to, bytes });
      return;
    }
    this.client.send(to, bytes);
  }

  close(): void {
    this.waiting.clear();
    this.client.close(() => this.host.removeTap(this.tap));
  }
}

/**
 * The default RelayAllocator: a TurnClient sharing the host socket over UDP; over TCP or TLS (RFC 8656 §3.1) the
 * client opens its own connection to the server and the tap sees nothing (it returns false).
 */
export const turnRelayAllocator: RelayAllocator = (host, server, sink: PacketSink, done) => {
  let relayed: TransportAddress | undefined;
  const overUdp = server.transport === 'udp';
  const client = new TurnClient(host.env, {
    server: { address: server.address, port: server.port },
    transport: server.transport,
    username: server.username,
    password: server.password,
    ...(overUdp ? { socket: host.socket, demux: 'external' as const } : {}),
    agent: `${host.agentName}:turn`,
    onData: (peer, data) => {
      if (relayed) sink(data, { local: relayed, source: { address: peer.address, port: peer.port }, viaRelay: true });
    },
  });
  const tap: DatagramTap = (bytes, rinfo) => overUdp && client.handleDatagram(bytes, rinfo);
  host.addTap(tap);
  client.allocate((err, a) => {
    if (err || !a) {
      host.removeTap(tap);
      client.close();
      done({ ok: false, reason: err ? err.message : 'Allocate failed' });
      return;
    }
    relayed = { address: a.relayed.address, port: a.relayed.port };
    done({ ok: true, relay: new TurnRelay(client, host, tap, relayed, { address: a.mapped.address, port: a.mapped.port }, { address: server.address, port: server.port }) });
  });
};

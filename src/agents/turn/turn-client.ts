/**
 * The TURN client agent (RFC 8656 §7-§12) on a HostEnv: allocates on a TURN server (unauthenticated first, then
 * with the long-term credentials of the 401), keeps the allocation, permissions and channels alive ahead of their
 * expiry, sends to peers through a bound channel or by Send indication, and delivers what peers send as
 * `data` events with the peer's address. It can share its UDP socket with another agent (ICE): see
 * TurnClientInit.socket and .demux. Callback-driven; nothing on the packet path uses Promises.
 */
import { EventEmitter } from 'events';
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, SocketAddress } from '../../net/udp-socket.types';
import { encode, newTransactionId, StunMessage, StunMethod } from '../../protocols/stun';
import { encodeChannelData, formatChannelNumber, type TransportAddress } from '../../protocols/turn';
import { addressText, toStunAddress } from './addresses';
import { runAllocate, type TurnAllocation } from './client-allocate';
import { resolveClientConfig, type TurnClientConfig, type TurnClientInit } from './client-config';
import { ClientCredentials } from './client-credentials';
import { TurnClientError, TurnClientUsageError } from './client-errors';
import type { TurnClientEvents } from './client-events';
import { classifyFromServer } from './client-inbound';
import { AllocationKeeper } from './client-keeper';
import { TurnRequester } from './client-requester';
import { newClientStats, type TurnClientStats } from './client-stats';
import { ClientTransport } from './client-transport';

/** Life of a TurnClient. */
export type TurnClientState = 'idle' | 'allocating' | 'allocated' | 'lost' | 'closing' | 'closed';

/** A TURN client: one allocation on one server. */
export class TurnClient {
  readonly config: TurnClientConfig;
  readonly stats: TurnClientStats = newClientStats();
  private readonly events = new EventEmitter();
  private readonly transport: ClientTransport;
  private readonly credentials: ClientCredentials;
  private readonly requester: TurnRequester;
  private readonly keeper: AllocationKeeper;
  private stateValue: TurnClientState = 'idle';
  private allocation: TurnAllocation | undefined;
  /** Stops a running Allocate procedure and fails its callback with 'closed'. */
  private abandonAllocate: (() => void) | undefined;

  constructor(
    private readonly env: HostEnv,
    init: TurnClientInit,
  ) {
    const c = (this.config = resolveClientConfig(init));
    this.transport = new ClientTransport(env, c, {
      fromServer: (bytes) => this.fromServer(bytes),
      other: (msg, rinfo) => this.events.emit('message', msg, rinfo),
      streamClosed: (reason) => {
        this.trace('stream-closed', { transport: c.transport, reason });
        this.lose(`the ${c.transport.toUpperCase()} connection to the server closed: ${reason}`);
      },
    });
    this.credentials = new ClientCredentials(c.username, c.password);
    this.requester = new TurnRequester(this.transport, this.credentials, c.software, (e, d) => this.trace(e, d));
    this.keeper = new AllocationKeeper(c, this.requester, env.timers, this.stats, {
      lost: (reason) => this.lose(reason),
      refreshed: (lifetimeS) => {
        this.trace('refreshed', { lifetimeS });
        this.events.emit('refreshed', lifetimeS);
      },
      trace: (e, d) => this.trace(e, d),
    });
    if (init.onData) this.on('data', init.onData);
  }

  /** Current state. */
  get state(): TurnClientState {
    return this.stateValue;
  }

  /** Every relayed transport address while allocated: two after a dual allocation (RFC 8656 §7.1). */
  get relayedAddresses(): readonly TransportAddress[] {
    return this.stateValue === 'allocated' && this.allocation ? this.allocation.relayedAddresses : [];
  }

  /** The relayed transport address (XOR-RELAYED-ADDRESS) while allocated: the ICE relay candidate. */
  get relayedAddress(): TransportAddress | undefined {
    return this.stateValue === 'allocated' ? this.allocation?.relayed : undefined;
  }

  /** The server-reflexive address the server saw (XOR-MAPPED-ADDRESS of the Allocate response). */
  get mappedAddress(): TransportAddress | undefined {
    return this.allocation?.mapped;
  }

  /** The local socket address (opens the socket if needed). */
  get localAddress(): SocketAddress {
    return this.transport.socket.address();
  }

  /** Listens for an event (see TurnClientEvents). */
  on<E extends keyof TurnClientEvents>(event: E, listener: TurnClientEvents[E]): this {
    this.events.on(event, listener);
    return this;
  }

  /** Removes a listener. */
  off<E extends keyof TurnClientEvents>(event: E, listener: TurnClientEvents[E]): this {
    this.events.off(event, listener);
    return this;
  }

  /**
   * Creates the allocation (RFC 8656 §7). `callback` gets the relayed and mapped addresses, or the error once the
   * RFC 8656 §7.4 advice says to give up. Never called synchronously.
   * @throws TurnClientUsageError unless the client is idle or lost its previous allocation
   */
  allocate(callback?: (err: TurnClientError | null, allocation?: TurnAllocation) => void): void {
    if (this.stateValue !== 'idle' && this.stateValue !== 'lost') {
      throw new TurnClientUsageError('TurnClient.allocate', `the client is ${this.stateValue}; allocate once, or again after 'allocation-lost'`);
    }
    this.stateValue = 'allocating';
    const stop = runAllocate(
      {
        transport: this.transport,
        requester: this.requester,
        credentials: this.credentials,
        timers: this.env.timers,
        lifetimeS: this.config.lifetimeS,
        addressFamily: this.config.addressFamily,
        dualAllocation: this.config.dualAllocation,
        maxCapacityWaits: this.config.maxCapacityWaits,
        trace: (e, d) => this.trace(e, d),
        backoff: (code, ms) => {
          this.trace('backoff', { code, retryAfterMs: ms });
          this.events.emit('backoff', code, ms);
        },
      },
      (err, a) => {
        this.abandonAllocate = undefined;
        if (err || !a) {
          this.stateValue = 'idle';
          this.trace('allocate-failed', { code: err?.code ?? null, message: err?.message ?? '' });
          return callback?.(err ?? null);
        }
        this.allocation = a;
        this.stateValue = 'allocated';
        this.keeper.start(a.lifetimeS);
        this.trace('allocated', allocatedTraceData(a));
        this.events.emit('allocated', a);
        callback?.(null, a);
      },
    );
    this.abandonAllocate = () => {
      stop();
      const err = new TurnClientError('Allocate', 'closed', undefined, 'the client was closed during Allocate');
      this.env.timers.setTimeout(() => callback?.(err), 0);
    };
  }

  /**
   * Installs permissions for peer IPs (RFC 8656 §10; ports do not matter, §9), refreshed every 240 s unless
   * autoRefresh.permissions is off. Needed before data to or from a peer is relayed.
   */
  createPermission(peerIps: string | readonly string[], callback?: (err: TurnClientError | null) => void): void {
    const ips = typeof peerIps === 'string' ? [peerIps] : [...peerIps];
    this.requireAllocated('createPermission');
    if (ips.length === 0) throw new TurnClientUsageError('TurnClient.createPermission', 'give at least one peer IP');
    this.keeper.createPermission(ips, (r) => {
      if (r.ok) this.trace('permission-created', { peers: ips });
      callback?.(r.ok ? null : r.error);
    });
  }

  /**
   * Binds a channel to `peer` (RFC 8656 §12; also installs the peer IP's permission). From then on send() to that
   * peer uses ChannelData. `callback` gets the channel number.
   */
  bindChannel(peer: TransportAddress, callback?: (err: TurnClientError | null, channel?: number) => void): void {
    this.requireAllocated('bindChannel');
    const channel = this.keeper.relay.numberFor(peer, this.env.timers.now());
    if (channel === undefined) throw new TurnClientUsageError('TurnClient.bindChannel', 'all 4096 channel numbers are bound or held');
    this.keeper.bindChannel(channel, peer, (r) => {
      if (r.ok) this.trace('channel-bound', { channel: formatChannelNumber(channel), peer: addressText(peer) });
      callback?.(r.ok ? null : r.error, r.ok ? channel : undefined);
    });
  }

  /** The channel bound to `peer` now, if any. */
  channelFor(peer: TransportAddress): number | undefined {
    return this.keeper.relay.channelFor(peer, this.env.timers.now());
  }

  /** True while the client believes a permission for `peerIp` is installed. */
  hasPermission(peerIp: string): boolean {
    return this.keeper.relay.hasPermission(peerIp, this.env.timers.now());
  }

  /**
   * Sends `data` to `peer` through the relay: as ChannelData when a channel is bound to the peer (§12.5), else as
   * a Send indication (§11.1). Returns false (and sends nothing) unless allocated. The server drops data to a peer
   * without a permission.
   */
  send(peer: TransportAddress, data: Uint8Array): boolean {
    if (this.stateValue !== 'allocated') return false;
    const channel = this.keeper.relay.channelFor(peer, this.env.timers.now());
    if (channel !== undefined) {
      this.stats.channelDataOut++;
      return this.transport.send(encodeChannelData(channel, data));
    }
    const ind = StunMessage.indication(StunMethod.Send, newTransactionId(this.env.random))
      .add('XOR-PEER-ADDRESS', toStunAddress(peer))
      .add('DATA', data);
    this.stats.sendIndicationsOut++;
    return this.transport.send(encode(ind, { fingerprint: true }));
  }

  /**
   * For demux 'external': offers a datagram that arrived on the shared socket. Returns true when it was TURN
   * traffic from the server and was consumed; false when the caller should handle it.
   */
  handleDatagram(msg: Uint8Array, rinfo: RemoteInfo): boolean {
    return this.transport.handleDatagram(msg, rinfo);
  }

  /**
   * Deletes the allocation (Refresh LIFETIME 0, §8.1), then closes the transaction layer and an owned socket.
   * `callback` runs once closed.
   */
  close(callback?: () => void): void {
    if (this.stateValue === 'closing' || this.stateValue === 'closed') return;
    const wasAllocated = this.stateValue === 'allocated';
    this.stateValue = 'closing';
    this.abandonAllocate?.();
    this.keeper.stop();
    const finish = (): void => {
      this.transport.close();
      this.stateValue = 'closed';
      this.trace('closed', {});
      this.events.emit('closed');
      callback?.();
    };
    if (!wasAllocated) return finish();
    this.requester.send(StunMethod.Refresh, (m) => m.add('LIFETIME', 0), () => finish());
  }

  private requireAllocated(where: string): void {
    if (this.stateValue !== 'allocated') throw new TurnClientUsageError(`TurnClient.${where}`, `needs an allocation; the client is ${this.stateValue}`);
  }

  private lose(reason: string): void {
    if (this.stateValue !== 'allocated') return;
    this.stateValue = 'lost';
    this.trace('allocation-lost', { reason });
    this.events.emit('allocation-lost', reason);
  }

  /** A datagram from the server that is not a transaction's response: ChannelData or a Data indication. */
  private fromServer(bytes: Uint8Array): boolean {
    const v = classifyFromServer(bytes, (ch) => this.keeper.relay.peerFor(ch));
    if (v.kind === 'other') return false;
    if (v.kind === 'drop') {
      this.stats.dropped++;
      this.trace('dropped', { detail: v.detail });
      return true;
    }
    if (v.via === 'channel') this.stats.channelDataIn++;
    else this.stats.dataIndicationsIn++;
    this.events.emit('data', v.peer, v.data, v.via);
    return true;
  }

  private trace(event: string, data: Record<string, unknown>): void {
    this.env.emit(this.config.agent, event, data);
  }
}

/** The client's 'allocated' event: relayed, mapped, lifetimeS; plus relayed6 and addressError for dual requests. */
function allocatedTraceData(a: TurnAllocation): Record<string, unknown> {
  const data: Record<string, unknown> = { relayed: addressText(a.relayed), mapped: addressText(a.mapped), lifetimeS: a.lifetimeS };
  if (a.relayedAddresses.length > 1) data.relayed6 = addressText(a.relayedAddresses[1]);
  if (a.addressError) data.addressError = `IPv${a.addressError.family} ${a.addressError.code}`;
  return data;
}

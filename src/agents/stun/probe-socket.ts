/**
 * ProbeSocket: a fresh local port with a StunClient on it, and the one request discovery needs: a Binding request
 * with optional CHANGE-REQUEST / RESPONSE-PORT (RFC 5780 §7.2, §7.5) whose outcome is reduced to what the tests
 * read: mapped address, OTHER-ADDRESS, RESPONSE-ORIGIN, an error code, or no response.
 */
import { StunMessage, StunMethod } from '../../protocols/stun';
import type { HostEnv } from '../../net/host-env';
import type { UdpSocketLike } from '../../net/udp-socket.types';
import { StunClient, StunInboundPacket } from './stun-client';
import type { StunTransaction } from './stun-transaction';
import type { StunTransactionInit } from './stun-transaction-timing';
import { socketFor, type TransportAddress } from './transport-address';

/** Attributes of a discovery Binding request. */
export interface BindingProbe {
  readonly changeIp?: boolean;
  readonly changePort?: boolean;
  /** RFC 5780 §7.5: ask for the response at this port of our public address. */
  readonly responsePort?: number;
}

/** What a Binding request came to. */
export type BindingOutcome =
  | {
    readonly kind: 'success';
    /** XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS from an old server). */
    readonly mapped: TransportAddress | undefined;
    readonly other: TransportAddress | undefined;
    readonly origin: TransportAddress | undefined;
    /** Where the response came from. */
    readonly from: TransportAddress;
  }
  | { readonly kind: 'error'; readonly code: number }
  /** No usable response (timeout, or the transaction failed). */
  | { readonly kind: 'none' };

/** A fresh UDP port for one discovery test. */
export class ProbeSocket {
  /** Packets no transaction of this socket claimed (a hairpinned request, a RESPONSE-PORT answer). */
  onUnmatched: ((packet: StunInboundPacket) => boolean) | undefined;
  readonly client: StunClient;
  private requests = 0;
  private readonly live = new Set<StunTransaction>();

  private constructor(private readonly env: HostEnv, readonly socket: UdpSocketLike, transaction: StunTransactionInit, agent: string) {
    this.client = new StunClient(env, socket, { transaction, agent, onUnmatched: (p) => this.onUnmatched?.(p) ?? false });
  }

  /**
   * Binds a new socket to an ephemeral port on every interface; `ready` runs once it is bound. The socket is of the
   * family of `server` (udp6 for an IPv6 server).
   */
  static open(env: HostEnv, transaction: StunTransactionInit, agent: string, ready: (probe: ProbeSocket) => void, server?: string): ProbeSocket {
    const socket = server === undefined ? env.createSocket() : socketFor(env, server);
    const probe = new ProbeSocket(env, socket, transaction, agent);
    socket.on('error', (err: Error) => env.emit(agent, 'socket-error', { error: err.message }));
    socket.bind(0, undefined, () => ready(probe));
    return probe;
  }

  /** Local port (after bind). */
  get port(): number {
    return this.socket.address().port;
  }

  /** Binding transactions started on this socket. */
  get transactions(): number {
    return this.requests;
  }

  /** Sends a Binding request to `to`; `done` gets the outcome once. */
  binding(to: TransportAddress, probe: BindingProbe, done: (outcome: BindingOutcome) => void): StunTransaction {
    const req = StunMessage.request(StunMethod.Binding, this.client.newTransactionId());
    if (probe.changeIp || probe.changePort) req.add('CHANGE-REQUEST', { changeIp: !!probe.changeIp, changePort: !!probe.changePort });
    if (probe.responsePort !== undefined) req.add('RESPONSE-PORT', probe.responsePort);
    this.requests++;
    const tx = this.client.request(req, to.address, to.port, {
      onResponse: (res, rinfo) => {
        this.live.delete(tx);
        if (res.class === 'error') return done({ kind: 'error', code: res.get('ERROR-CODE')?.code ?? 0 });
        const addr = (a: { address: string; port: number } | undefined) => (a ? { address: a.address, port: a.port } : undefined);
        done({
          kind: 'success',
          mapped: addr(res.get('XOR-MAPPED-ADDRESS') ?? res.get('MAPPED-ADDRESS')),
          other: addr(res.get('OTHER-ADDRESS')),
          origin: addr(res.get('RESPONSE-ORIGIN')),
          from: { address: rinfo.address, port: rinfo.port },
        });
      },
      onTimeout: () => {
        this.live.delete(tx);
        done({ kind: 'none' });
      },
    });
    this.live.add(tx);
    return tx;
  }

  /** Sends a Binding indication (no response; used to refresh or prime a mapping, RFC 8489 §6.2). */
  indicate(to: TransportAddress): void {
    this.client.indicate(StunMessage.indication(StunMethod.Binding, this.client.newTransactionId()), to.address, to.port);
  }

  /** Cancels outstanding transactions (no callbacks) and closes the socket. */
  close(): void {
    this.onUnmatched = undefined;
    for (const tx of this.live) tx.cancel();
    this.live.clear();
    this.client.close();
    this.socket.close();
  }
}

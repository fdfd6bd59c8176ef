/**
 * StunClient: the STUN transaction layer over one UDP socket (RFC 8489 §6.2.1, §6.3). It sends requests with the
 * retransmission schedule, matches responses by transaction id, ignores late, duplicate and unrelated responses,
 * keeps at most 10 transactions outstanding per server (queueing the rest), and hands every packet that is not a
 * response to one of its transactions to the owner. Callback-driven: no Promises on the packet path. Used by the
 * discovery client, and meant for the TURN client and the ICE agent.
 */
import type { StunClientEventName } from './stun-client-events';
import {
  decode, encode, transactionIdHex, newTransactionId, DecodedStunMessage, EncodeInit, IntegrityInit, StunDecodeError,
  StunMessageBase,
} from '../../protocols/stun';
import type { HostEnv } from '../../net/host-env';
import type { RemoteInfo, UdpSocketLike } from '../../net/udp-socket.types';
import { StunClientUsageError } from './errors';
import { RecentTransactions } from './recent-transactions';
import { checkResponse, ResponseVerification } from './stun-response-check';
import { StunTransaction, StunTransactionHandlers, TransactionDriver } from './stun-transaction';
import { resolveTransactionTiming, StunTransactionInit, StunTransactionTiming } from './stun-transaction-timing';
import { formatTransportAddress, TransportAddress } from './transport-address';

/** RFC 8489 §6.2.1: a client SHOULD NOT have more than 10 outstanding transactions to one server. */
export const MAX_OUTSTANDING_PER_SERVER = 10;

/** Error codes a verifying client still processes without MESSAGE-INTEGRITY (see StunRequestOptions). */
export const DEFAULT_UNAUTHENTICATED_ERRORS: readonly number[] = Object.freeze([400, 401, 420, 438]);

/** A datagram that no transaction of this client claimed. */
export interface StunInboundPacket {
  /** The datagram as received. */
  readonly bytes: Uint8Array;
  readonly rinfo: RemoteInfo;
  /** The decoded STUN message, when the bytes are STUN. */
  readonly message?: DecodedStunMessage;
  /** Why decoding failed, when it did (not STUN, or malformed). */
  readonly decodeError?: StunDecodeError;
}

/** Options of a StunClient. Every field is optional. */
export interface StunClientInit {
  /** Default retransmission parameters for request(); each request may override them. @default RFC 8489 values */
  transaction?: StunTransactionInit;
  /** Most transactions outstanding to one server (address:port) at once; the rest wait in order. @default 10 */
  maxOutstandingPerServer?: number;
  /**
   * Listen for 'message' on the socket. Set false when the owner reads the socket itself (to demultiplex TURN
   * ChannelData, DTLS, ...) and passes STUN packets to receive().
   * @default true
   */
  listen?: boolean;
  /**
   * Called with every packet that is not a response to one of this client's transactions: requests and
   * indications (ICE checks, TURN Data indications), responses with an unknown transaction id, and non-STUN
   * bytes. Return true when handled; unhandled packets are traced as 'ignored'. Only used with `listen`.
   * @default none (such packets are traced as ignored)
   */
  onUnmatched?: (packet: StunInboundPacket) => boolean | void;
  /** Agent name on trace events. @default 'stun-client' */
  agent?: string;
  /**
   * Sends requests and indications some other way than `socket.send` (through a TURN allocation, say, for an ICE
   * relayed candidate). Responses still come in through the socket or receive(). Throwing reports 'send-error'.
   * @default socket.send
   */
  send?: (bytes: Uint8Array, address: string, port: number) => void;
}

/** Per-request options: retransmission overrides and message security. */
export interface StunRequestOptions extends StunTransactionInit {
  /** Sign the request with MESSAGE-INTEGRITY(-SHA256) (short-term or long-term key, RFC 8489 §9). @default none */
  integrity?: IntegrityInit;
  /** Append FINGERPRINT (RFC 8489 §14.7). @default false */
  fingerprint?: boolean;
  /**
   * Key responses must verify with (RFC 8489 §9.1.4 / §9.2.5): responses whose integrity does not verify are
   * dropped as if never received and retransmission continues. `null` disables verification.
   * @default integrity.key when `integrity` is given, else no verification
   */
  verifyKey?: Uint8Array | null;
  /**
   * Error responses processed even without MESSAGE-INTEGRITY while verifying: a server cannot sign a 401 or 438
   * when the credentials or nonce are the problem (RFC 8489 §9.2.5 handles both), nor a 400/420 for a request it
   * could not parse.
   * @default [400, 401, 420, 438]
   */
  unauthenticatedErrors?: readonly number[];
}

/** Outstanding and queued transactions to one server. */
interface ServerSlot {
  active: number;
  readonly queue: StunTransaction[];
}

/** The STUN client transaction layer on one socket. */
export class StunClient {
  private readonly agent: string;
  private readonly defaults: StunTransactionTiming;
  private readonly maxOutstanding: number;
  /** Transactions not yet ended. key: transaction id hex. */
  private readonly live = new Map<string, StunTransaction>();
  /** Verification settings of live transactions. key: transaction id hex. */
  private readonly verification = new Map<string, ResponseVerification | undefined>();
  /** key: formatTransportAddress(server). */
  private readonly slots = new Map<string, ServerSlot>();
  private readonly recent = new RecentTransactions(256);
  private readonly driver: TransactionDriver;
  private readonly listener: ((msg: Buffer, rinfo: RemoteInfo) => void) | undefined;
  private closed = false;

  /**
   * @param env timers, randomness (transaction ids) and trace events of the host the client runs on
   * @param socket the socket requests go out on and responses come back to
   */
  constructor(
    private readonly env: Pick<HostEnv, 'timers' | 'random' | 'emit'>,
    readonly socket: UdpSocketLike,
    private readonly init: StunClientInit = {},
  ) {
    this.agent = init.agent ?? 'stun-client';
    this.defaults = resolveTransactionTiming(init.transaction, undefined, 'StunClientInit.transaction');
    this.maxOutstanding = init.maxOutstandingPerServer ?? MAX_OUTSTANDING_PER_SERVER;
    if (!Number.isInteger(this.maxOutstanding) || this.maxOutstanding < 1) {
      throw new StunClientUsageError('StunClientInit.maxOutstandingPerServer', `must be a whole number >= 1, got ${this.maxOutstanding}`);
    }
    this.driver = {
      timers: env.timers,
      transmit: (tx) => this.transmit(tx),
      settled: (tx) => this.settled(tx),
      trace: (event, data) => this.note(event, data),
    };
    if (init.listen ?? true) {
      this.listener = (msg, rinfo) => this.dispatch(msg, rinfo);
      socket.on('message', this.listener);
    }
  }

  /** A fresh random transaction id (RFC 8489 §5) from the host's random source. */
  newTransactionId(): Uint8Array {
    return newTransactionId(this.env.random);
  }

  /**
   * Starts a transaction: sends `message` (a request) to address:port now, or queues it while 10 transactions to
   * that server are outstanding. Handlers are called at most once, never synchronously from this call.
   * @throws StunClientUsageError for a non-request, a transaction id already in use, bad options or a closed client
   */
  request(message: StunMessageBase, address: string, port: number, handlers: StunTransactionHandlers,
    options: StunRequestOptions = {}): StunTransaction {
    if (this.closed) throw new StunClientUsageError('request', 'the client is closed');
    if (message.class !== 'request') throw new StunClientUsageError('request(message)', `must be a request, got a ${message.class}`);
    const idHex = transactionIdHex(message.transactionId);
    if (this.live.has(idHex)) throw new StunClientUsageError('request(message)', `transaction ${idHex} is already outstanding`);
    const timing = resolveTransactionTiming(options, this.defaults, 'request(options)');
    const bytes = encode(message, encodeOptions(options));
    const server: TransportAddress = { address, port };
    const tx = new StunTransaction(this.driver, idHex, message, bytes, server, timing, handlers);
    this.live.set(idHex, tx);
    this.verification.set(idHex, verification(options));
    const slot = this.slot(server);
    if (slot.active < this.maxOutstanding) {
      slot.active++;
      tx.start();
    } else {
      slot.queue.push(tx);
      this.note('queued', { tx: idHex, to: formatTransportAddress(server), outstanding: slot.active });
    }
    return tx;
  }

  /** Sends an indication once (RFC 8489 §6.2: indications are never retransmitted). */
  indicate(message: StunMessageBase, address: string, port: number, options: Pick<StunRequestOptions, 'integrity' | 'fingerprint'> = {}): void {
    if (this.closed) throw new StunClientUsageError('indicate', 'the client is closed');
    if (message.class !== 'indication') throw new StunClientUsageError('indicate(message)', `must be an indication, got a ${message.class}`);
    this.sendBytes(encode(message, encodeOptions(options)), address, port, () => undefined);
  }

  /**
   * Offers a received datagram to the transactions. Returns true when it was a response to one of them (accepted,
   * or dropped as late, duplicate or unverifiable); false when it is the owner's to handle.
   */
  receive(bytes: Uint8Array, rinfo: RemoteInfo): boolean {
    const r = decode(bytes);
    if (!r.ok) return false;
    return this.receiveMessage(r.message, rinfo);
  }

  /** Transactions outstanding (sent, unanswered) to address:port. */
  outstanding(address: string, port: number): number {
    return this.slots.get(formatTransportAddress({ address, port }))?.active ?? 0;
  }

  /** Transactions waiting for a free slot to address:port. */
  queued(address: string, port: number): number {
    return this.slots.get(formatTransportAddress({ address, port }))?.queue.length ?? 0;
  }

  /**
   * Fails every live transaction with 'closed' (and `detail`, e.g. why a TCP connection ended) and stops
   * listening. The socket stays open (the owner's).
   */
  close(detail?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.listener) this.socket.off('message', this.listener);
    for (const tx of [...this.live.values()]) tx.fail(detail === undefined ? { reason: 'closed' } : { reason: 'closed', detail });
  }

  private dispatch(msg: Buffer, rinfo: RemoteInfo): void {
    const r = decode(msg);
    if (r.ok && this.receiveMessage(r.message, rinfo)) return;
    const packet: StunInboundPacket = r.ok ? { bytes: msg, rinfo, message: r.message } : { bytes: msg, rinfo, decodeError: r.error };
    if (this.init.onUnmatched?.(packet)) return;
    const reason = !r.ok ? 'not-stun' : r.message.class === 'request' || r.message.class === 'indication' ? `unexpected-${r.message.class}` : 'unknown-transaction';
    this.note('ignored', { reason, from: `${rinfo.address}:${rinfo.port}` });
  }

  /** Matches a decoded message to a transaction; true when it was consumed. */
  private receiveMessage(message: DecodedStunMessage, rinfo: RemoteInfo): boolean {
    if (message.class !== 'success' && message.class !== 'error') return false;
    const idHex = transactionIdHex(message.transactionId);
    const from = `${rinfo.address}:${rinfo.port}`;
    const tx = this.live.get(idHex);
    if (!tx || tx.state !== 'pending') {
      const past = this.recent.get(idHex);
      if (past === undefined) return false;
      // RFC 8489 §6.3: a response to a finished transaction is a retransmission's answer or a late one: ignore.
      this.note('ignored', { reason: past === 'answered' ? 'duplicate' : 'late', tx: idHex, from });
      return true;
    }
    const verdict = checkResponse(message, tx.request.method, this.verification.get(idHex));
    if (verdict.action === 'ignore') {
      this.note('ignored', { reason: verdict.reason, tx: idHex, from });
      return true;
    }
    if (verdict.action === 'fail') {
      const detail = verdict.unknownAttributes.map((t) => `0x${t.toString(16).padStart(4, '0')}`).join(', ');
      tx.fail({ reason: 'unknown-attributes', detail, unknownAttributes: verdict.unknownAttributes });
      return true;
    }
    const code = message.class === 'error' ? message.get('ERROR-CODE')?.code : undefined;
    this.note('response', { tx: idHex, from, class: message.class, ...(code !== undefined ? { code } : {}) });
    tx.resolve(message, rinfo);
    return true;
  }

  private transmit(tx: StunTransaction): void {
    this.sendBytes(tx.bytes, tx.server.address, tx.server.port, (detail) => tx.fail({ reason: 'send-error', detail }));
  }

  private sendBytes(bytes: Uint8Array, address: string, port: number, onError: (detail: string) => void): void {
    try {
      if (this.init.send) {
        this.init.send(bytes, address, port);
        return;
      }
      this.socket.send(bytes, port, address, (err) => {
        if (err) onError(err.message);
      });
    } catch (err) {
      // Report later, so request() never calls a handler before it returns.
      const detail = err instanceof Error ? err.message : String(err);
      this.env.timers.setTimeout(() => onError(detail), 0);
    }
  }

  private settled(tx: StunTransaction): void {
    this.live.delete(tx.idHex);
    this.verification.delete(tx.idHex);
    this.recent.add(tx.idHex, tx.state);
    const key = formatTransportAddress(tx.server);
    const slot = this.slots.get(key);
    if (!slot) return;
    const queuedAt = slot.queue.indexOf(tx);
    if (queuedAt >= 0) slot.queue.splice(queuedAt, 1);
    else slot.active--;
    while (slot.active < this.maxOutstanding && slot.queue.length > 0) {
      slot.active++;
      slot.queue.shift()!.start();
    }
    if (slot.active === 0 && slot.queue.length === 0) this.slots.delete(key);
  }

  private slot(server: TransportAddress): ServerSlot {
    const key = formatTransportAddress(server);
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { active: 0, queue: [] }));
    return slot;
  }

  /** Records one of the client's trace events under its agent name. */
  private note(event: StunClientEventName, data: Record<string, unknown>): void {
    this.env.emit(this.agent, event, data);
  }
}

function encodeOptions(options: Pick<StunRequestOptions, 'integrity' | 'fingerprint'>): EncodeInit {
  return { ...(options.integrity ? { integrity: options.integrity } : {}), fingerprint: options.fingerprint ?? false };
}

function verification(options: StunRequestOptions): ResponseVerification | undefined {
  const key = options.verifyKey === undefined ? options.integrity?.key : options.verifyKey;
  if (!key) return undefined;
  return { key, unauthenticatedErrors: options.unauthenticatedErrors ?? DEFAULT_UNAUTHENTICATED_ERRORS };
}

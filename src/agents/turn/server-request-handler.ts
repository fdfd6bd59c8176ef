/**
 * The server's request path (RFC 8656 §5-§12 over RFC 8489 §6.3): Binding answered without authentication (as
 * coturn does), TURN requests authenticated with the long-term mechanism (RFC 8489 §9.2.4: 401 with REALM+NONCE,
 * 438 with a fresh NONCE), 420 for unknown comprehension-required attributes, then the method itself. Responses
 * to authenticated requests carry MESSAGE-INTEGRITY with the user's key; all carry SOFTWARE and FINGERPRINT
 * when configured.
 */
import {
  MAX_UNKNOWN_ATTRIBUTES_LISTED,
  methodName,
  StunMessage,
  StunMethod,
  verifyIntegrity,
  type DecodedStunMessage,
} from '../../protocols/stun';
import {
  fiveTupleKey,
  handleAllocate,
  LongTermAuthenticator,
  NonceManager,
  addressFamily,
  type AllocationTable,
  type TransportAddress,
  type TurnFiveTuple,
  type TurnServerPolicy,
} from '../../protocols/turn';
import { addressText, toStunAddress } from './addresses';
import { allocatedData } from './server-families';
import type { ServerContext } from './server-context';
import { allocateRequestOf, allocateSuccess, isAllocationMethod, runAllocationMethod } from './server-methods';
import { encodeServerMessage, errorResponse, withSoftware, type ErrorAnswer } from './server-messages';

/** Ports tried per Allocate when relay ports turn out to be busy on the host (RFC 8656 §7.2; then 508). */
export const BUSY_PORT_ATTEMPTS = 8;

/** How long a port found busy is kept out of the pool, ms. */
export const BUSY_PORT_HOLD_MS = 60_000;

/** Answers the requests that arrive on the listening socket. */
export class ServerRequestHandler {
  private readonly auth: LongTermAuthenticator;
  private readonly policy: TurnServerPolicy;
  /** Relayed ports whose socket is still binding (their Allocate success is not sent yet). */
  private readonly bindingPorts = new Set<number>();
  /** key: relay port another program held when we tried to bind it -> when to give it back to the pool (ms). */
  private readonly busyPorts = new Map<number, number>();
  /** The listen address of the request being answered (answers leave from it). */
  private via: TransportAddress;

  constructor(private readonly ctx: ServerContext) {
    const nonces = new NonceManager({ random: ctx.env.random, lifetimeMs: ctx.config.nonceLifetimeMs });
    this.auth = new LongTermAuthenticator({ credentials: ctx.config.credentials, nonces });
    this.policy = ctx.config.policy;
    this.via = ctx.serverAddress;
  }

  private get table(): AllocationTable {
    return this.ctx.table;
  }

  /** Handles one decoded request from `from` that arrived on listen address `server`. */
  handle(m: DecodedStunMessage, from: TransportAddress, server: TransportAddress = this.ctx.serverAddress): void {
    this.ctx.stats.requests++;
    this.via = server;
    if (m.method === StunMethod.Binding) return this.answerBinding(m, from);
    if (m.method !== StunMethod.Allocate && !isAllocationMethod(m.method)) {
      return this.fail(m, from, { code: 400 }, undefined, `${methodName(m.method)} is not a TURN request method`);
    }
    const fiveTuple: TurnFiveTuple = this.ctx.fiveTuple(from, server);
    const now = this.ctx.now();
    const auth = this.auth.authenticate(
      {
        username: m.get('USERNAME'),
        realm: m.get('REALM'),
        nonce: m.get('NONCE'),
        hasIntegrity: m.has('MESSAGE-INTEGRITY') || m.has('MESSAGE-INTEGRITY-SHA256'),
      },
      (key) => verifyIntegrity(m, key),
      { now, nowUnixSeconds: this.ctx.config.unixSeconds(), scope: fiveTupleKey(fiveTuple) },
    );
    if (!auth.ok) return this.fail(m, from, auth, undefined, auth.reason);
    if (m.unknownRequired.length > 0) {
      const listed = m.unknownRequired.slice(0, MAX_UNKNOWN_ATTRIBUTES_LISTED);
      const more = m.unknownRequired.length - listed.length;
      const hexTypes = listed.map((t) => `0x${t.toString(16).padStart(4, '0')}`).join(', ') + (more > 0 ? ` and ${more} more` : '');
      return this.fail(m, from, { code: 420, unknownAttributes: m.unknownRequired }, auth.key, `unknown ${hexTypes}`);
    }
    if (m.method === StunMethod.Allocate) return this.allocate(m, from, fiveTuple, auth.username, auth.key);
    const r = runAllocationMethod(this.table, m, fiveTuple, auth.username, now, this.policy);
    if (!r.ok) return this.fail(m, from, r, auth.key, r.reason);
    if (r.deleted) this.ctx.allocationEnded(r.deleted);
    if (m.method === StunMethod.CreatePermission) this.ctx.stats.permissionRequests++;
    if (m.method === StunMethod.ChannelBind) this.ctx.stats.channelBinds++;
    this.succeed(r.response, from, auth.key);
    if (!r.deleted) this.ctx.trace(r.event, r.data);
    this.ctx.stateChanged();
  }

  /** Binding (RFC 8489 §3, §6.3.1): XOR-MAPPED-ADDRESS of the sender; no authentication. */
  private answerBinding(m: DecodedStunMessage, from: TransportAddress): void {
    if (m.unknownRequired.length > 0) {
      return this.fail(m, from, { code: 420, unknownAttributes: m.unknownRequired }, undefined, 'unknown attribute');
    }
    if (this.succeed(StunMessage.successResponse(m).add('XOR-MAPPED-ADDRESS', toStunAddress(from)), from, undefined)) {
      this.ctx.stats.bindingRequests++;
    }
  }

  /**
   * Allocate (RFC 8656 §7.2): the core decides; a new allocation's relay socket is bound before the success
   * response goes out. A port another program holds on the host is set aside and another one is tried, up to
   * BUSY_PORT_ATTEMPTS in all; only then (or for a reserved port) the allocation is removed and the answer is 508.
   */
  private allocate(m: DecodedStunMessage, from: TransportAddress, fiveTuple: TurnFiveTuple, username: string, key: Uint8Array, attempt = 1): void {
    this.releaseBusyPorts();
    const req = allocateRequestOf(m, fiveTuple, username, this.ctx.config.legacyAddressFamilyAttributes);
    const r = handleAllocate(this.table, req, this.ctx.now(), this.policy);
    if (!r.ok) return this.fail(m, from, r, key, r.reason);
    const port = r.relayed.port;
    if (r.replayed) {
      // A retransmission (§7.2): answer again, unless the first answer is still waiting for the relay socket.
      if (!this.bindingPorts.has(port)) this.succeed(allocateSuccess(m, r), from, key);
      return;
    }
    this.bindingPorts.add(port);
    this.ctx.stateChanged();
    this.ctx.relays.open(port, (err) => {
      this.bindingPorts.delete(port);
      if (err) {
        this.table.refresh({ fiveTuple, username, lifetimeS: 0 }, this.ctx.now());
        this.ctx.stateChanged();
        this.ctx.stats.relayPortsBusy++;
        this.ctx.trace('relay-port-busy', { client: addressText(from), port, attempt, detail: err.message });
        const retry = attempt < BUSY_PORT_ATTEMPTS && m.get('RESERVATION-TOKEN') === undefined && this.holdBusyPort(port);
        if (retry) return this.allocate(m, from, fiveTuple, username, key, attempt + 1);
        return this.fail(m, from, { code: 508 }, key, `relay port ${port} cannot be bound: ${err.message}`, fiveTuple.server);
      }
      this.ctx.stats.allocationsCreated++;
      this.succeed(allocateSuccess(m, r), from, key, fiveTuple.server);
      this.ctx.trace('allocated', allocatedData(from, username, r));
    }, r.allocation.relayedAddresses.map((a) => addressFamily(a.address)));
  }

  /** Takes a port found busy out of the pool for BUSY_PORT_HOLD_MS, so the retry gets another; false if not free. */
  private holdBusyPort(port: number): boolean {
    if (!this.table.ports.acquireSpecific(port)) return false;
    this.busyPorts.set(port, this.ctx.now() + BUSY_PORT_HOLD_MS);
    return true;
  }

  /** Gives back busy ports whose hold ended (in hold order, so this stops at the first still held). */
  private releaseBusyPorts(): void {
    const now = this.ctx.now();
    for (const [port, until] of this.busyPorts) {
      if (until > now) return;
      this.busyPorts.delete(port);
      this.table.ports.release(port);
    }
  }

  /** Sends a success response (signed when the request authenticated; else charged to the amplification budget). */
  private succeed(response: StunMessage, to: TransportAddress, key: Uint8Array | undefined, via = this.via): boolean {
    const msg = withSoftware(response, this.ctx.config.software);
    if (!this.ctx.send(encodeServerMessage(msg, key, this.ctx.config.fingerprint), to, key === undefined, via)) return false;
    this.ctx.stats.successResponses++;
    return true;
  }

  /** Sends an error response (signed when the request authenticated) and traces why. */
  private fail(m: DecodedStunMessage, to: TransportAddress, answer: ErrorAnswer, key: Uint8Array | undefined, reason: string, via = this.via): void {
    const stats = this.ctx.stats;
    const msg = errorResponse(m, answer, this.ctx.config.software);
    if (!this.ctx.send(encodeServerMessage(msg, key, this.ctx.config.fingerprint), to, key === undefined, via)) return;
    stats.errorResponses[answer.code] = (stats.errorResponses[answer.code] ?? 0) + 1;
    this.ctx.trace('error-response', { client: addressText(to), method: methodName(m.method), code: answer.code, reason });
  }
}

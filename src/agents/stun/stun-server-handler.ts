/**
 * The Binding server's decision for one datagram, as a pure function: which socket answers, to where, with what
 * message, or why the datagram is discarded. RFC 8489 §6.3 (processing a request), §9.1.3 (short-term auth),
 * RFC 5780 §6.1 (CHANGE-REQUEST, RESPONSE-PORT, PADDING, RESPONSE-ORIGIN, OTHER-ADDRESS). Never throws on input.
 */
import {
  decode, errorCode, shortTermKey, verifyFingerprint, verifyIntegrity, ATTRIBUTE_CODE, DecodedStunMessage,
  MAX_UNKNOWN_ATTRIBUTES_LISTED, StunHeaderInfo, StunMessage, StunMethod,
} from '../../protocols/stun';
import type { RemoteInfo } from '../../net/udp-socket.types';
import type { StunServerConfig } from './stun-server-config';
import { familyOf, type TransportAddress } from './transport-address';

/** Why the server refused or dropped a datagram (closed set; each is counted in StunServerStats.byReason). */
export const STUN_SERVER_REJECT_REASONS = [
  /** Not a STUN message at all (header unreadable): discarded silently. */
  'not-stun',
  /** A STUN header with a malformed body: 400 for a request, else discarded. */
  'malformed',
  /** FINGERPRINT present but wrong (RFC 8489 §7): discarded. */
  'bad-fingerprint',
  /** A success or error response sent to the server: discarded. */
  'not-a-request',
  /** A request of a method other than Binding (400), or such an indication (discarded). */
  'unknown-method',
  /** Unknown comprehension-required attributes (RFC 8489 §6.3.1): 420 + UNKNOWN-ATTRIBUTES. */
  'unknown-attributes',
  /** CHANGE-REQUEST without a second address and port (RFC 5780 §6.1): 420. */
  'change-request-unsupported',
  /** PADDING together with RESPONSE-PORT (RFC 5780 §6.1): 400. */
  'padding-with-response-port',
  /** RESPONSE-PORT 0: 400. */
  'bad-response-port',
  /** Authentication required but USERNAME or MESSAGE-INTEGRITY missing (RFC 8489 §9.1.3): 400. */
  'missing-credentials',
  /** USERNAME unknown (RFC 8489 §9.1.3): 401. */
  'unknown-username',
  /** MESSAGE-INTEGRITY does not verify (RFC 8489 §9.1.3): 401. */
  'bad-integrity',
  /** The socket refused to send the response. */
  'send-failed',
  /** A request over its source IP's request rate (StunServerInit.requestsPerSecondPerSource): dropped before decoding. */
  'rate-limited',
  /** A bug caught at the server's boundary; the datagram is dropped and the server keeps running. */
  'internal-error',
] as const;

/** One of STUN_SERVER_REJECT_REASONS. */
export type StunServerRejectReason = (typeof STUN_SERVER_REJECT_REASONS)[number];

/** What to do with a datagram. */
export type ServerDecision =
  /** Send `message` from socket `via` to `to`; `rejected` is set for error responses. */
  | { readonly kind: 'reply'; readonly via: number; readonly to: TransportAddress; readonly message: StunMessage;
    readonly key?: Uint8Array; readonly rejected?: StunServerRejectReason }
  /** Drop it, counted under `reason`. */
  | { readonly kind: 'discard'; readonly reason: StunServerRejectReason }
  /** A Binding indication (a keepalive, RFC 8489 §6.3.2): nothing to send. */
  | { readonly kind: 'indication' };

/** Where the datagram arrived and the server's sockets. */
export interface ServerContext {
  readonly config: StunServerConfig;
  /** Local address of each socket; index = addressIndex × ports.length + portIndex. */
  readonly sockets: readonly TransportAddress[];
  /** Index of the socket it arrived on. */
  readonly arrivedOn: number;
}

const CHANGE_REQUEST = ATTRIBUTE_CODE['CHANGE-REQUEST'];

/** The decision for one datagram `bytes` from `rinfo`. */
export function decideBinding(ctx: ServerContext, bytes: Uint8Array, rinfo: RemoteInfo): ServerDecision {
  const r = decode(bytes);
  if (!r.ok) {
    const header = r.error.header;
    if (header?.class === 'request') return errorReply(ctx, header, rinfo, 400, 'malformed', clip(`Bad Request: ${r.error.message}`));
    return { kind: 'discard', reason: header ? 'malformed' : 'not-stun' };
  }
  const m = r.message;
  if (m.has('FINGERPRINT') && !verifyFingerprint(m)) return { kind: 'discard', reason: 'bad-fingerprint' };
  if (m.class === 'indication') return m.method === StunMethod.Binding ? { kind: 'indication' } : { kind: 'discard', reason: 'unknown-method' };
  if (m.class !== 'request') return { kind: 'discard', reason: 'not-a-request' };
  if (m.method !== StunMethod.Binding) return errorReply(ctx, m, rinfo, 400, 'unknown-method', 'Bad Request: only Binding is served');
  const auth = authenticate(ctx, m, rinfo);
  if (auth.kind !== 'ok') return auth;
  const key = auth.key;
  const unknown = [...m.unknownRequired];
  // RFC 5780 §6.1: a server without a second address and port answers CHANGE-REQUEST with 420.
  if (ctx.config.mode === 'basic' && m.has('CHANGE-REQUEST')) unknown.push(CHANGE_REQUEST);
  if (unknown.length > 0) {
    const reason = unknown.length === 1 && unknown[0] === CHANGE_REQUEST ? 'change-request-unsupported' : 'unknown-attributes';
    const msg = StunMessage.errorResponse(m, 420).add('UNKNOWN-ATTRIBUTES', unknown.slice(0, MAX_UNKNOWN_ATTRIBUTES_LISTED));
    return reply(ctx, msg, ctx.arrivedOn, { address: rinfo.address, port: rinfo.port }, key, reason);
  }
  if (m.has('PADDING') && m.has('RESPONSE-PORT')) {
    return errorReply(ctx, m, rinfo, 400, 'padding-with-response-port', 'Bad Request: PADDING with RESPONSE-PORT', key);
  }
  if (m.get('RESPONSE-PORT') === 0) return errorReply(ctx, m, rinfo, 400, 'bad-response-port', 'Bad Request: RESPONSE-PORT 0', key);
  return success(ctx, m, rinfo, key);
}

/** RFC 8489 §9.1.3: the key of an authenticated request, or the 400/401 reply. No credentials = no auth. */
function authenticate(ctx: ServerContext, m: DecodedStunMessage, rinfo: RemoteInfo): ServerDecision | { kind: 'ok'; key?: Uint8Array } {
  const lookup = ctx.config.credentials;
  if (!lookup) return { kind: 'ok' };
  const username = m.get('USERNAME');
  const hasMac = m.has('MESSAGE-INTEGRITY') || m.has('MESSAGE-INTEGRITY-SHA256');
  if (username === undefined || !hasMac) {
    return errorReply(ctx, m, rinfo, 400, 'missing-credentials', 'Bad Request: USERNAME and MESSAGE-INTEGRITY required');
  }
  const password = lookup(username);
  if (password === undefined) return errorReply(ctx, m, rinfo, 401, 'unknown-username');
  const key = shortTermKey(password);
  if (!verifyIntegrity(m, key)) return errorReply(ctx, m, rinfo, 401, 'bad-integrity');
  return { kind: 'ok', key };
}

/** The Binding success response (RFC 8489 §6.3.1.1 with RFC 5780 §6.1's additions). */
function success(ctx: ServerContext, m: DecodedStunMessage, rinfo: RemoteInfo, key: Uint8Array | undefined): ServerDecision {
  const { config, sockets, arrivedOn } = ctx;
  const nPorts = config.ports.length;
  const change = m.get('CHANGE-REQUEST');
  // RFC 5780 §6.1 table: change IP -> the other address (Ca), change port -> the other port (Cp).
  const via = config.mode === 'rfc5780' && change
    ? index(nPorts, addressIndex(nPorts, arrivedOn) ^ (change.changeIp ? 1 : 0), (arrivedOn % nPorts) ^ (change.changePort ? 1 : 0))
    : arrivedOn;
  const mapped = { family: familyOf(rinfo.address), address: rinfo.address, port: rinfo.port };
  const msg = StunMessage.successResponse(m).add('XOR-MAPPED-ADDRESS', mapped);
  if (config.mode === 'rfc5780') msg.add('MAPPED-ADDRESS', mapped);
  msg.add('RESPONSE-ORIGIN', { family: familyOf(sockets[via].address), ...sockets[via] });
  const other = sockets[otherAddressIndex(nPorts, arrivedOn)];
  if (config.mode === 'rfc5780') msg.add('OTHER-ADDRESS', { family: familyOf(other.address), ...other });
  // RFC 5780 §6.1 pads to the MTU; padding only as much as the request did keeps an unauthenticated 24-byte request
  // with an empty PADDING from buying a 1.5 KB answer (amplification). A client probing fragmentation pads its request.
  const padding = m.get('PADDING');
  if (padding) msg.add('PADDING', new Uint8Array(Math.min(config.paddingLength, (padding.length + 3) & ~3)));
  // RFC 5780 §7.5: RESPONSE-PORT sends the response to the request's source IP at that port.
  const to = { address: rinfo.address, port: m.get('RESPONSE-PORT') ?? rinfo.port };
  return reply(ctx, msg, via, to, key);
}

function errorReply(ctx: ServerContext, req: StunHeaderInfo | DecodedStunMessage, rinfo: RemoteInfo, code: number,
  reason: StunServerRejectReason, phrase?: string, key?: Uint8Array): ServerDecision {
  const msg = new StunMessage('error', req.method, req.transactionId).add('ERROR-CODE', errorCode(code, phrase));
  return reply(ctx, msg, ctx.arrivedOn, { address: rinfo.address, port: rinfo.port }, key, reason);
}

function reply(ctx: ServerContext, msg: StunMessage, via: number, to: TransportAddress, key?: Uint8Array,
  rejected?: StunServerRejectReason): ServerDecision {
  if (ctx.config.software) msg.add('SOFTWARE', ctx.config.software);
  return { kind: 'reply', via, to, message: msg, ...(key ? { key } : {}), ...(rejected ? { rejected } : {}) };
}

/**
 * The socket OTHER-ADDRESS names for a request that arrived on socket `arrivedOn`: always the alternate address A2,
 * with the port the request did not arrive on. For a request to A1 (the only address RFC 5780 §4 sends
 * CHANGE-REQUEST to) this is exactly §7.4's "source of a change-IP-and-port response": A1:P1 -> A2:P2,
 * A1:P2 -> A2:P1. For a request to A2 it stays on A2 (A2:P1 -> A2:P2), as coturn's server does, because coturn's
 * turnutils_natdiscovery sends mapping Test III to the OTHER-ADDRESS of the Test II response (from A2:P1) and
 * §4.3 wants Test III at A2:P2; the literal §7.4 value (A1:P2) would make it report address-and-port-dependent
 * mapping behind an address-dependent NAT. Clients that follow §4.3 use Test I's OTHER-ADDRESS and see no
 * difference. See docs/discovery.md.
 */
export function otherAddressIndex(nPorts: number, arrivedOn: number): number {
  return index(nPorts, 1, (arrivedOn % nPorts) ^ 1);
}

function index(nPorts: number, addressIdx: number, portIdx: number): number {
  return addressIdx * nPorts + portIdx;
}

function addressIndex(nPorts: number, socketIndex: number): number {
  return Math.floor(socketIndex / nPorts);
}

/** Reason phrases must stay under 128 characters (RFC 8489 §14.8). */
function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

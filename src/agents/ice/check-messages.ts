/**
 * STUN messages of ICE connectivity checks (RFC 8445 §7.1-§7.3, §11): building Binding requests with short-term
 * credentials, their success and error responses, keepalive indications, and authenticating a received request.
 */
import {
  StunMessage,
  StunMethod,
  encode,
  verifyFingerprint,
  verifyIntegrity,
  type DecodedStunMessage,
} from '../../protocols/stun';
import type { BindingRequestFields, RoleAttribute, TransportAddress } from '../../protocols/ice';
import type { KeyCache } from './key-cache';

/** The credentials a check is sent with (RFC 8445 §7.2.2): USERNAME = "remoteUfrag:localUfrag", key = remote pwd. */
export interface CheckCredentials {
  readonly localUfrag: string;
  readonly remoteUfrag: string;
  readonly remotePwd: string;
}

/**
 * A connectivity-check Binding request (RFC 8445 §7.1): USERNAME, PRIORITY, ICE-CONTROLLING/ICE-CONTROLLED with
 * the tie-breaker, USE-CANDIDATE when nominating, MESSAGE-INTEGRITY with the remote password, and FINGERPRINT
 * (mandatory for ICE, §7.1 / RFC 8489 §14.7).
 */
export function encodeCheckRequest(txid: Uint8Array, fields: BindingRequestFields, creds: CheckCredentials, keys: KeyCache): Uint8Array {
  const msg = StunMessage.request(StunMethod.Binding, txid)
    .add('USERNAME', `${creds.remoteUfrag}:${creds.localUfrag}`)
    .add('PRIORITY', fields.priority)
    .add(fields.roleAttribute, fields.tieBreaker);
  if (fields.useCandidate) msg.add('USE-CANDIDATE');
  return encode(msg, { integrity: { key: keys.key(creds.remotePwd) }, fingerprint: true });
}

/**
 * The success response to a check (RFC 8445 §7.3.1.2): XOR-MAPPED-ADDRESS = the request's source, signed with the
 * local password (the key the request was checked with, RFC 8489 §9.1.4), plus FINGERPRINT.
 */
export function encodeCheckSuccess(request: DecodedStunMessage, source: TransportAddress, localPwd: string, keys: KeyCache): Uint8Array {
  const msg = StunMessage.successResponse(request).add('XOR-MAPPED-ADDRESS', { family: source.address.includes(':') ? 6 : 4, address: source.address, port: source.port });
  return encode(msg, { integrity: { key: keys.key(localPwd) }, fingerprint: true });
}

/**
 * An error response (RFC 8489 §6.3.1.1): 487 Role Conflict is authenticated (RFC 8445 §7.3.1.1); 400 and 401 for
 * requests that failed authentication are not (RFC 8489 §9.1.3).
 */
export function encodeCheckError(request: DecodedStunMessage, code: number, localPwd: string | undefined, keys: KeyCache): Uint8Array {
  const msg = StunMessage.errorResponse(request, code);
  return encode(msg, { ...(localPwd !== undefined ? { integrity: { key: keys.key(localPwd) } } : {}), fingerprint: true });
}

/** A keepalive (RFC 8445 §11): a Binding indication with FINGERPRINT only, no authentication. */
export function encodeKeepalive(txid: Uint8Array): Uint8Array {
  return encode(StunMessage.indication(StunMethod.Binding, txid), { fingerprint: true });
}

/** A received Binding request that passed the checks of RFC 8445 §7.3 / RFC 8489 §9.1.3. */
export interface AuthenticatedCheck {
  readonly ok: true;
  /** Our ufrag: the part of USERNAME before the colon. */
  readonly localUfrag: string;
  /** The peer's ufrag: the part after the colon. */
  readonly remoteUfrag: string;
  readonly priority: number;
  readonly useCandidate: boolean;
  readonly role?: { readonly attr: RoleAttribute; readonly tieBreaker: bigint };
}

/** Why a request was refused, with the error code to answer (undefined: drop silently). */
export interface RejectedCheck {
  readonly ok: false;
  readonly code?: 400 | 401 | 420;
  readonly reason: string;
}

/**
 * Authenticates a Binding request against our password for the ufrag it names (RFC 8489 §9.1.3): missing
 * USERNAME, MESSAGE-INTEGRITY or PRIORITY ⇒ 400; unknown ufrag or bad integrity ⇒ 401; bad FINGERPRINT ⇒ drop.
 * @param passwordFor our password for a local ufrag, or undefined when the ufrag is not ours
 */
export function authenticateCheck(req: DecodedStunMessage, passwordFor: (ufrag: string) => string | undefined, keys: KeyCache): AuthenticatedCheck | RejectedCheck {
  if (!req.has('FINGERPRINT') || !verifyFingerprint(req)) return { ok: false, reason: 'missing or bad FINGERPRINT' };
  const username = req.get('USERNAME');
  if (username === undefined || !req.has('MESSAGE-INTEGRITY')) return { ok: false, code: 400, reason: 'no USERNAME or MESSAGE-INTEGRITY' };
  const colon = username.indexOf(':');
  const localUfrag = colon < 0 ? username : username.slice(0, colon);
  const pwd = passwordFor(localUfrag);
  if (pwd === undefined) return { ok: false, code: 401, reason: `unknown ufrag '${localUfrag}'` };
  if (!verifyIntegrity(req, keys.key(pwd))) return { ok: false, code: 401, reason: 'MESSAGE-INTEGRITY does not verify' };
  if (req.unknownRequired.length > 0) return { ok: false, code: 420, reason: 'unknown comprehension-required attributes' };
  const priority = req.get('PRIORITY');
  if (priority === undefined) return { ok: false, code: 400, reason: 'no PRIORITY (RFC 8445 §7.1.1)' };
  const controlling = req.get('ICE-CONTROLLING');
  const controlled = req.get('ICE-CONTROLLED');
  const role =
    controlling !== undefined
      ? { attr: 'ICE-CONTROLLING' as const, tieBreaker: controlling }
      : controlled !== undefined
        ? { attr: 'ICE-CONTROLLED' as const, tieBreaker: controlled }
        : undefined;
  return {
    ok: true,
    localUfrag,
    remoteUfrag: colon < 0 ? '' : username.slice(colon + 1),
    priority,
    useCandidate: req.has('USE-CANDIDATE'),
    ...(role ? { role } : {}),
  };
}

/** True when a response carries a FINGERPRINT that verifies and a MESSAGE-INTEGRITY made with `pwd` (RFC 8445 §7.2.5). */
export function responseAuthentic(res: DecodedStunMessage, pwd: string, keys: KeyCache): boolean {
  if (!res.has('FINGERPRINT') || !verifyFingerprint(res)) return false;
  return res.has('MESSAGE-INTEGRITY') && verifyIntegrity(res, keys.key(pwd));
}

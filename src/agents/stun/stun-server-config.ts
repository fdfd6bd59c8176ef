/**
 * Options of the STUN Binding server and their validation. With two addresses and two ports the server runs in
 * RFC 5780 mode (four sockets A1:P1, A1:P2, A2:P1, A2:P2; §6); otherwise it is a plain RFC 8489 Binding server
 * that answers CHANGE-REQUEST with 420 and sends no OTHER-ADDRESS (RFC 5780 §6.1).
 */
import { ipFamily } from '../../net/address';
import { StunServerConfigError } from './errors';

/** Where the server looks up short-term passwords: a table (key: username, value: password) or a function. */
export type ShortTermCredentials = Readonly<Record<string, string>> | ((username: string) => string | undefined);

/** A StunServer's agent name on trace events unless StunServerInit.agent says otherwise. */
export const STUN_SERVER_AGENT = 'stun-server';

/** Options of a StunServer. Every field is optional. */
export interface StunServerInit {
  /**
   * Addresses to serve on (addresses of the host). Two addresses together with two ports = RFC 5780 mode.
   * @default [the host's first address]
   */
  addresses?: readonly string[];
  /**
   * UDP ports to serve on, on every address (RFC 8489 §18.4: 3478).
   * @default [3478]
   */
  ports?: readonly number[];
  /** SOFTWARE attribute on every response (RFC 8489 §14.14); '' sends none. @default 'natsim' */
  software?: string;
  /** FINGERPRINT on every response (RFC 8489 §14.7). @default true */
  fingerprint?: boolean;
  /**
   * Require short-term credentials on every request (RFC 8489 §9.1.3): 400 without USERNAME + MESSAGE-INTEGRITY,
   * 401 for an unknown username or an integrity that does not verify; responses are signed with the same key.
   * @default none (no authentication)
   */
  shortTermCredentials?: ShortTermCredentials;
  /**
   * Most length of the PADDING attribute in responses to requests that carry PADDING (RFC 5780 §6.1: the MTU of the
   * outgoing interface, rounded up to a multiple of 4). A response's PADDING is never longer than the request's, so
   * an unauthenticated request cannot buy a larger answer (no amplification).
   * @default 1500
   */
  paddingLength?: number;
  /**
   * Requests a second per source IP address (burst: twice that); more are dropped before decoding, so one flooding
   * address cannot crowd out the others. @default no limit (natsim serve stun sets 50)
   */
  requestsPerSecondPerSource?: number;
  /** Agent name on trace events. @default 'stun-server' */
  agent?: string;
  /**
   * Emit one 'request' event per answered request (from, arrived-on socket, response source, status and any
   * CHANGE-REQUEST / RESPONSE-PORT), for `natsim serve stun --verbose`. Off by default so simulated traces stay small.
   * @default false
   */
  requestEvents?: boolean;
  /**
   * Also answer Binding requests over TCP at the primary address and port (RFC 8489 §6.2.2), when the host has TCP.
   * @default true
   */
  tcp?: boolean;
}

/** A StunServerInit with defaults applied. */
export interface StunServerConfig {
  readonly addresses: readonly string[];
  readonly ports: readonly number[];
  /** 'rfc5780' with two addresses and two ports, else 'basic'. */
  readonly mode: 'rfc5780' | 'basic';
  readonly software: string;
  readonly fingerprint: boolean;
  readonly credentials: ((username: string) => string | undefined) | undefined;
  readonly paddingLength: number;
  readonly agent: string;
  readonly requestEvents: boolean;
  readonly tcp: boolean;
}

function list<T>(v: readonly T[] | undefined, fallback: readonly T[], path: string, check: (x: T) => boolean, what: string): readonly T[] {
  const out = v ?? fallback;
  if (!Array.isArray(out) || out.length < 1 || out.length > 2) {
    throw new StunServerConfigError(path, `${JSON.stringify(out)} is not a list of one or two`, `one or two ${what}`);
  }
  for (const [i, x] of out.entries()) {
    if (!check(x)) throw new StunServerConfigError(`${path}[${i}]`, `${JSON.stringify(x)} is not valid`, what);
  }
  if (out.length === 2 && out[0] === out[1]) throw new StunServerConfigError(path, 'the two entries are equal', `two different ${what}`);
  return Object.freeze([...out]);
}

/**
 * Validates options against the host's addresses and applies defaults.
 * @throws StunServerConfigError naming the option and what would be valid
 */
export function resolveStunServerConfig(init: StunServerInit, localAddresses: readonly string[], path = 'stunServer'): StunServerConfig {
  const local = new Set(localAddresses);
  const addresses = list(init.addresses, localAddresses.slice(0, 1), `${path}.addresses`,
    (a) => typeof a === 'string' && ipFamily(a) !== undefined && local.has(a), `addresses of this host (${localAddresses.join(', ') || 'none'})`);
  if (addresses.length === 2 && ipFamily(addresses[0]) !== ipFamily(addresses[1])) {
    // RFC 5780 §4.1: the alternate address is of the primary's family (OTHER-ADDRESS is where tests II/III go).
    throw new StunServerConfigError(`${path}.addresses`, `${addresses.join(' and ')} are of different families`, 'two IPv4 or two IPv6 addresses');
  }
  const ports = list(init.ports, [3478], `${path}.ports`, (p) => Number.isInteger(p) && p >= 1 && p <= 65535, 'UDP ports 1-65535');
  const software = init.software ?? 'natsim';
  if (typeof software !== 'string' || software.length > 127) {
    throw new StunServerConfigError(`${path}.software`, 'is not a short text', 'a string under 128 characters (RFC 8489 §14.14)');
  }
  const paddingLength = init.paddingLength ?? 1500;
  if (!Number.isInteger(paddingLength) || paddingLength < 0 || paddingLength > 65000) {
    throw new StunServerConfigError(`${path}.paddingLength`, `${String(paddingLength)} is not valid`, 'a whole number of bytes 0-65000');
  }
  const creds = init.shortTermCredentials;
  const credentials = creds === undefined ? undefined
    : typeof creds === 'function' ? creds
      : (u: string) => (Object.prototype.hasOwnProperty.call(creds, u) ? creds[u] : undefined);
  return Object.freeze({
    addresses,
    ports,
    mode: addresses.length === 2 && ports.length === 2 ? 'rfc5780' : 'basic',
    software,
    fingerprint: init.fingerprint ?? true,
    credentials,
    paddingLength: (paddingLength + 3) & ~3,
    agent: init.agent ?? STUN_SERVER_AGENT,
    requestEvents: init.requestEvents ?? false,
    tcp: init.tcp ?? true,
  });
}

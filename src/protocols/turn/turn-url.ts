/**
 * TURN server URIs as WebRTC's RTCIceServer.urls carries them (RFC 7065 §3.1):
 *
 *   turnURI   = scheme ":" host [ ":" port ] [ "?transport=" transport ]
 *   scheme    = "turn" / "turns"
 *   transport = "udp" / "tcp" / transport-ext
 *
 * `turn:` defaults to port 3478 and UDP; `turn:...?transport=tcp` is TCP; `turns:` is TLS over TCP on port 5349 by
 * default (RFC 7065 §3.2, RFC 8656 §3.1). `turns:...?transport=udp` would be DTLS, which natsim does not speak: it
 * is refused rather than silently downgraded. Parsing is strict: no `//`, no user info, no path, no other query.
 */
import { TurnConfigError } from './errors';
import type { TurnTransport } from './types';

/** Default port of `turn:` (RFC 7065 §3.2, RFC 8656 §4). */
export const TURN_URI_DEFAULT_PORT = 3478;
/** Default port of `turns:` (RFC 7065 §3.2). */
export const TURNS_URI_DEFAULT_PORT = 5349;

/** Client-to-server transports natsim's TURN client speaks. */
export type TurnClientTransport = Exclude<TurnTransport, 'dtls'>;

/** A parsed TURN URI. */
export interface TurnUri {
  /** True for `turns:` (TLS). */
  readonly secure: boolean;
  /** Host: an IPv4 address, an IPv6 address (without brackets) or a host name (lower case). */
  readonly host: string;
  readonly port: number;
  /** 'udp', 'tcp' or 'tls' (turns: is TLS over TCP). */
  readonly transport: TurnClientTransport;
}

const URI = /^(turns?):(\[[0-9a-fA-F:.]+\]|[^:?/@[\]\s]+)(?::([0-9]+))?(?:\?(.*))?$/i;
const REG_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const EXAMPLES = 'turn:192.0.2.1, turn:turn.example.com:3478?transport=tcp, turns:turn.example.com:443';

/**
 * Parses a TURN URI (RFC 7065).
 * @param where names the setting in errors, e.g. `agents.alice.turn.url`
 * @throws TurnConfigError saying what is wrong and what a valid URI looks like
 */
export function parseTurnUri(text: string, where = 'url'): TurnUri {
  const bad = (why: string): TurnConfigError => new TurnConfigError(where, `'${text}' ${why} (RFC 7065; e.g. ${EXAMPLES})`);
  if (typeof text !== 'string') throw new TurnConfigError(where, `must be a TURN URI string (e.g. ${EXAMPLES})`);
  if (/^(turns?|stuns?):\/\//i.test(text)) throw bad('must not have "//" after the scheme');
  const m = URI.exec(text);
  if (!m) {
    if (!/^turns?:/i.test(text)) throw bad('must start with turn: or turns:');
    throw bad('is not scheme:host[:port][?transport=udp|tcp]');
  }
  const secure = m[1].toLowerCase() === 'turns';
  let host = m[2];
  if (host.startsWith('[')) {
    host = host.slice(1, -1);
    if (!host.includes(':')) throw bad('has brackets around something that is not an IPv6 address');
  } else if (/^[\d.]+$/.test(host)) {
    if (!IPV4.test(host)) throw bad(`has host '${host}', which is not an IPv4 address`);
  } else if (!REG_NAME.test(host)) {
    throw bad(`has host '${host}', which is not a host name`);
  } else host = host.toLowerCase();
  let port = secure ? TURNS_URI_DEFAULT_PORT : TURN_URI_DEFAULT_PORT;
  if (m[3] !== undefined) {
    port = Number(m[3]);
    if (!(port >= 1 && port <= 65535) || m[3].length > 5) throw bad(`has port ${m[3]}; a port is 1-65535`);
  }
  let transport: TurnClientTransport = secure ? 'tls' : 'udp';
  if (m[4] !== undefined) {
    const q = /^transport=([a-zA-Z]+)$/.exec(m[4]);
    if (!q) throw bad(`has query '?${m[4]}'; the only query is ?transport=udp or ?transport=tcp`);
    const t = q[1].toLowerCase();
    if (t === 'tcp') transport = secure ? 'tls' : 'tcp';
    else if (t === 'udp') {
      if (secure) throw bad('asks for turns: over UDP, which is DTLS; natsim does not speak DTLS (use turns: or ?transport=tcp)');
      transport = 'udp';
    } else throw bad(`has transport '${q[1]}'; valid: udp, tcp`);
  }
  return { secure, host, port, transport };
}

/** The canonical text of a TURN URI: `turn:host:port?transport=tcp`, `turns:host:port`, `turn:host:port`. */
export function formatTurnUri(u: TurnUri): string {
  const host = u.host.includes(':') ? `[${u.host}]` : u.host;
  return `${u.secure ? 'turns' : 'turn'}:${host}:${u.port}${u.transport === 'tcp' ? '?transport=tcp' : ''}`;
}

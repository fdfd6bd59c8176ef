/** Parsing of `HOST:PORT`, `a-b` port ranges and `name:password` pairs given on the command line. */
import { isIP } from 'net';
import { canonicalIp } from '../net/address';
import { RealOptionError } from './real-errors';

/** An address (IP literal or host name) and a UDP port. */
export interface HostPort {
  /** An IPv4 dotted quad, canonical IPv6 text (no brackets), or a host name. */
  host: string;
  port: number;
}

const HOST_PORT_EXAMPLES = 'like 127.0.0.1:3478 or [::1]:3478; port 1-65535';

/**
 * Parses `HOST:PORT` or `[IPv6]:PORT` (RFC 3986 §3.2.2 brackets; PORT 1-65535). With `ipOnly` the host must be an IP
 * literal of either family (listen and relay addresses); otherwise a host name is accepted too (resolved later).
 * IPv6 text comes back canonical (RFC 5952), as node:dgram reports addresses.
 * @param defaultPort used when `:PORT` is left out; omit to make the port required
 */
export function parseHostPort(text: string, option: string, opts: { ipOnly?: boolean; defaultPort?: number } = {}): HostPort {
  const t = text.trim();
  const m = /^\[([^\]\s]+)\](?::(\d{1,5}))?$/.exec(t) ?? /^([^:\s[\]]+)(?::(\d{1,5}))?$/.exec(t);
  if (!m && isIP(t) === 6) {
    throw new RealOptionError(option, `'${text}': put an IPv6 address in brackets and add the port, like [${t}]:3478`);
  }
  const port = m?.[2] !== undefined ? Number(m[2]) : opts.defaultPort;
  if (!m || port === undefined || !(port >= 1 && port <= 65535)) {
    throw new RealOptionError(option, `'${text}' is not HOST:PORT (${HOST_PORT_EXAMPLES})`);
  }
  const bracketed = t.startsWith('[');
  if (bracketed && isIP(m[1]) !== 6) throw new RealOptionError(option, `'${m[1]}' in brackets is not an IPv6 address (${HOST_PORT_EXAMPLES})`);
  if (opts.ipOnly && isIP(m[1]) === 0) {
    throw new RealOptionError(option, `'${m[1]}' is not an IP address (an IPv4 one like 127.0.0.1 or an IPv6 one in brackets like [::1])`);
  }
  return { host: isIP(m[1]) === 6 ? canonicalIp(m[1]) : m[1], port };
}

/**
 * Parses a bare IP address of either family (`--relay`): `127.0.0.1`, `::1` or `[::1]`; IPv6 comes back canonical.
 * @throws RealOptionError saying what is valid
 */
export function parseIpLiteral(text: string, option: string): string {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  const family = isIP(t);
  if (family === 0) throw new RealOptionError(option, `'${text}' is not an IP address (like 127.0.0.1 or ::1)`);
  return family === 6 ? canonicalIp(t) : t;
}

/** Parses `a-b` (1 <= a <= b <= 65535). */
export function parsePortRange(text: string, option: string): { min: number; max: number } {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const min = m ? Number(m[1]) : NaN;
  const max = m ? Number(m[2]) : NaN;
  if (!m || min < 1 || max > 65535 || min > max) {
    throw new RealOptionError(option, `'${text}' is not a port range (like 49152-65535; 1 <= first <= last <= 65535)`);
  }
  return { min, max };
}

/** Parses `name:password` (the password may contain ':'). */
export function parseUserPassword(text: string, option: string): { user: string; password: string } {
  const i = text.indexOf(':');
  if (i <= 0) throw new RealOptionError(option, `'${text}' is not name:password`);
  return { user: text.slice(0, i), password: text.slice(i + 1) };
}

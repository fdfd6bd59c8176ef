/** Parsing of `HOST:PORT`, `a-b` port ranges and `name:password` pairs given on the command line. */
import { isIP } from 'net';
import { RealOptionError } from './real-errors';

/** An address (IPv4 literal or host name) and a UDP port. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses `HOST:PORT` (PORT 1-65535). With `ipv4Only` the host must be a dotted quad (listen addresses); otherwise
 * a host name is accepted too (resolved later).
 * @param defaultPort used when `:PORT` is left out; omit to make the port required
 */
export function parseHostPort(text: string, option: string, opts: { ipv4Only?: boolean; defaultPort?: number } = {}): HostPort {
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = m?.[2] !== undefined ? Number(m[2]) : opts.defaultPort;
  if (!m || port === undefined || !(port >= 1 && port <= 65535)) {
    throw new RealOptionError(option, `'${text}' is not HOST:PORT (like 127.0.0.1:3478; port 1-65535)`);
  }
  if (opts.ipv4Only && isIP(m[1]) !== 4) throw new RealOptionError(option, `'${m[1]}' is not an IPv4 address (like 127.0.0.1)`);
  if (isIP(m[1]) === 6) throw new RealOptionError(option, 'IPv6 is not supported; give an IPv4 address or a host name');
  return { host: m[1], port };
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

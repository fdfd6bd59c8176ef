/** Transport endpoints (IPv4 address + UDP port) and their cheap numeric keys. */
import { AddressError } from './errors';
import { Ipv4, formatIpv4, tryParseIpv4 } from './ipv4';

/** An IPv4 address and UDP port. */
export interface Endpoint {
  readonly ip: Ipv4;
  readonly port: number;
}

/**
 * A unique number for an endpoint: ip * 65536 + port. It is below 2^48, so exact in a double and usable as a Map
 * key without building strings on the hot path.
 */
export function endpointKey(ip: Ipv4, port: number): number {
  return ip * 65536 + port;
}

/** Splits an endpointKey back into address and port. */
export function endpointFromKey(key: number): Endpoint {
  return { ip: Math.floor(key / 65536), port: key % 65536 };
}

/** `a.b.c.d:port`. */
export function formatEndpoint(ip: Ipv4, port: number): string {
  return `${formatIpv4(ip)}:${port}`;
}

/** True when `port` is an integer 0..65535. */
export function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port <= 65535;
}

/** Parses `a.b.c.d:port`; throws AddressError saying what is valid. */
export function parseEndpoint(text: string): Endpoint {
  const i = text.lastIndexOf(':');
  const ip = i > 0 ? tryParseIpv4(text.slice(0, i)) : undefined;
  const port = i > 0 && /^\d{1,5}$/.test(text.slice(i + 1)) ? Number(text.slice(i + 1)) : NaN;
  if (ip === undefined || !isPort(port)) {
    throw new AddressError(`'${text}' is not an endpoint (expected address:port, like 203.0.113.5:3478)`);
  }
  return { ip, port };
}

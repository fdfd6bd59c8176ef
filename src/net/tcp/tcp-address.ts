/** Address text for TCP sockets: parsing either family, and Node's address()/remoteAddress shapes. */
import type { Host } from '../host';
import { IpNumber, formatIp, isIpv6Number, tryParseIpNumber } from '../ip-number';
import type { TcpAddressInfo } from '../tcp-socket.types';

/** The address number of `text` ('localhost' is 127.0.0.1, as Node resolves it first); undefined if not an address. */
export function parseTcpAddress(host: Host, text: string): IpNumber | undefined {
  if (text === 'localhost') return 0x7f000001;
  return host.addresses.parse(text) ?? tryParseIpNumber(text);
}

/** 'IPv4' or 'IPv6'. */
export function familyOf(ip: IpNumber): 'IPv4' | 'IPv6' {
  return isIpv6Number(ip) ? 'IPv6' : 'IPv4';
}

/** Node's address() object. */
export function addressInfo(ip: IpNumber, port: number): TcpAddressInfo {
  return { address: formatIp(ip), family: familyOf(ip), port };
}

/** True when `ip` may be bound on `host`: any (0), loopback, or one of its addresses. */
export function isLocalAddress(host: Host, ip: IpNumber): boolean {
  return ip === 0 || (ip < 2 ** 32 && ip >>> 24 === 127) || host.ownsAddress(ip);
}

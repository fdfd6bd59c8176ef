/** Transport addresses (IP address + UDP port, RFC 8489 §3 "transport address") as the STUN agents pass them. */
import type { HostEnv } from '../../net/host-env';
import type { UdpSocketLike } from '../../net/udp-socket.types';

/** An IP address and UDP port, e.g. `{ address: '198.51.100.1', port: 3478 }`. */
export interface TransportAddress {
  /** Dotted-quad IPv4 address, or IPv6 text. */
  readonly address: string;
  /** UDP port 1..65535. */
  readonly port: number;
}

/** `a.b.c.d:port` (`[v6]:port` for IPv6, RFC 5952 §6), the key the agents use in Maps and trace events. */
export function formatTransportAddress(t: TransportAddress): string {
  return t.address.includes(':') ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`;
}

/** The family of an address text (the STUN codec's StunAddressFamily): 6 when it has a colon, else 4. */
export function familyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/**
 * A new UDP socket for talking to or binding `address`: 'udp6' for IPv6, else the host's default socket (called
 * exactly as before, so IPv4 worlds do not change).
 */
export function socketFor(env: HostEnv, address: string): UdpSocketLike {
  return familyOf(address) === 6 ? env.createSocket('udp6') : env.createSocket();
}

/** True when both name the same address and port. */
export function sameTransportAddress(a: TransportAddress | undefined, b: TransportAddress | undefined): boolean {
  return a !== undefined && b !== undefined && a.address === b.address && a.port === b.port;
}

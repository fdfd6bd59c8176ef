/**
 * Shared shapes of the TURN core (RFC 8656): transport addresses, the client 5-tuple and their map keys.
 * Addresses are text (dotted quads, or IPv6 text) because agents see dgram-shaped sockets whose rinfo carries text.
 */

/** Transport between client and server (RFC 8656 §3.1). The simulator only runs UDP; the others are for keys. */
export type TurnTransport = 'udp' | 'tcp' | 'tls' | 'dtls';

/** IP version, as the STUN codec's StunAddressFamily: 4 (wire 0x01) or 6 (wire 0x02) (RFC 8656 §18.8). */
export type AddressFamily = 4 | 6;

/** An IP address and port ("transport address", RFC 8656 §2). */
export interface TransportAddress {
  /** Dotted quad (`192.0.2.1`) or IPv6 text. */
  readonly address: string;
  readonly port: number;
}

/**
 * The 5-tuple that identifies an allocation on the server (RFC 8656 §2, §6): the client's server-reflexive
 * transport address as the server sees it, the server's transport address, and the transport protocol.
 */
export interface TurnFiveTuple {
  /** The client's address and port as seen by the server (after any NAT). */
  readonly client: TransportAddress;
  /** The server address and port the request arrived on. */
  readonly server: TransportAddress;
  readonly transport: TurnTransport;
}

/** The family of an address text: 6 when it contains a colon, else 4. */
export function addressFamily(address: string): AddressFamily {
  return address.includes(':') ? 6 : 4;
}

/** Map key of a transport address: `"192.0.2.1:3478"`, or `"[2001:db8::1]:3478"` for IPv6. */
export function transportAddressKey(a: TransportAddress): string {
  return addressFamily(a.address) === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/**
 * Map key of a 5-tuple (RFC 8656 §6 identifies an allocation by it):
 * `"<transport> <client ip>:<client port> > <server ip>:<server port>"`, e.g. `"udp 198.51.100.2:50000 > 203.0.113.1:3478"`.
 */
export function fiveTupleKey(t: TurnFiveTuple): string {
  return `${t.transport} ${transportAddressKey(t.client)} > ${transportAddressKey(t.server)}`;
}

/** True when two transport addresses are the same address and port. */
export function sameTransportAddress(a: TransportAddress, b: TransportAddress): boolean {
  return a.address === b.address && a.port === b.port;
}

/** Transport addresses (IPv4 address + UDP port, RFC 8489 §3 "transport address") as the STUN agents pass them. */

/** An IP address and UDP port, e.g. `{ address: '198.51.100.1', port: 3478 }`. */
export interface TransportAddress {
  /** Dotted-quad IPv4 address. */
  readonly address: string;
  /** UDP port 1..65535. */
  readonly port: number;
}

/** `a.b.c.d:port`, the key the agents use in Maps and trace events. */
export function formatTransportAddress(t: TransportAddress): string {
  return `${t.address}:${t.port}`;
}

/** True when both name the same address and port. */
export function sameTransportAddress(a: TransportAddress | undefined, b: TransportAddress | undefined): boolean {
  return a !== undefined && b !== undefined && a.address === b.address && a.port === b.port;
}

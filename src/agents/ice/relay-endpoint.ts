/**
 * What the ICE agent needs from a TURN allocation (RFC 8656) to use it as a relayed candidate (RFC 8445 §5.1.1.2):
 * its relayed and mapped addresses, sending to a peer through it, and permissions for the peers' IPs (§9). The
 * TURN client adapter (turn-relay.ts) implements it.
 */
import type { TransportAddress } from '../../protocols/ice';
import type { IceTurnServer } from './ice-agent-init';
import type { HostTransport, LocalEndpoint, PacketSink } from './transports';

/** A live TURN allocation used as a local endpoint. */
export interface RelayEndpoint extends LocalEndpoint {
  readonly kind: 'relay';
  /** The TURN server the allocation lives on. */
  readonly server: TransportAddress;
  /** XOR-MAPPED-ADDRESS of the Allocate response: our server-reflexive address as the TURN server saw it. */
  readonly mapped: TransportAddress;
  /** False once the allocation failed to refresh, was deleted or closed. */
  readonly alive: boolean;
  /** Makes sure a permission for `ip` exists (RFC 8656 §9); idempotent. */
  permit(ip: string): void;
  /** Releases the allocation (a Refresh with lifetime 0, RFC 8656 §8). */
  close(): void;
}

/** Outcome of an allocation attempt. */
export type RelayResult = { readonly ok: true; readonly relay: RelayEndpoint } | { readonly ok: false; readonly reason: string };

/**
 * Allocates a relayed address on `server` from `host`'s socket. Datagrams peers send to the relayed address are
 * passed to `sink` with `viaRelay: true`. `done` is called once, asynchronously.
 */
export type RelayAllocator = (host: HostTransport, server: Required<IceTurnServer>, sink: PacketSink, done: (result: RelayResult) => void) => void;

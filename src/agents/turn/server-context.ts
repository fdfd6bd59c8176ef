/** What the server's request handler needs from the TurnServer that owns it (internal to the TURN agents). */
import type { HostEnv } from '../../net/host-env';
import type { AllocationExpiry, AllocationTable, TransportAddress, TurnFiveTuple } from '../../protocols/turn';
import type { RelaySockets } from './relay-sockets';
import type { TurnServerEventName } from './server-events';
import type { TurnServerConfig } from './server-config';
import type { TurnServerStats } from './server-stats';

/** The owning server's state and services. */
export interface ServerContext {
  readonly env: HostEnv;
  readonly config: TurnServerConfig;
  readonly table: AllocationTable;
  readonly stats: TurnServerStats;
  readonly relays: RelaySockets;
  /** The primary listen address and port (a 5-tuple's server address is the one its request arrived on, §2). */
  readonly serverAddress: TransportAddress;
  /** Virtual (or wall-clock) time, ms. */
  now(): number;
  /**
   * Sends a datagram from listen address `via` (default: the first of `to`'s family). An answer to a request that
   * did not authenticate (`unauthenticated`) is charged to its source's amplification budget; false when it was over
   * it and not sent.
   */
  send(bytes: Uint8Array, to: TransportAddress, unauthenticated?: boolean, via?: TransportAddress): boolean;
  /** Records a 'turn-server' trace event. */
  trace(event: TurnServerEventName, data: Record<string, unknown>): void;
  /** The 5-tuple of a request from `from` on UDP listen address `server`, or on the TCP/TLS connection it came on. */
  fiveTuple(from: TransportAddress, server?: TransportAddress): TurnFiveTuple;
  /** Allocation state changed: re-arm the expiry timer at the table's next expiry. */
  stateChanged(): void;
  /** An allocation ended (expired or deleted): close its relay socket, count and trace it. */
  allocationEnded(ev: AllocationExpiry): void;
}

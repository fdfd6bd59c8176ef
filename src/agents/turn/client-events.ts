/** The events a TurnClient emits, with their listener signatures. */
import type { RemoteInfo } from '../../net/udp-socket.types';
import type { TransportAddress } from '../../protocols/turn';
import type { TurnAllocation } from './client-allocate';

/** How relayed data reached the client. */
export type RelayedVia = 'channel' | 'indication';

/** Event name -> listener. */
export interface TurnClientEvents {
  /** Data a peer sent to the relayed address (RFC 8656 §11.4 Data indication, §12.7 ChannelData). */
  data: (peer: TransportAddress, data: Uint8Array, via: RelayedVia) => void;
  /** A datagram on the socket that is not TURN traffic from the server (only with demux 'own'). */
  message: (msg: Buffer, rinfo: RemoteInfo) => void;
  /** The allocation was created (RFC 8656 §7.3). */
  allocated: (allocation: TurnAllocation) => void;
  /** A Refresh succeeded; the allocation now lasts `lifetimeS` more seconds (§8.3). */
  refreshed: (lifetimeS: number) => void;
  /** The allocation is gone: 'expired' (not refreshed), 'mismatch' (437 to a request, §8.3) or 'deleted'. */
  'allocation-lost': (reason: string) => void;
  /** Allocate got 486 or 508; the client retries after `retryAfterMs` (§7.4). */
  backoff: (code: number, retryAfterMs: number) => void;
  /** close() finished. */
  closed: () => void;
}

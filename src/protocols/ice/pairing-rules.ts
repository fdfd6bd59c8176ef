/**
 * Which local and remote candidates may form a pair: the same component, the same address family (RFC 8445
 * §6.1.2.2; host names never pair), the same transport, and for TCP (RFC 6544 §6.2) matching directions:
 *
 *   local     remote
 *   so        so
 *   active    passive
 *   passive   active
 *
 * Two active (or two passive) candidates never pair: nobody would accept (or open) the connection.
 */
import { addressFamily, type Candidate, type TcpType } from './candidate';

/** The remote tcptype a local TCP candidate pairs with (RFC 6544 §6.2). */
export function pairedTcpType(local: TcpType): TcpType {
  return local === 'active' ? 'passive' : local === 'passive' ? 'active' : 'so';
}

/** True when `local` and `remote` may form a pair (RFC 8445 §6.1.2.2, RFC 6544 §6.2). */
export function canPair(local: Candidate, remote: Candidate): boolean {
  if (local.component !== remote.component || local.transport !== remote.transport) return false;
  const family = addressFamily(remote.address);
  if (family === 'fqdn' || family !== addressFamily(local.address)) return false;
  if (local.transport !== 'tcp') return true;
  return local.tcpType !== undefined && remote.tcpType === pairedTcpType(local.tcpType);
}

/**
 * True when a pair with this local candidate belongs on the checklist. RFC 6544 §6.2: pruning removes every pair
 * whose local candidate is passive, because a passive candidate only accepts connections; such a pair is checked
 * only by a triggered check over the connection the peer opened (§7.2).
 */
export function checksFromLocal(local: Candidate): boolean {
  return !(local.transport === 'tcp' && local.tcpType === 'passive');
}

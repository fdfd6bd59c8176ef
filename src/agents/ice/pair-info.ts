/**
 * How the agent names transport addresses ("ip:port", in traces and events) and describes a selected pair
 * (RFC 8445 §8.1.1: the pair that carries data) with its candidate types and RFC 8839 candidate lines.
 */
import { formatCandidate, type CandidatePair, type TransportAddress } from '../../protocols/ice';
import type { SelectedPairInfo } from './ice-events';

/** "ip:port" of a transport address. */
export const addressKey = (t: TransportAddress): string => `${t.address}:${t.port}`;

/** Types and lines of a selected pair. */
export function pairInfo(generation: number, p: CandidatePair): SelectedPairInfo {
  return {
    generation,
    localType: p.local.type,
    remoteType: p.remote.type,
    viaRelay: p.local.type === 'relay' || p.remote.type === 'relay',
    local: addressKey(p.local),
    remote: addressKey(p.remote),
    localCandidate: formatCandidate(p.local),
    remoteCandidate: formatCandidate(p.remote),
  };
}

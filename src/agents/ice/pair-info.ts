/**
 * How the agent names transport addresses ("ip:port", in traces and events) and describes a selected pair
 * (RFC 8445 §8.1.1: the pair that carries data) with its candidate types and RFC 8839 candidate lines.
 */
import { formatCandidate, transportKey, type CandidatePair, type TransportAddress } from '../../protocols/ice';
import type { SelectedPairInfo } from './ice-events';

/** "ip:port" of a transport address ("[v6]:port" for IPv6, RFC 5952 §6; "tcp:" in front for TCP). */
export const addressKey = (t: TransportAddress): string => transportKey(t);

/** Types and lines of a selected pair. */
export function pairInfo(generation: number, p: CandidatePair): SelectedPairInfo {
  return {
    generation,
    localType: p.local.type,
    remoteType: p.remote.type,
    viaRelay: p.local.type === 'relay' || p.remote.type === 'relay',
    ...(p.local.type === 'relay' ? { relayProtocol: p.local.relayProtocol ?? 'udp' } : {}),
    ...(p.local.transport === 'tcp' ? { transport: 'tcp' as const } : {}),
    local: addressKey(p.local),
    remote: addressKey(p.remote),
    localCandidate: formatCandidate(p.local),
    remoteCandidate: formatCandidate(p.remote),
  };
}

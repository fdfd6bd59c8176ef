/**
 * Redundant candidate elimination, RFC 8445 §5.1.3: a candidate is redundant iff its transport address and its base
 * equal those of another candidate; the one with the lower priority is dropped.
 */
import type { Candidate } from './candidate';

/**
 * Key for redundancy: "component/address:port/baseAddress:basePort", plus "/tcp-<tcptype>" for TCP: a transport
 * address includes its transport, and RFC 6544 candidates of different directions are never redundant.
 */
function redundancyKey(c: Candidate): string {
  const tcp = c.transport === 'tcp' ? `/tcp-${c.tcpType ?? ''}` : '';
  return `${c.component}/${c.address}:${c.port}/${c.baseAddress}:${c.basePort}${tcp}`;
}

/** True when `a` and `b` are redundant with each other (same component, transport address and base). */
export function isRedundantWith(a: Candidate, b: Candidate): boolean {
  return redundancyKey(a) === redundancyKey(b);
}

/**
 * Removes redundant candidates, keeping for each (transport address, base) the highest-priority one (on a tie, the
 * first). The survivors keep their input order. Typical case: a srflx equal to its host when there is no NAT.
 */
export function eliminateRedundantCandidates(candidates: readonly Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>(); // key: redundancyKey
  for (const c of candidates) {
    const k = redundancyKey(c);
    const seen = best.get(k);
    if (!seen || c.priority > seen.priority) best.set(k, c);
  }
  const keep = new Set(best.values());
  return candidates.filter((c) => keep.has(c));
}

/**
 * Why a checklist failed, in words: how many checks failed for which reason (RFC 8445 §7.2.5.2) and which candidate
 * types each side had, so a failed connection reads e.g. "no candidate pair succeeded: 4 checks failed (4 no
 * response); local candidates host, srflx; remote candidates host, srflx; no relayed candidate on either side".
 */
import type { Candidate, CandidatePair, CheckFailureReason } from '../../protocols/ice';

/** Failed checks counted by reason. */
export class FailureTally {
  /** key: failure reason */
  readonly byReason = new Map<CheckFailureReason, number>();
  /** Distinct pairs with at least one failed check. key: pair id */
  readonly pairs = new Set<string>();
  /** A USE-CANDIDATE check failed (RFC 8445 §7.2.5.3.4). */
  nominationFailed = false;
  /** TURN allocations that failed while gathering (RFC 8656 §7.3), as `server: reason`. */
  readonly relayFailures: string[] = [];

  add(pair: CandidatePair, reason: CheckFailureReason): void {
    this.pairs.add(pair.id);
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }
}

const REASON_TEXT: Readonly<Record<CheckFailureReason, string>> = {
  timeout: 'no response',
  'error-response': 'error response',
  icmp: 'unreachable',
  'non-symmetric': 'non-symmetric response',
};

function types(cands: readonly Candidate[]): string {
  const seen = [...new Set(cands.map((c) => c.type))];
  return seen.length > 0 ? seen.join(', ') : 'none';
}

/** A one-sentence explanation of a failed checklist. */
export function describeFailure(tally: FailureTally, locals: readonly Candidate[], remotes: readonly Candidate[]): string {
  const parts = [...tally.byReason].map(([r, n]) => `${n} ${REASON_TEXT[r]}`);
  const head = tally.nominationFailed ? 'the nomination check failed' : 'no candidate pair succeeded';
  const checks = parts.length > 0 ? `: ${tally.pairs.size} pairs failed (${parts.join(', ')})` : ': no pair could be checked';
  const anyRelay = locals.some((c) => c.type === 'relay') || remotes.some((c) => c.type === 'relay');
  const why = tally.relayFailures.length > 0 ? `the TURN allocation failed: ${tally.relayFailures.join('; ')}` : 'no TURN server';
  const relay = anyRelay ? '' : `; no relayed candidate on either side (${why})`;
  return `${head}${checks}; local candidates ${types(locals)}; remote candidates ${types(remotes)}${relay}`;
}

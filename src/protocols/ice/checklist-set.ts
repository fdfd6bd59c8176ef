/**
 * Operations over the checklist set of an ICE session (RFC 8445 §6.1.2) that span all its checklists: the initial
 * pair states (§6.1.2.6), whether any check is due (§6.1.4.2), foundation-wide queries and unfreezing (§6.1.4.2,
 * §7.2.5.3.3), the pending-pair count of the check RTO (§14.3) and the pair limit (§6.1.2.5).
 */
import type { Checklist } from './checklist';
import { comparePairs, compareForUnfreeze, type PairRecord, type PairState } from './pair';
import type { IceRole } from './role-conflict';

const ACTIVE: ReadonlySet<PairState> = new Set<PairState>(['Waiting', 'In-Progress']);

/**
 * Per foundation, sets the first Frozen pair (lowest component, then highest priority) in the first checklist that
 * has one to Waiting, unless a pair of that foundation is already past Frozen; then updates each checklist's state.
 */
export function setInitialStates(lists: readonly Checklist[]): void {
  const seen = new Set<string>();
  for (const l of lists) for (const p of l.pairRecords) if (p.state !== 'Frozen') seen.add(p.foundation);
  for (const l of lists) {
    for (const p of l.pairRecords.filter((x) => x.state === 'Frozen').sort(compareForUnfreeze)) {
      if (seen.has(p.foundation)) continue;
      seen.add(p.foundation);
      l.setPairState(p, 'Waiting');
    }
  }
  for (const l of lists) l.updateState();
}

/** True when a Running checklist has a triggered check, a Waiting pair, or a Frozen pair it may unfreeze. */
export function anyCheckToSend(lists: readonly Checklist[], role: IceRole): boolean {
  return lists.some(
    (l) =>
      l.state === 'Running' &&
      (l.triggered.some((p) => p.inChecklist && (p.state === 'Waiting' || (p.nominating && role === 'controlling' && p.state === 'Succeeded'))) ||
        l.pairRecords.some((p) => p.state === 'Waiting' || (p.state === 'Frozen' && !isFoundationActive(lists, p.foundation)))),
  );
}

/** Pairs in Waiting or In-Progress across all checklists (the count in the check RTO, RFC 8445 §14.3). */
export function pendingPairCount(lists: readonly Checklist[]): number {
  let pending = 0;
  for (const l of lists) for (const p of l.pairRecords) if (ACTIVE.has(p.state)) pending++;
  return pending;
}

/** True when any checklist has a pair of this foundation in Waiting or In-Progress (§6.1.4.2 step 2). */
export function isFoundationActive(lists: readonly Checklist[], foundation: string): boolean {
  return lists.some((l) => l.pairRecords.some((p) => p.foundation === foundation && ACTIVE.has(p.state)));
}

/** True when any checklist has a Succeeded pair of this foundation. */
export function hasSucceededFoundation(lists: readonly Checklist[], foundation: string): boolean {
  return lists.some((l) => l.pairRecords.some((p) => p.foundation === foundation && p.state === 'Succeeded'));
}

/** Sets every Frozen pair of this foundation, in all checklists, to Waiting (§7.2.5.3.3). */
export function unfreezeFoundation(lists: readonly Checklist[], foundation: string): void {
  for (const l of lists) for (const p of l.pairRecords) if (p.state === 'Frozen' && p.foundation === foundation) l.setPairState(p, 'Waiting');
}

/** Drops lowest-priority Frozen/Waiting pairs (not queued) from the largest checklists first (§6.1.2.5). */
export function enforcePairLimit(lists: readonly Checklist[], pairLimit: number): void {
  let total = lists.reduce((n, l) => n + l.pairRecords.length, 0);
  while (total > pairLimit) {
    let victim: { list: Checklist; pair: PairRecord } | undefined;
    for (const l of [...lists].sort((a, b) => b.pairRecords.length - a.pairRecords.length)) {
      const removable = l.pairRecords.filter((p) => (p.state === 'Frozen' || p.state === 'Waiting') && !l.triggered.includes(p)).sort(comparePairs);
      if (removable.length > 0) {
        victim = { list: l, pair: removable[removable.length - 1] };
        break;
      }
    }
    if (!victim) return;
    victim.list.removePair(victim.pair, 'pair-limit');
    total--;
  }
}

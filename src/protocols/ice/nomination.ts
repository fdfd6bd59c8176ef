/**
 * Regular nomination by the controlling agent (RFC 8445 §8.1.1): pick a valid pair and repeat the check that produced
 * it, this time with USE-CANDIDATE, by putting the producing pair on the triggered-check queue.
 */
import type { Checklist } from './checklist';
import type { ChecklistContext } from './checklist-context';
import { IceUsageError } from './errors';
import type { CandidatePair, PairRecord } from './pair';

/**
 * Queues the nomination of `target` (a valid pair, or a component number meaning its best valid pair).
 * @throws IceUsageError when the agent is not controlling, the component already has a nominated pair or a
 *   nomination in flight, or there is no such valid pair
 * @internal called through Checklist.nominate
 */
export function nominatePair(list: Checklist, ctx: ChecklistContext, target: CandidatePair | number): void {
  const where = `nominate(stream "${list.streamId}")`;
  if (ctx.role !== 'controlling') throw new IceUsageError(where, 'only the controlling agent nominates (RFC 8445 §8.1.1)');
  const component = typeof target === 'number' ? target : target.component;
  if (list.nominatedPair(component)) {
    throw new IceUsageError(where, `component ${component} already has a nominated pair; another needs an ICE restart (RFC 8445 §8.1.1)`);
  }
  if (list.pairRecords.some((p) => p.component === component && p.nominating)) {
    throw new IceUsageError(where, `a nomination for component ${component} is already in progress`);
  }
  const valid =
    typeof target === 'number'
      ? (list.bestValidPair(component) as PairRecord | undefined)
      : list.validRecords.find((p) => p.id === target.id);
  if (!valid) throw new IceUsageError(where, `no valid pair for component ${component} (RFC 8445 §7.2.5.3.2)`);
  const via = list.pairRecords.find((p) => p.validPair === valid) ?? (valid.inChecklist ? valid : undefined);
  if (!via) throw new IceUsageError(where, `the check that produced ${valid.id} is no longer on the checklist`);
  via.nominating = true;
  list.enqueueTriggered(via);
  ctx.emit({ kind: 'nomination-queued', pair: valid, via });
}

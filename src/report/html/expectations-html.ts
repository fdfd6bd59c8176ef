/** The expectations of a run as cards: PASS/FAIL badge, what was expected, why, and the evidence events. */
import { evidenceLines } from '../event-text';
import type { ExpectationResult } from '../run-record';
import { escapeText } from './escape';

/** Evidence lists longer than this start folded. */
const OPEN_LIMIT = 8;

function card(e: ExpectationResult, i: number): string {
  const cls = e.passed ? 'pass' : 'fail';
  const evidence = e.evidence.length === 0 ? '<p>No evidence events.</p>'
    : `<details${e.evidence.length <= OPEN_LIMIT ? ' open' : ''}><summary>Evidence: ${e.evidence.length} event${e.evidence.length === 1 ? '' : 's'}</summary>` +
      `<pre class="evidence">${evidenceLines(e.evidence).map(escapeText).join('\n')}</pre></details>`;
  return `<div class="expectation ${cls}" id="expectation-${i + 1}"><span class="badge ${cls}">${e.passed ? 'PASS' : 'FAIL'}</span>` +
    `<span class="name">${i + 1}. ${escapeText(e.name)}</span><p class="detail">${escapeText(e.detail)}</p>${evidence}</div>`;
}

/** The expectations section body. */
export function expectationsHtml(list: readonly ExpectationResult[]): string {
  if (list.length === 0) return '<p class="note">This scenario has no expectations.</p>';
  return list.map(card).join('\n');
}

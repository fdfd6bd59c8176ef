/** report.html: the errors inside a run (run-errors.ts), as a section of their own above everything else. */
import { runErrorMessages } from '../run-errors';
import type { RunRecord } from '../run-record';
import { escapeText } from './escape';

/** The "Errors during the run" section, or '' for a run without errors. */
export function runErrorsHtml(record: RunRecord): string {
  const messages = runErrorMessages(record);
  if (messages.length === 0) return '';
  const items = messages.map((m) => `<li><code>${escapeText(m)}</code></li>`).join('');
  return `<section id="run-errors" class="run-errors"><h2>Errors during the run</h2><p>The run failed because of these errors (exit code 3):</p><ul>${items}</ul></section>`;
}

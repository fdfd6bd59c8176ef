/**
 * Escaping for report.html (HTML5 §13.1.2.6, §13.1.2.3): every string that comes from a scenario or the trace
 * goes through one of these before it reaches the page. `>` is left as is in text (it is legal there), so
 * translations read `a -> b` in the source too.
 */

/** Escapes text content (element bodies, SVG <text>). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Escapes a double-quoted attribute value. */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** A short string cut to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

/** A number as SVG coordinate text (integers stay integers; at most one decimal). */
export function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A DOM id fragment from any name: letters, digits and dashes only. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/**
 * "Did you mean" suggestions for misspelled keys and names, by edit distance (optimal string alignment: insert,
 * delete, substitute, swap two neighbours), after folding case and dropping `-`/`_` so `mapping-timeout`
 * finds `mappingTimeout`.
 */

/** Optimal string alignment distance between two strings. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Case- and separator-insensitive form used for comparison. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/gu, '');
}

/**
 * The candidate closest to `input`, or undefined when none is close enough. Close enough: equal after folding,
 * or a distance of at most max(1, a third of the longer word); one- and two-letter words only match when equal
 * after folding, since any other name is as close as the suggestion.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const f = fold(input);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === input) continue;
    const fc = fold(c);
    const dist = fc === f ? 0 : editDistance(f, fc);
    const longest = Math.max(f.length, fc.length);
    const limit = longest <= 2 ? 0 : Math.max(1, Math.floor(longest / 3));
    if (dist <= limit && dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** Formats a list of valid values for a message, shortening long lists: `a, b, c, ... (12 in all)`. */
export function listValid(values: readonly string[], max = 12): string {
  if (values.length === 0) return '(none defined)';
  if (values.length <= max) return values.join(', ');
  return `${values.slice(0, max).join(', ')}, ... (${values.length} in all)`;
}

/**
 * A sweep placeholder written without quotes inside a YAML flow collection (`{ latency: ${lat} }`) is not a
 * value to YAML: the `{` of `${` opens a mapping, and the parser then reports a cascade of syntax errors for the
 * rest of the file. When parsing fails, this finds such placeholders so the loader can report one clear problem
 * per placeholder ("quote it") instead of the cascade.
 */
import type { ScenarioIssue } from './issues';

const PLACEHOLDER = /\$\{[A-Za-z_][\w-]*\}/gu;

/** Quotes, flow opens and flow closes on `line` before `end`, ignoring those inside quotes. */
function flowDepthBefore(line: string, end: number): { depth: number; quoted: boolean } {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < end; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/u.test(line[i - 1]))) return { depth, quoted: true }; // in a comment
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return { depth, quoted: quote !== null };
}

/**
 * One issue per unquoted placeholder inside a flow collection, at or before the first syntax error's line;
 * [] when there is none (the syntax errors have another cause).
 */
export function unquotedPlaceholderIssues(text: string, file: string, firstErrorLine: number): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  text.split(/\r?\n/u).forEach((line, i) => {
    if (i + 1 > firstErrorLine) return;
    for (const m of line.matchAll(PLACEHOLDER)) {
      const at = m.index;
      if (line[at - 1] === '$') continue; // `$${x}` is an escaped, literal `${x}`
      const { depth, quoted } = flowDepthBefore(line, at);
      if (quoted || depth <= 0) continue;
      issues.push({
        file, line: i + 1, column: at + 1, path: '',
        message: `the sweep placeholder ${m[0]} must be quoted here: inside { } or [ ] YAML reads its { as the start of a mapping`,
        expected: `'${m[0]}'`,
      });
    }
  });
  return issues;
}

/** Test helper: a strict-enough tag balance check for generated HTML (our own output, not arbitrary HTML). */

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'col']);

/** Returns the first problem found (unclosed or mismatched tag), or undefined when tags balance. */
export function tagProblem(html: string): string | undefined {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(\/?)>|<!DOCTYPE[^>]*>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (!m[2]) continue;
    const name = m[2].toLowerCase();
    if (m[1]) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}> at offset ${m.index}`;
    } else if (!m[4] && !VOID.has(name)) {
      stack.push(name);
    }
  }
  return stack.length > 0 ? `unclosed <${stack[stack.length - 1]}>` : undefined;
}

/** Counts occurrences of a substring. */
export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

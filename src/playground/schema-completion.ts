/**
 * Schema-driven completion for the playground's editor: from the scenario JSON Schema (scenario/format/schema, the
 * same one `natsim schema` prints), the keys valid at the cursor's place in the YAML, and the enum values of the
 * key being filled in. Pure: text and cursor offset in, options out.
 */
import type { JsonSchema } from '../scenario/format/schema-helpers';

/** One completion option. */
export interface CompletionOption {
  readonly label: string;
  /** `property` for keys, `enum` for values. */
  readonly type: 'property' | 'enum';
  /** The schema's description, shown beside the option. */
  readonly info?: string;
}

/** Options and where the replaced word starts. */
export interface CompletionResult {
  readonly from: number;
  readonly options: readonly CompletionOption[];
}

type Schema = JsonSchema & Record<string, unknown>;

/** The branches of a schema: itself, and its anyOf/oneOf/allOf alternatives. */
function branches(s: Schema | undefined): Schema[] {
  if (!s || typeof s !== 'object') return [];
  const out: Schema[] = [s];
  for (const k of ['anyOf', 'oneOf', 'allOf']) for (const b of (s[k] as Schema[] | undefined) ?? []) out.push(...branches(b));
  return out;
}

/** The schema of `key` inside an object schema. */
function child(s: Schema | undefined, key: string | number): Schema | undefined {
  for (const b of branches(s)) {
    if (typeof key === 'number') {
      if (b.items && typeof b.items === 'object') return b.items as Schema;
      continue;
    }
    const props = b.properties as Record<string, Schema> | undefined;
    if (props?.[key]) return props[key];
    const pats = b.patternProperties as Record<string, Schema> | undefined;
    for (const [p, v] of Object.entries(pats ?? {})) if (new RegExp(p).test(key)) return v;
    if (b.additionalProperties && typeof b.additionalProperties === 'object') return b.additionalProperties as Schema;
  }
  return undefined;
}

/** The YAML path (keys, 0 for a list item) of the block a line indented by `want` belongs to. */
export function yamlPathAt(lines: readonly string[], lineNo: number, want: number): (string | number)[] {
  const path: (string | number)[] = [];
  for (let i = lineNo - 1; i >= 0 && want > 0; i--) {
    const m = /^(\s*)(-\s+)?(?:([A-Za-z0-9_.-]+)\s*:)?/.exec(lines[i])!;
    if (!lines[i].trim() || lines[i].trim().startsWith('#')) continue;
    const lead = m[1].length;
    const content = lead + (m[2]?.length ?? 0);
    if (m[2]) {
      if (lead >= want) continue;
      if (m[3] && content < want) path.unshift(m[3]); // nested under a key of this item
      path.unshift(0);
      want = lead;
    } else if (m[3] && content < want) {
      path.unshift(m[3]);
      want = content;
    }
  }
  return path;
}

function schemaAt(root: Schema, path: readonly (string | number)[]): Schema | undefined {
  let s: Schema | undefined = root;
  for (const k of path) s = child(s, k);
  return s;
}

/** Completions at `pos` in `text` against `root`. */
export function completionsAt(root: JsonSchema, text: string, pos: number): CompletionResult {
  const before = text.slice(0, pos);
  const lines = before.split('\n');
  const lineNo = lines.length - 1;
  const line = lines[lineNo];
  const head = /^(\s*)(-\s+)?/.exec(line)!;
  const path = yamlPathAt(text.split('\n'), lineNo, head[2] ? head[1].length : head[1].length);
  if (head[2]) path.push(0);
  const valueMatch = /^\s*(?:-\s+)?([A-Za-z0-9_.-]+)\s*:\s*([^\s#]*)$/.exec(line);
  if (valueMatch) {
    const s = schemaAt(root as Schema, [...path, valueMatch[1]]);
    const values = branches(s).flatMap((b) => ((b.enum as unknown[] | undefined) ?? []).map(String));
    return { from: pos - valueMatch[2].length, options: [...new Set(values)].map((label) => ({ label, type: 'enum' as const })) };
  }
  const word = /([A-Za-z0-9_.-]*)$/.exec(line)![1];
  const s = schemaAt(root as Schema, path);
  const seen = new Set<string>();
  const options: CompletionOption[] = [];
  for (const b of branches(s)) {
    for (const [k, v] of Object.entries((b.properties as Record<string, Schema> | undefined) ?? {})) {
      if (seen.has(k)) continue;
      seen.add(k);
      options.push({ label: k, type: 'property', ...(typeof v.description === 'string' ? { info: v.description } : {}) });
    }
  }
  return { from: pos - word.length, options };
}

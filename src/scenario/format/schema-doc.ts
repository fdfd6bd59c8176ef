/**
 * Renders the key reference of docs/scenario-format.md from the strict schema, so the documentation can never
 * disagree with what the loader accepts (a test compares them).
 */
import { JsonSchema, PATTERN_TYPES } from './schema-helpers';
import { LINK_KEYS } from './schema-topology';

/** The row text for collapsed link properties. */
const LINK_OVERRIDE_TEXT = 'Link properties for what this member sends (or, in setLink, the change): same keys and types as on a [Network](#network); unset ones keep the current value.';

/** One documented object. */
interface Section {
  readonly title: string;
  readonly description: string;
  readonly where: string[];
  readonly rows: string[];
}

/** GitHub heading anchor. */
function anchor(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9 -]/gu, '').replace(/ /gu, '-');
}

/** Escapes table cell text. */
function cell(s: string): string {
  return s.replace(/\|/gu, '\\|').replace(/\n/gu, ' ');
}

/** English plural of a type name: `names`, `IP addresses`. */
function plural(t: string): string {
  return /(?:s|x|ch|sh)$/u.test(t) ? `${t}es` : `${t}s`;
}

/** Short type text for a property. */
function typeText(s: JsonSchema): string {
  if (typeof s.title === 'string') return `[${s.title}](#${anchor(s.title)})`;
  if (typeof s.pattern === 'string' && PATTERN_TYPES.has(s.pattern)) {
    const t = PATTERN_TYPES.get(s.pattern)!.type;
    return Array.isArray(s.type) && s.type.includes('array') ? `${t} or list of ${plural(t)}` : t;
  }
  if (Array.isArray(s.enum)) return (s.enum as string[]).map((v) => `\`${v}\``).join(' | ');
  if (s.type === 'integer') return typeof s.minimum === 'number' ? `integer ${s.minimum}..${s.maximum === Number.MAX_SAFE_INTEGER ? '' : String(s.maximum)}` : 'integer';
  if (s.type === 'boolean') return 'true/false';
  if (s.type === 'string') return 'text';
  if (s.type === 'array' && s.items && s.minItems !== undefined && s.minItems === s.maxItems) return `${String(s.minItems)} ${typeText(s.items as JsonSchema)}s`;
  if (s.type === 'array' && s.items) return `list of ${typeText(s.items as JsonSchema)}`;
  if (Array.isArray(s.type) && s.type.includes('array') && s.items) return `value or list of values`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map: name → ${typeText(s.additionalProperties as JsonSchema)}`;
  }
  return Array.isArray(s.type) ? (s.type as string[]).join(' or ') : String(s.type ?? 'any');
}

/** Collects sections depth-first in schema order. */
function walk(s: JsonSchema, where: string, out: Map<string, Section>): void {
  const props = s.properties as Record<string, JsonSchema> | undefined;
  const branches = ((s.allOf as JsonSchema[] | undefined) ?? []).map((b) => b.then as JsonSchema | undefined).filter((b): b is JsonSchema => !!b);
  if (typeof s.title === 'string' && props) {
    const known = out.get(s.title);
    if (known) {
      if (!known.where.includes(where)) known.where.push(where);
      return;
    }
    const required = new Set((s.required as string[] | undefined) ?? []);
    // Link overrides repeat the Network keys; one row points there instead of ten copies.
    const collapse = s.title !== 'Network' && LINK_KEYS.every((k) => k in props);
    const entries = Object.entries(props).filter(([k]) => !collapse || !(LINK_KEYS as readonly string[]).includes(k));
    const rows = branches.length
      ? []
      : entries.map(([k, p]) => {
          const def = p.default === undefined ? '' : `\`${String(p.default)}\``;
          return `| \`${k}\` | ${cell(typeText(p))} | ${required.has(k) ? 'yes' : ''} | ${def} | ${cell(String(p.description ?? ''))} |`;
        });
    if (collapse && !branches.length) {
      rows.push(`| ${LINK_KEYS.map((k) => `\`${k}\``).join(', ')} | link properties |  |  | ${LINK_OVERRIDE_TEXT} |`);
    }
    out.set(s.title, { title: s.title, description: String(s.description ?? ''), where: [where], rows });
  }
  for (const b of branches) walk(b, where, out);
  for (const [k, p] of Object.entries(props ?? {})) walkValue(p, where ? `${where}.${k}` : k, out);
}

/** Descends into a property value: object, map or list. */
function walkValue(p: JsonSchema, where: string, out: Map<string, Section>): void {
  if (p.title) walk(p, where, out);
  else if (p.type === 'object' && p.additionalProperties && typeof p.additionalProperties === 'object') walkValue(p.additionalProperties as JsonSchema, `${where}.<name>`, out);
  else if (p.type === 'array' && p.items) walkValue(p.items as JsonSchema, `${where}[]`, out);
}

/** Markdown reference of every object and key in the schema. */
export function renderSchemaReference(schema: JsonSchema): string {
  const sections = new Map<string, Section>();
  walk(schema, '', sections);
  const parts: string[] = [];
  for (const s of sections.values()) {
    parts.push(`### ${s.title}`, '', `Where: ${s.where.map((w) => `\`${w || '(top level)'}\``).join(', ')}`, '', s.description, '');
    if (s.rows.length) parts.push('| key | type | required | default | description |', '|---|---|---|---|---|', ...s.rows, '');
  }
  return parts.join('\n');
}

/**
 * Reads YAML (and JSON, which YAML 1.2 contains) with the `yaml` package, keeping where every key and value
 * starts so later checks can report file:line:column for a config path. The document becomes plain data plus
 * a PositionIndex; nothing downstream needs the YAML AST.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar, visit } from 'yaml';
import type { ScenarioIssue } from './issues';

/** A step in a config path: a map key or a sequence index. */
export type PathSegment = string | number;
/** A config path from the document root. */
export type ConfigPath = readonly PathSegment[];

/** A 1-based position in a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a key and its value start. */
interface Located {
  /** The key's position (absent for sequence items and the root). */
  readonly key?: Position;
  readonly value: Position;
}

/** Joins a path into an index key. */
function indexKey(path: ConfigPath): string {
  return path.map(String).join('\u0001');
}

/** Formats a config path for people: `topology.nats.home.mapping`, `timeline[2].at`, `users["a b"]`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/u.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Positions of every key and value in a document, by config path. */
export class PositionIndex {
  /** key: indexKey(path) */
  private readonly entries = new Map<string, Located>();

  /** Records where the node at `path` is. The first record for a path wins (explicit keys before merged ones). */
  set(path: ConfigPath, located: Located): void {
    const k = indexKey(path);
    if (!this.entries.has(k)) this.entries.set(k, located);
  }

  /** True when the path exists in the source. */
  has(path: ConfigPath): boolean {
    return this.entries.has(indexKey(path));
  }

  /**
   * The position for an issue at `path`: its key when `part` is 'key' (and it has one), else its value. A path
   * that does not exist (a missing required key) falls back to the nearest existing ancestor.
   */
  locate(path: ConfigPath, part: 'key' | 'value' = 'value'): Position {
    for (let n = path.length; n >= 0; n--) {
      const hit = this.entries.get(indexKey(path.slice(0, n)));
      if (hit) return part === 'key' && n === path.length && hit.key ? hit.key : (n < path.length && hit.key) || hit.value;
    }
    return { line: 1, column: 1 };
  }
}

/** A parsed but not yet validated scenario document. */
export interface ParsedDocument {
  /** File name used in messages. */
  readonly file: string;
  /** The document as plain data (maps become objects, sequences arrays). Undefined when parsing failed. */
  readonly data: unknown;
  /** Where each path is in the file. */
  readonly positions: PositionIndex;
  /** Syntax problems (bad indentation, duplicate keys, several documents). */
  readonly issues: readonly ScenarioIssue[];
}

/**
 * Most alias expansions `toJS` may do (the yaml package's maxAliasCount), against "billion laughs" documents whose
 * few lines expand to gigabytes. A real scenario uses a handful of aliases.
 */
export const MAX_ALIAS_COUNT = 1000;

/** Most positions indexed per document; with aliases bounded this is never reached by a real file. */
const MAX_INDEXED = 200_000;

/** Where the first alias (`*name`) of a document is, for the alias-bomb message. */
function firstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, { Alias: (_key, n) => {
    found = n;
    return visit.BREAK;
  } });
  return found;
}

/** Parses YAML or JSON text. Syntax errors become issues; `data` is undefined if there were any. */
export function parseYamlText(text: string, file: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const positions = new PositionIndex();
  const pos = (offset: number): Position => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col };
  };
  const issues: ScenarioIssue[] = [...doc.errors, ...doc.warnings].map((e) => {
    const at = e.pos ? pos(e.pos[0]) : { line: 1, column: 1 };
    return { file, ...at, path: '', message: `YAML syntax: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/u, '')}` };
  });
  if (issues.length > 0) return { file, data: undefined, positions, issues };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { file, data: undefined, positions, issues: [{ file, line: 1, column: 1, path: '', message: 'the file is empty' }] };
  }
  // Expand first: toJS stops an alias bomb at once, before the position index would walk its expansion.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const alias = firstAlias(doc);
    const at = alias?.range ? pos(alias.range[0]) : { line: 1, column: 1 };
    const bomb = /alias count/iu.test((err as Error).message);
    const message = bomb
      ? `YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} expansions; a "billion laughs" document?)`
      : `YAML: ${(err as Error).message}`;
    return { file, data: undefined, positions, issues: [{ file, ...at, path: '', message, ...(bomb ? { expected: 'a few aliases (*name) that each expand to a small part of the document' } : {}) }] };
  }
  indexNode(doc, doc.contents as Node, [], positions, pos, 0, { left: MAX_INDEXED });
  return { file, data, positions, issues };
}

/** Maximum nesting walked when indexing (aliases could otherwise recurse). */
const MAX_DEPTH = 64;

/** Records positions for a node and its children. */
function indexNode(doc: Document, node: Node, path: PathSegment[], out: PositionIndex, pos: (o: number) => Position, depth: number, budget: { left: number }): void {
  if (depth > MAX_DEPTH || --budget.left < 0) return;
  if (!path.length && node.range) out.set(path, { value: pos(node.range[0]) });
  const target = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
  if (!target) return;
  if (isSeq(target)) {
    target.items.forEach((item, i) => {
      if (!item || !(item as Node).range) return;
      out.set([...path, i], { value: pos((item as Node).range![0]) });
      indexNode(doc, item as Node, [...path, i], out, pos, depth + 1, budget);
    });
    return;
  }
  if (!isMap(target)) return;
  const merges: Node[] = [];
  for (const pair of target.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = pair.key as Scalar;
    if (typeof key.value === 'symbol' || (key.value === '<<' && key.source === '<<')) {
      if (pair.value) merges.push(pair.value as Node);
      continue;
    }
    const keyPos = pos(key.range![0]);
    const value = pair.value as Node | null;
    const childPath = [...path, String(key.value)];
    out.set(childPath, { key: keyPos, value: value?.range ? pos(value.range[0]) : keyPos });
    if (value) indexNode(doc, value, childPath, out, pos, depth + 1, budget);
  }
  for (const m of merges) {
    const src = isAlias(m) ? (m.resolve(doc) as Node | undefined) : m;
    const list = src && isSeq(src) ? (src.items as Node[]) : src ? [src] : [];
    for (const item of list) indexNode(doc, item, path, out, pos, depth + 1, budget);
  }
}

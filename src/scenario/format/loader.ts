/**
 * Loading scenario files: parse YAML/JSON keeping positions, check the sweep and its placeholders, then for
 * every sweep cell substitute the values, validate against the strict JSON Schema (ajv, allErrors) and run the
 * semantic pass. Every problem in every cell is collected; any problem means a ScenarioError and nothing runs.
 */
import { closeSync, fstatSync, openSync, readSync } from 'fs';
import { ScenarioError, ScenarioIssue } from './issues';
import { MAX_INPUT_BYTES } from './limits';
import { normaliseScenario } from './normalise';
import { routeCycleWarnings } from './route-cycles';
import { RawIssue, translateAjvErrors } from './schema-errors';
import { strictValidator } from './strict-validator';
import { formatPath, parseYamlText, PositionIndex } from './source-map';
import type { ScenarioSpec, SweepValue } from './spec-types';
import { unquotedPlaceholderIssues } from './unquoted-placeholders';
import { cartesian, cellLabel, checkPlaceholders, readSweep, substitute, SweepParameter } from './sweeps';

/** A parsed document whose sweep is known but whose cells are not yet validated. */
export interface ScenarioSource {
  readonly file: string;
  /** The document as written (placeholders not substituted). */
  readonly data: unknown;
  readonly positions: PositionIndex;
  /** Swept parameters in file order ([] without a sweep). */
  readonly sweep: readonly SweepParameter[];
}

/** One concrete scenario of a file. */
export interface SweepCell {
  /** 0-based position in the expansion order. */
  readonly index: number;
  /** Parameter values ({} without a sweep). */
  readonly params: Readonly<Record<string, SweepValue>>;
  /** `natA=symmetric natB=cgnat` ('' without a sweep). */
  readonly label: string;
  readonly spec: ScenarioSpec;
}

/** A loaded scenario file: one cell without a sweep, one per combination with one. */
export interface ScenarioFile {
  readonly file: string;
  /** The first cell's name (cells differ only if the name uses a placeholder). */
  readonly name: string;
  readonly description: string;
  readonly sweep: readonly SweepParameter[];
  readonly cells: readonly SweepCell[];
  /** Findings that do not stop a run but probably are mistakes (a static route loop), once per file position. */
  readonly warnings: readonly ScenarioIssue[];
}

/** Gives raw issues their file positions. */
function place(file: string, positions: PositionIndex, raw: readonly RawIssue[]): ScenarioIssue[] {
  return raw.map((r) => {
    const p = positions.locate(r.path, r.part);
    return { file, line: p.line, column: p.column, path: formatPath(r.path), message: r.message, expected: r.expected, didYouMean: r.didYouMean };
  });
}

/** Options of the loading functions. */
export interface LoadInit {
  /**
   * Largest input accepted, in bytes; larger input is a ScenarioError that names the limit.
   * @default MAX_INPUT_BYTES (1 MiB)
   */
  maxInputBytes?: number;
}

/** The issue for input over the size limit. */
function tooLarge(file: string, bytes: number, limit: number): ScenarioError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 3 : 1)} MiB`;
  return new ScenarioError([{
    file, line: 1, column: 1, path: '',
    message: `the input is ${bytes} bytes (${mib(bytes)}), more than the limit of ${limit} bytes (${mib(limit)}) for one scenario file`,
    expected: 'a smaller file, or a higher limit with --max-input-mb',
  }]);
}

/** Parses text and checks the sweep and placeholders. Throws ScenarioError on any problem. */
export function parseScenarioSource(text: string, file: string, init: LoadInit = {}): ScenarioSource {
  const limit = init.maxInputBytes ?? MAX_INPUT_BYTES;
  if (text.length > limit || Buffer.byteLength(text, 'utf8') > limit) throw tooLarge(file, Buffer.byteLength(text, 'utf8'), limit);
  const doc = parseYamlText(text, file);
  if (doc.issues.length) {
    const placeholders = unquotedPlaceholderIssues(text, file, Math.min(...doc.issues.map((i) => i.line)));
    throw new ScenarioError(placeholders.length ? placeholders : doc.issues);
  }
  const { params, issues } = readSweep(doc.data);
  const all = [...issues, ...(issues.length ? [] : checkPlaceholders(doc.data, params))];
  if (all.length) throw new ScenarioError(place(file, doc.positions, all));
  return { file, data: doc.data, positions: doc.positions, sweep: params };
}

/** Validates one concrete document; returns the spec or the issues. */
function validateCell(source: ScenarioSource, params: Readonly<Record<string, SweepValue>>): { spec?: ScenarioSpec; issues: ScenarioIssue[] } {
  const data = substitute(source.data, params);
  const validate = strictValidator();
  const schemaIssues = validate(data) ? [] : translateAjvErrors(validate.errors ?? [], data);
  const result = normaliseScenario(data, source.file, source.positions, params);
  // A semantic finding inside a part the schema already rejected only repeats it.
  // So does a "changes nothing" finding on an object whose misspelled key the schema reported.
  const covered = schemaIssues.map((i) => i.path.join('\u0001'));
  const typoParents = new Set(schemaIssues.filter((i) => i.unknownKey).map((i) => i.path.slice(0, -1).join('\u0001')));
  const semantic = result.issues.filter((i) => {
    const k = i.path.join('\u0001');
    return !typoParents.has(k) && !covered.some((c) => k === c || k.startsWith(`${c}\u0001`));
  });
  const issues = place(source.file, source.positions, [...schemaIssues, ...semantic]);
  return issues.length ? { issues } : { spec: result.spec, issues };
}

/**
 * Expands a source into its cells (cartesian product, first parameter slowest) and validates each one.
 * Problems common to every cell are reported once; others name the cells they occur in. Throws ScenarioError.
 */
export function expandSweeps(source: ScenarioSource): SweepCell[] {
  const combos = cartesian(source.sweep);
  const cells: SweepCell[] = [];
  const found = new Map<string, { issue: ScenarioIssue; cells: string[] }>(); // key: position + message
  combos.forEach((params, index) => {
    const label = cellLabel(params);
    const { spec, issues } = validateCell(source, params);
    for (const issue of issues) {
      const k = `${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
      const entry = found.get(k) ?? { issue, cells: [] };
      entry.cells.push(label);
      found.set(k, entry);
    }
    if (spec) cells.push({ index, params, label, spec });
  });
  if (found.size) {
    const all = [...found.values()].map(({ issue, cells: c }) => (c.length === combos.length || source.sweep.length === 0 ? issue : { ...issue, cells: c }));
    throw new ScenarioError(all);
  }
  return cells;
}

/** Parses and validates scenario text (YAML or JSON). Throws ScenarioError listing every problem. */
export function parseScenarioText(text: string, file: string, init: LoadInit = {}): ScenarioFile {
  const source = parseScenarioSource(text, file, init);
  const cells = expandSweeps(source);
  const warnings = new Map<string, ScenarioIssue>();
  for (const c of cells) {
    for (const w of place(file, source.positions, routeCycleWarnings(c.spec.topology))) warnings.set(`${w.line}:${w.column}:${w.message}`, w);
  }
  return { file, name: cells[0].spec.name, description: cells[0].spec.description, sweep: source.sweep, cells, warnings: [...warnings.values()] };
}

/** Reads at most `limit + 1` bytes of a file (a larger file is not read whole just to be refused). */
function readCapped(path: string, limit: number): { text: string; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size || limit, limit) + 1); // size 0: a pipe or device, read up to the limit
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    return { text: buf.subarray(0, got).toString('utf8'), size: Math.max(size, got) };
  } finally {
    closeSync(fd);
  }
}

/** Reads a scenario file. Throws ScenarioError for bad content, an unreadable file, or one over the size limit. */
export function loadScenarioFile(path: string, init: LoadInit = {}): ScenarioFile {
  const limit = init.maxInputBytes ?? MAX_INPUT_BYTES;
  let read: { text: string; size: number };
  try {
    read = readCapped(path, limit);
  } catch (err) {
    throw new ScenarioError([{ file: path, line: 1, column: 1, path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  if (read.size > limit) throw tooLarge(path, read.size, limit);
  return parseScenarioText(read.text, path, init);
}

/** Parses a scenario without a sweep straight to its spec. Throws ScenarioError (also when it has a sweep). */
export function parseScenarioSpec(text: string, file: string): ScenarioSpec {
  const f = parseScenarioText(text, file);
  if (f.cells.length !== 1 || f.sweep.length) {
    const p = { file, line: 1, column: 1, path: 'sweep' };
    throw new ScenarioError([{ ...p, message: `this scenario has a sweep of ${f.cells.length} cells; load it with parseScenarioText or loadScenarioFile` }]);
  }
  return f.cells[0].spec;
}

/**
 * The summary table of a sweep: one line per cell, or, for a sweep over two parameters, a matrix with the first
 * parameter's values as rows and the second's as columns (the connectivity matrix). Each cell shows what was
 * observed (e.g. `direct`, `relay`, `not connected`, a discovered NAT type) and whether every expectation held.
 */
import type { SweepParameter } from '../format/sweeps';
import type { SweepValue } from '../format/spec-types';

/** One cell's result, as the table needs it. */
export interface SweepCellSummary {
  readonly label: string;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly passed: boolean;
  /** What was observed, in a word or two. */
  readonly observed: string;
  /** The name of the expectation whose observation `observed` is (cellObservedFrom), '' when none. */
  readonly observedFrom?: string;
}

/** The outcome kinds whose observed value best describes a cell, in order of preference. */
const TELLING = ['connected', 'not-connected', 'stays-connected', 'discovery', 'mappings', 'count', 'happens', 'never'];

/** The observed value that describes a run: the first connected/notConnected/discovery/... expectation's. */
export function cellObserved(outcomes: readonly { kind: string; observed: string }[]): string {
  for (const kind of TELLING) {
    const o = outcomes.find((x) => x.kind === kind);
    if (o) return o.observed;
  }
  return outcomes.find((x) => x.kind === 'run')?.observed ?? '-';
}

/** The name of the expectation cellObserved takes its value from, or '' when there is none. */
export function cellObservedFrom(outcomes: readonly { kind: string; name: string }[]): string {
  for (const kind of [...TELLING, 'run']) {
    const o = outcomes.find((x) => x.kind === kind);
    if (o) return o.name;
  }
  return '';
}

/** What the observed values are, for the table: `observed (alice and bob connect within 10s)`. */
function observedHeader(cells: readonly SweepCellSummary[]): string {
  const from = [...new Set(cells.map((c) => c.observedFrom ?? '').filter(Boolean))];
  return from.length === 1 ? `observed (${from[0]})` : 'observed';
}

/** A cell's text: the observation, with FAIL when an expectation failed. */
function cellText(c: SweepCellSummary | undefined): string {
  if (!c) return '(not run)';
  return c.passed ? c.observed : `${c.observed} FAIL`;
}

/** Rows of text cells; the first row is the header. */
function tableRows(params: readonly SweepParameter[], cells: readonly SweepCellSummary[]): string[][] {
  if (params.length === 2) {
    const [a, b] = params;
    const find = (x: SweepValue, y: SweepValue) => cells.find((c) => c.params[a.name] === x && c.params[b.name] === y);
    return [
      [`${a.name} \\ ${b.name}`, ...b.values.map(String)],
      ...a.values.map((x) => [String(x), ...b.values.map((y) => cellText(find(x, y)))]),
    ];
  }
  return [
    [...params.map((p) => p.name), 'result', observedHeader(cells)],
    ...cells.map((c) => [...params.map((p) => String(c.params[p.name])), c.passed ? 'PASS' : 'FAIL', c.observed]),
  ];
}

/** The table as aligned plain text (for terminals). */
export function sweepTableText(title: string, params: readonly SweepParameter[], cells: readonly SweepCellSummary[]): string {
  const rows = tableRows(params, cells);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
  const passed = cells.filter((c) => c.passed).length;
  const what = params.length === 2 ? [`  each cell: ${observedHeader(cells)}`] : [];
  return [`${title}: ${passed}/${cells.length} cells passed`, ...what, ...lines.map((l) => `  ${l}`)].join('\n');
}

/** The table as Markdown (sweep.md in the report folder). */
export function sweepTableMarkdown(title: string, params: readonly SweepParameter[], cells: readonly SweepCellSummary[]): string {
  const rows = tableRows(params, cells);
  const esc = (s: string) => s.replace(/\|/gu, '\\|');
  const line = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  const passed = cells.filter((c) => c.passed).length;
  return [
    `# ${title}`, '', `${passed} of ${cells.length} cells passed. Each cell shows what was ${observedHeader(cells)}; FAIL marks a cell where an expectation failed.`, '',
    line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line), '',
  ].join('\n');
}

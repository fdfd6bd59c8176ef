/**
 * Problems found in a scenario file. Every issue says where (file:line:column and the config path such as
 * `topology.nats.home.mapping`), what is wrong, what would be valid, and a did-you-mean when a name is close
 * to a valid one. Loading collects every issue and throws them together in one ScenarioError.
 */
import { escapeControl } from './escape-text';

/** One problem in a scenario file. */
export interface ScenarioIssue {
  /** File name as given to the loader. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Config path in dotted form, `topology.nats.home.mapping`, `timeline[2].at`; '' for the whole document. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** What would be valid (a list of names, a syntax). */
  readonly expected?: string;
  /** The closest valid key or name, when the input looks like a misspelling of it. */
  readonly didYouMean?: string;
  /** Sweep cells the issue occurs in, as labels (`natA=symmetric natB=cgnat`); absent when it occurs in every cell. */
  readonly cells?: readonly string[];
}

/**
 * Formats one issue as a single line: `file:line:col: path: message (valid: ...). Did you mean 'x'?`. Control
 * bytes and terminal escapes quoted from the file are shown escaped (escapeControl), so the line is safe to print.
 */
export function formatIssue(issue: ScenarioIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const path = issue.path ? `${issue.path}: ` : '';
  const valid = issue.expected ? ` (valid: ${issue.expected})` : '';
  const dym = issue.didYouMean !== undefined ? ` Did you mean '${issue.didYouMean}'?` : '';
  const cells = issue.cells ? ` [sweep cell${issue.cells.length > 1 ? 's' : ''}: ${cellList(issue.cells)}]` : '';
  // Only the message part loses a doubled full stop: the file path is printed as the user gave it (`../x.yaml`).
  return escapeControl(`${where}: ${`${path}${issue.message}${valid}.`.replace(/\.\.$/u, '.')}${dym}${cells}`);
}

/** Lists up to three sweep cells. */
function cellList(cells: readonly string[]): string {
  const shown = cells.slice(0, 3).join('; ');
  return cells.length > 3 ? `${shown}; and ${cells.length - 3} more` : shown;
}

/** Sorts issues by file, line, column, then message, so output is stable. */
export function sortIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  return [...issues].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

/**
 * Thrown when a scenario file cannot be loaded: it holds every issue found, not only the first. The CLI turns
 * it into exit code 2 (bad input) before anything runs.
 */
export class ScenarioError extends Error {
  /** Every problem, sorted by position. */
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[]) {
    const sorted = sortIssues(issues);
    const head = `${sorted.length} problem${sorted.length === 1 ? '' : 's'} in scenario input`;
    super(`${head}:\n${sorted.map(formatIssue).join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = sorted;
  }
}

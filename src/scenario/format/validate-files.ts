/**
 * `natsim validate` as a function: loads each file, collects every problem, and returns the text to print and
 * whether all files are valid. The CLI maps ok=false to exit code 2.
 */
import { formatIssue, ScenarioError, ScenarioIssue } from './issues';
import { loadScenarioFile } from './loader';

/** Outcome of validating files. */
export interface ValidateFilesResult {
  /** True when every file loaded. */
  readonly ok: boolean;
  /** One line per valid file, one per problem, and a summary line. */
  readonly output: string;
  /** Every problem in every file. */
  readonly issues: readonly ScenarioIssue[];
}

/** Validates scenario files. Other errors than ScenarioError (bugs) propagate. */
export function validateFiles(paths: readonly string[]): ValidateFilesResult {
  const lines: string[] = [];
  const issues: ScenarioIssue[] = [];
  let bad = 0;
  for (const p of paths) {
    try {
      const f = loadScenarioFile(p);
      const cells = f.sweep.length ? ` (sweep: ${f.cells.length} cells)` : '';
      lines.push(`ok ${p}: ${f.name}${cells}`);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      bad++;
      issues.push(...err.issues);
      lines.push(...err.issues.map(formatIssue));
    }
  }
  const n = paths.length;
  lines.push(bad ? `${bad} of ${n} file${n === 1 ? '' : 's'} invalid, ${issues.length} problem${issues.length === 1 ? '' : 's'}` : `${n} file${n === 1 ? '' : 's'} valid`);
  return { ok: bad === 0, output: lines.join('\n'), issues };
}

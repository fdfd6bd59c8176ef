/**
 * `natsim validate` as a function: loads every file (folders are searched like `natsim run` does) and trial-builds
 * every sweep cell, printing `ok <file>` or every problem as `file:line:column: path: message`. Exit 2 when any
 * file has a problem.
 */
import { formatIssue, loadScenarioFile, ScenarioError, type LoadInit } from '../scenario/format';
import { EXIT } from './cli-errors';
import type { CliIo } from './cli-io';
import { paint } from './output';
import { planRun, trialBuild } from './run-plan';
import { scenarioFiles } from './scenario-paths';

/** Validates; returns the exit code. `init.maxInputBytes` is --max-input-mb (default MAX_INPUT_BYTES). */
export function validateCommand(paths: readonly string[], io: CliIo, init: LoadInit = {}): number {
  const files = scenarioFiles(paths);
  let bad = 0;
  let problems = 0;
  for (const file of files) {
    try {
      const loaded = loadScenarioFile(file, init);
      trialBuild([loaded], planRun([loaded]).units);
      const cells = loaded.sweep.length ? ` (sweep: ${loaded.cells.length} cells)` : '';
      io.out(`${paint('ok', 'green', io.colour)} ${file}: ${loaded.name}${cells}\n`);
      for (const w of loaded.warnings) io.out(`${paint('warning', 'yellow', io.colour)}: ${formatIssue(w)}\n`);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      bad++;
      problems += err.issues.length;
      for (const issue of err.issues) io.out(`${formatIssue(issue)}\n`);
    }
  }
  const n = files.length;
  const s = n === 1 ? '' : 's';
  io.out(bad
    ? `${paint(`${bad} of ${n} file${s} invalid`, 'red', io.colour)}, ${problems} problem${problems === 1 ? '' : 's'}\n`
    : `${n} file${s} valid\n`);
  return bad ? EXIT.usage : EXIT.ok;
}

/**
 * Turns the paths given on the command line into scenario files: files as given, folders searched recursively
 * for .yaml, .yml and .json files (JSON Schema files, `*.schema.json`, are skipped), in sorted order so every run
 * sees the same list.
 */
import { readdirSync, statSync } from 'fs';
import { join } from 'path';
import { CliUsageError } from './cli-errors';

/** True for a file name that looks like a scenario. */
export function isScenarioFileName(name: string): boolean {
  return /\.(ya?ml|json)$/u.test(name) && !name.endsWith('.schema.json');
}

function walk(dir: string, out: string[]): void {
  const names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (isScenarioFileName(name)) out.push(p);
  }
}

/** Scenario files for the given paths, in argument order (each folder's files sorted), without duplicates. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliUsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      walk(p, found);
      if (found.length === 0) throw new CliUsageError(`${p}: no scenario files (.yaml, .yml, .json) in this folder`);
      out.push(...found);
    } else out.push(p);
  }
  return [...new Set(out)];
}

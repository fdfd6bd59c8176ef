/** The scenario files shipped in scenarios/, for tests that validate or run all of them. */
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

/** The scenarios/ folder of the repository. */
export const SCENARIOS_ROOT = join(__dirname, '../../scenarios');

/** Every .yaml/.yml/.json scenario file under a folder (not the JSON Schema), sorted, recursively. */
export function scenarioFiles(dir = SCENARIOS_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...scenarioFiles(p));
    else if (/\.(ya?ml|json)$/u.test(name) && !name.endsWith('.schema.json')) out.push(p);
  }
  return out;
}

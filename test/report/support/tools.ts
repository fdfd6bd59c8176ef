/** Test helper: find external tools (chromium, tshark) and skip loudly when one is missing. */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';

/** Absolute path of the first of `names` found on PATH (or as an absolute path), else undefined. */
export function findTool(...names: string[]): string | undefined {
  for (const n of names) {
    if (n.startsWith('/')) { if (existsSync(n)) return n; continue; }
    try {
      const p = execFileSync('sh', ['-c', `command -v ${n}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/** Skips the current mocha suite with a warning everyone sees in the log. */
export function skipLoudly(ctx: Mocha.Context, why: string): void {
  console.warn(`\n  WARNING: SKIPPED: ${why}\n`);
  ctx.skip();
}

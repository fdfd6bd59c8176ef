/**
 * Mocha root hook (see .mocharc.json): when the loaded test files spawn the CLI (they import compiled-cli.ts),
 * make dist/ the build of today's src/ before the first test, with `npm run build` if the build stamp does not match
 * (bin/build-stamp.js). The tests themselves always import src/; this only keeps the spawned CLI current and fast.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

/** Builds dist/ unless fresh; throws with tsc's output when the build fails. */
export function ensureFreshBuild(): void {
  const state = (require(join(ROOT, 'bin', 'build-stamp.js')) as { buildState(root: string): { fresh: boolean; reason?: string } }).buildState(ROOT);
  if (state.fresh) return;
  process.stderr.write(`test set-up: ${state.reason}; building dist/ for the tests that spawn the CLI\n`);
  try {
    execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed, so the tests that spawn the CLI cannot run:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

/** Root hooks: mocha runs beforeAll once, after loading every test file. */
export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    if (!Object.keys(require.cache).some((f) => f.endsWith(join('test', 'support', 'compiled-cli.ts')))) return;
    this.timeout(0); // a build is slow on a loaded machine, and not a test
    ensureFreshBuild();
  },
};

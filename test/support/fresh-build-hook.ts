/**
 * Mocha root hook (see .mocharc.json): when the loaded test files spawn the CLI (they import compiled-cli.ts),
 * make dist/ the build of today's src/ before the first test, with `npm run build` if the build stamp does not match
 * (bin/build-stamp.js). The tests themselves always import src/; this only keeps the spawned CLI current and fast.
 * `npm test` runs mocha with two worker processes (--parallel), each running this hook: a lock directory makes the
 * second one wait for the first one's build instead of emptying dist/ under it.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

/** The build lock of this checkout: a directory holding the builder's pid (outside dist/, which a build empties). */
const LOCK = join(tmpdir(), `natsim-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the build lock, waiting while another live process holds it (a dead holder's lock is taken over). */
function lockBuild(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    } catch {
      // the holder has not written its pid yet, or just let go
    }
    if (Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) rmSync(LOCK, { recursive: true, force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // a synchronous 200 ms pause
  }
}

function buildState(): { fresh: boolean; reason?: string } {
  return (require(join(ROOT, 'bin', 'build-stamp.js')) as { buildState(root: string): { fresh: boolean; reason?: string } }).buildState(ROOT);
}

/** Builds dist/ unless fresh; throws with tsc's output when the build fails. */
export function ensureFreshBuild(): void {
  if (buildState().fresh) return;
  lockBuild();
  try {
    buildUnlessFresh();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The build itself, under the lock: another worker may have built dist/ while this one waited. */
function buildUnlessFresh(): void {
  const state = buildState();
  if (state.fresh) return;
  process.stderr.write(`test set-up: ${state.reason}; building dist/ for the tests that spawn the CLI\n`);
  try {
    execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed, so the tests that spawn the CLI cannot run:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

/** Root hooks: mocha runs beforeAll once, after loading every test file (with --parallel: in each worker, per file). */
export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    if (!Object.keys(require.cache).some((f) => f.endsWith(join('test', 'support', 'compiled-cli.ts')))) return;
    this.timeout(0); // a build is slow on a loaded machine, and not a test
    ensureFreshBuild();
  },
};

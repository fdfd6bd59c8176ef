/**
 * Tests that spawn natsim run the compiled CLI, `node bin/natsim.js`, as a user does. Importing this module is what
 * marks a test run as spawning the CLI: before any test runs, fresh-build-hook.ts then makes sure dist/ is the build
 * of today's src/ (rebuilding it if not), so a spawned CLI starts in a fraction of a second and never runs a stale
 * build. Spawned-CLI tests use SPAWN_TIMEOUT_MS: generous, so a loaded machine does not fail them.
 */
import { join } from 'path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** The CLI's entry point (runs dist/ when fresh). */
export const NATSIM_BIN = join(ROOT, 'bin', 'natsim.js');

/** Mocha timeout of a test that spawns the CLI (a few runs of well under a second each on a quiet machine). */
export const SPAWN_TIMEOUT_MS = 300_000;

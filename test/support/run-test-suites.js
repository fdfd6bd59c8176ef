#!/usr/bin/env node
'use strict';
/* global require, process, __dirname */
// `npm test`: runs the suites of test/support/test-suites.js side by side, each its own `mocha --parallel`, the
// computing one at a lower priority (why: test-suites.js). The live suite's output streams as it comes; the other
// suite's is printed whole once every suite has ended, so two spec reports never interleave. The last line sums
// both, as the counting reporter prints it for one run: "N passed, N failed" (", N skipped" when any), which
// .ci/run reads. Arguments after `npm test --` go to every mocha run (for example `-- --grep nat`); when they name
// test files (`npm test -- test/nat/nat-table.test.ts`), those files alone run in one mocha.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { TEST_SUITES } = require('./test-suites');

const ROOT = path.join(__dirname, '..', '..');
const MOCHA = require.resolve('mocha/bin/mocha.js', { paths: [ROOT] });
const COUNTS = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm;

/** The `nice` program on PATH, or undefined (Windows, or a system without it). */
function findNice() {
  if (process.platform === 'win32') return undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'nice');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Starts one suite's mocha; resolves with its exit code, output (when buffered), counts and seconds. */
function runSuite(suite, extraArgs, nice) {
  const args = [MOCHA, '--parallel', '--jobs', String(suite.jobs), ...(process.stdout.isTTY ? ['--color'] : []), ...suite.globs, ...extraArgs];
  // Through `nice` the priority holds from the first instruction, for every thread and worker the run starts;
  // without it, the process is lowered right after it starts (its first helper threads keep the caller's).
  const lowered = suite.nice > 0 && nice !== undefined;
  const child = lowered
    ? spawn(nice, ['-n', String(suite.nice), process.execPath, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  if (suite.nice > 0 && !lowered) {
    try {
      os.setPriority(child.pid, suite.nice);
    } catch {
      // not allowed here: the suite runs at the caller's priority
    }
  }
  const started = process.hrtime.bigint();
  const chunks = [];
  const take = (stream, out) => stream.on('data', (b) => {
    chunks.push(b);
    if (suite.live) out.write(b);
  });
  take(child.stdout, process.stdout);
  take(child.stderr, process.stderr);
  return {
    child,
    done: new Promise((resolve) => {
      child.on('error', (err) => chunks.push(Buffer.from(`\nnpm test: could not start mocha: ${err.message}\n`)));
      child.on('close', (code, signal) => {
        const output = Buffer.concat(chunks).toString('utf8');
        const all = [...output.matchAll(COUNTS)];
        const last = all[all.length - 1];
        resolve({
          suite,
          code: code ?? (signal ? 1 : 0),
          output,
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          counts: last ? { passed: Number(last[1]), failed: Number(last[2]), skipped: Number(last[3] ?? 0) } : undefined,
        });
      });
    }),
  };
}

function countsText(c) {
  return `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
}

/** `npm test -- test/x.test.ts ...`: files named run in one plain mocha, as `npx mocha` would, and nothing else. */
function runNamedFiles(args) {
  const child = spawn(process.execPath, [MOCHA, ...args], { cwd: ROOT, stdio: 'inherit' });
  child.on('close', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

async function main() {
  const extraArgs = process.argv.slice(2);
  // A test file or glob among the arguments (they end in .ts): run just those, not both suites around them.
  if (extraArgs.some((a) => !a.startsWith('-') && /\.ts$/u.test(a))) return runNamedFiles(extraArgs);
  const nice = findNice();
  const live = TEST_SUITES.filter((s) => s.live).map((s) => s.name);
  const held = TEST_SUITES.filter((s) => !s.live).map((s) => s.name);
  process.stdout.write(`npm test: ${TEST_SUITES.length} mocha runs side by side; ${live.join(', ')} below as it runs, ${held.join(', ')} once it has ended\n`);
  const runs = TEST_SUITES.map((suite) => runSuite(suite, extraArgs, nice));
  const stop = (signal) => {
    for (const r of runs) if (r.child.exitCode === null) r.child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const results = await Promise.all(runs.map((r) => r.done));
  for (const r of results) {
    if (r.suite.live) continue;
    process.stdout.write(`\n── ${r.suite.name}: ran beside the others, printed whole now it has ended ──\n${r.output}`);
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  process.stdout.write('\n');
  for (const r of results) {
    // A run that printed no counts (mocha could not start, or crashed) counts as one failure.
    const c = r.counts ?? { passed: 0, failed: 1, skipped: 0 };
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    const how = r.counts ? countsText(c) : `no result line (exit code ${r.code}): counted as 1 failed`;
    process.stdout.write(`${r.suite.name}: ${how}, ${r.seconds.toFixed(1)} s (mocha --jobs ${r.suite.jobs}${r.suite.nice ? `, nice ${r.suite.nice}` : ''})\n`);
  }
  process.stdout.write(`\n${countsText(total)}\n`);
  process.exitCode = results.every((r) => r.code === 0 && r.counts !== undefined) ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(`npm test: ${err.stack ?? err}\n0 passed, 1 failed\n`);
  process.exitCode = 1;
});

'use strict';
/* global module, require */
// What `npm test` runs (test/support/run-test-suites.js): two mocha runs side by side, each over its own globs.
//
// A third of the suite's time is tests waiting on real programs and real time (the flood test, coturn's clients,
// the kernel NAT, real sockets), the rest computing. Run as one mocha with three workers, the waiting files came
// first and held every worker for the first 35-40 s while the two cores were 9-66 % busy (docs/performance.md,
// "The test suite"). Here the waiting files have a run of their own at normal priority, and the computing files
// a run at nice 10 beside it: the computing run takes whatever CPU the real-time one leaves, and the real-time
// tests (the flood test above all, which must answer within its pacing) still get the CPU first when they need it.
//
// Every test file must match exactly one suite's globs; test/architecture/test-command.test.ts checks that with
// mocha's own file lookup.
const os = require('os');

/** Cores this process may use (os.availableParallelism where Node has it). */
function cores() {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * @typedef {object} TestSuite
 * @property {string} name what the suite holds, for the output
 * @property {readonly string[]} globs mocha spec globs, relative to the project root, in the order files start
 * @property {number} jobs mocha --jobs (worker processes)
 * @property {number} nice the priority it runs at (0 = the caller's, 10 = yields to it)
 * @property {boolean} live true: its output streams as it comes; false: printed whole once every suite has ended
 */

/** @type {readonly TestSuite[]} */
const TEST_SUITES = [
  {
    name: 'real-time (interop with real programs, real sockets)',
    // The flood test first, while the load it checks is still the machine's own.
    globs: ['test/interop/flood/*.test.ts', 'test/interop/!(flood)/**/*.test.ts', 'test/real/**/*.test.ts'],
    // Two at a time: they mostly wait, and fewer of them start at once beside the flood test, which skips itself
    // when too many threads at its priority are runnable (three made it skip in one run of five).
    jobs: 2,
    nice: 0,
    live: false,
  },
  {
    name: 'simulated (everything else)',
    globs: ['test/!(interop|real)/**/*.test.ts'],
    // One worker per core, at least two and at most eight (each worker loads the sources through ts-node anew).
    jobs: Math.min(8, Math.max(2, cores())),
    nice: 10,
    live: true,
  },
];

module.exports = { TEST_SUITES };

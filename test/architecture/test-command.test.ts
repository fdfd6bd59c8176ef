/**
 * `npm test` runs the suites of test/support/test-suites.js side by side (run-test-suites.js): the real-time files
 * in one mocha run, the flood test first (it skips itself on an oversubscribed machine, so it starts before the
 * workers raise the load), and every other file in a second run at a lower priority (docs/performance.md, "The
 * test suite"). This checks that the suites' globs take every test file exactly once, and that `npm test` is that
 * runner.
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
// mocha's own file lookup, as `mocha <spec...>` uses it
const { lookupFiles } = require('mocha/lib/cli/lookup-files.js') as { lookupFiles(pattern: string, extensions: string[], recursive: boolean): string[] };
const { TEST_SUITES } = require('../support/test-suites.js') as { TEST_SUITES: readonly { name: string; globs: readonly string[]; jobs: number; nice: number; live: boolean }[] };

const ROOT = join(__dirname, '..', '..');

describe('the npm test command', () => {
  it('is the suite runner', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test;
    expect(script).to.equal('node test/support/run-test-suites.js');
  });

  it('runs every test file exactly once across its suites, the flood test first in the real-time one', () => {
    // Patterns made absolute (npm runs them from the project root), so the test does not depend on the cwd.
    const find = (glob: string): string[] => lookupFiles(join(ROOT, glob), ['.ts'], false);
    const bySuite = TEST_SUITES.map((s) => s.globs.flatMap(find));
    const listed = bySuite.flat();
    const all = find('test/**/*.test.ts');
    expect(all.length).to.be.greaterThan(100);
    expect([...listed].sort()).to.deep.equal([...all].sort());
    expect(new Set(listed).size).to.equal(listed.length);
    const realTime = TEST_SUITES.findIndex((s) => s.nice === 0);
    expect(bySuite[realTime][0]).to.equal(join(ROOT, 'test/interop/flood/serve-under-flood.test.ts'));
    // Every coturn, kernel-NAT and real-socket file waits on real time: none may land in the lowered suite.
    for (const [i, files] of bySuite.entries()) {
      if (TEST_SUITES[i].nice === 0) continue;
      expect(files.filter((f) => /\/test\/(interop|real)\//.test(f)), TEST_SUITES[i].name).to.deep.equal([]);
    }
    // Exactly one suite streams its output; the others are printed whole at the end.
    expect(TEST_SUITES.filter((s) => s.live)).to.have.length(1);
  });
});

/**
 * `npm test` lists its files in three globs, so that the flood test (which skips itself on an oversubscribed
 * machine) starts first, before three workers have raised the load average (docs/performance.md, "The test
 * suite"). This checks that the globs still take every test file exactly once.
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
// mocha's own file lookup, as `mocha <spec...>` uses it
const { lookupFiles } = require('mocha/lib/cli/lookup-files.js') as { lookupFiles(pattern: string, extensions: string[], recursive: boolean): string[] };

const ROOT = join(__dirname, '..', '..');

describe('the npm test command', () => {
  it('runs every test file exactly once, the flood test first', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.test;
    const globs = [...script.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(globs.length, script).to.be.greaterThan(1);
    // Patterns made absolute (npm runs them from the project root), so the test does not depend on the cwd.
    const find = (glob: string): string[] => lookupFiles(join(ROOT, glob), ['.ts'], false);
    const listed = globs.flatMap(find);
    const all = find('test/**/*.test.ts');
    expect(all.length).to.be.greaterThan(100);
    expect([...listed].sort()).to.deep.equal([...all].sort());
    expect(new Set(listed).size).to.equal(listed.length);
    expect(listed[0]).to.equal(join(ROOT, 'test/interop/flood/serve-under-flood.test.ts'));
  });
});

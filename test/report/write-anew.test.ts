/**
 * A run writing into a report folder of an earlier run removes the files it writes and creates them anew instead of
 * rewriting them in place (src/report/write-anew.ts: on ext4 an in-place rewrite is forced to disk at close).
 * Observable: a hard link to an old file keeps the old bytes; files the run does not write stay.
 */
import { expect } from 'chai';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { writeFileAnew } from '../../src/report/write-anew';
import { parseScenarioSpec } from '../../src/scenario/format';
import { runScenario } from '../../src/scenario/run/run-scenario';
import { tempFolder } from '../cli/cli-fixtures';

const LESSON = join(__dirname, '..', '..', 'scenarios', 'lessons', '01-nat-mapping-basics.yaml');
const WRITTEN = ['summary.json', 'report.md', 'report.html', 'trace.jsonl', 'capture.pcapng', 'replay.json', 'scenario.yaml'];

describe('report files rewritten by a later run', () => {
  it('are new files with the same bytes, and other files in the folder are left alone', () => {
    const t = tempFolder();
    try {
      const spec = parseScenarioSpec(readFileSync(LESSON, 'utf8'), LESSON);
      const dir = t.path('out');
      runScenario(spec, { reportDir: dir });
      const first = WRITTEN.map((f) => readFileSync(join(dir, f)));
      // Each old file also reachable under a second name, then marked: an in-place rewrite would change both names.
      for (const f of WRITTEN) {
        linkSync(join(dir, f), join(dir, `${f}.old`));
        writeFileSync(join(dir, f), 'OLD');
      }
      writeFileSync(join(dir, 'notes.txt'), 'mine');
      runScenario(spec, { reportDir: dir });
      expect(WRITTEN.map((f) => readFileSync(join(dir, f)))).to.deep.equal(first);
      expect(WRITTEN.map((f) => readFileSync(join(dir, `${f}.old`), 'utf8'))).to.deep.equal(WRITTEN.map(() => 'OLD'));
      expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).to.equal('mine');
    } finally {
      t.cleanup();
    }
  });

  it('replaces a regular file, writes through a symbolic link, creates a missing file, and lets a folder fail the write', () => {
    const t = tempFolder({ 'old.txt': 'old', 'target.txt': 'target' });
    try {
      linkSync(t.path('old.txt'), t.path('old-link.txt'));
      writeFileAnew(t.path('old.txt'), 'new');
      expect([readFileSync(t.path('old.txt'), 'utf8'), readFileSync(t.path('old-link.txt'), 'utf8')]).to.deep.equal(['new', 'old']);
      symlinkSync(t.path('target.txt'), t.path('link.txt'));
      writeFileAnew(t.path('link.txt'), 'through');
      expect(readFileSync(t.path('target.txt'), 'utf8')).to.equal('through');
      writeFileAnew(t.path('missing.txt'), 'made');
      expect(readFileSync(t.path('missing.txt'), 'utf8')).to.equal('made');
      mkdirSync(t.path('report.html'));
      expect(() => writeFileAnew(t.path('report.html'), 'x')).to.throw(/EISDIR/);
    } finally {
      t.cleanup();
    }
  });
});

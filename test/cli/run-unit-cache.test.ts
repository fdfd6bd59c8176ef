/**
 * run-unit's per-thread cache of loaded scenario files: `natsim run` hands it the files its planner already loaded,
 * so the runs on the main thread do not parse and validate them a second time.
 */
import { expect } from 'chai';
import { join } from 'path';
import { loadScenarioFile } from '../../src/scenario/format';
import { executeUnit, rememberLoadedFile } from '../../src/cli/run-unit';
import { SCENARIOS_ROOT } from '../support/scenario-files';

describe('natsim run: files loaded once per thread', () => {
  it('runs a remembered file from memory, without reading it again', () => {
    const lesson = loadScenarioFile(join(SCENARIOS_ROOT, 'lessons', '01-nat-mapping-basics.yaml'));
    const direct = executeUnit({ file: lesson.file, cellIndex: 0 });
    // The same file under a path where nothing exists: only the remembered copy can answer.
    const nowhere = join(SCENARIOS_ROOT, 'no-such-dir', 'remembered.yaml');
    rememberLoadedFile({ ...lesson, file: nowhere });
    const fromMemory = executeUnit({ file: nowhere, cellIndex: 0 });
    expect(fromMemory.passed).to.equal(true);
    expect(fromMemory.traceHash).to.equal(direct.traceHash);
    expect(() => executeUnit({ file: join(SCENARIOS_ROOT, 'no-such-dir', 'other.yaml'), cellIndex: 0 })).to.throw(/other\.yaml/);
  });
});

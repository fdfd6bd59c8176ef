/**
 * CI runs the whole lesson library: every cell of every scenario in scenarios/ must hold every expectation, and
 * each lesson must be deterministic (the same trace hash on a second run of its first cell).
 */
import { expect } from 'chai';
import { SCENARIOS_ROOT, scenarioFiles } from '../../support/scenario-files';
import { loadScenarioFile } from '../../../src/scenario/format';
import { runScenario } from '../../../src/scenario/run/run-scenario';

const ROOT = SCENARIOS_ROOT;

describe('the lesson library (every scenario in scenarios/, every sweep cell)', function () {
  this.timeout(120_000);
  for (const file of scenarioFiles(ROOT)) {
    const short = file.slice(ROOT.length + 1);
    const loaded = loadScenarioFile(file);
    for (const [index, cell] of loaded.cells.entries()) {
      it(`${short}${cell.label ? ` [${cell.label}]` : ''}: every expectation holds`, () => {
        const r = runScenario(cell.spec, { keepEvents: false, cellIndex: index });
        const failed = r.outcomes.filter((o) => !o.passed).map((o) => `${o.name}: ${o.detail}`);
        expect(failed, r.error ?? '').to.deep.equal([]);
        expect(r.passed).to.equal(true);
        expect(r.outcomes.length).to.equal(cell.spec.expectations.length);
      });
    }
    it(`${short}: replays to the same trace hash`, () => {
      const spec = loaded.cells[0].spec;
      const a = runScenario(spec, { keepEvents: false });
      const b = runScenario(spec, { keepEvents: false });
      expect(a.record.stats.traceHash).to.match(/^[0-9a-f]{16,}$/u);
      expect(b.record.stats.traceHash).to.equal(a.record.stats.traceHash);
    });
  }
});

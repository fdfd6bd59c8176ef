import { expect } from 'chai';
import { join } from 'path';
import { SCENARIOS_ROOT, scenarioFiles } from '../../support/scenario-files';
import { formatIssue, loadScenarioFile, ScenarioError, validateFiles } from '../../../src/scenario/format';

const ROOT = SCENARIOS_ROOT;


describe('scenario files in scenarios/', () => {
  const files = scenarioFiles(ROOT);

  it('include at least 12 lessons', () => {
    expect(files.filter((f) => f.includes(`${join('scenarios', 'lessons')}`)).length).to.be.greaterThanOrEqual(12);
  });

  for (const file of files) {
    const short = file.slice(ROOT.length + 1);
    it(`${short} validates, with a description and expectations in every sweep cell`, () => {
      try {
        const loaded = loadScenarioFile(file);
        for (const cell of loaded.cells) {
          expect(cell.spec.description.length, 'description').to.be.greaterThan(40);
          expect(cell.spec.expectations.length, `expectations in ${cell.label || 'the scenario'}`).to.be.greaterThan(0);
        }
      } catch (err) {
        if (err instanceof ScenarioError) expect.fail(err.issues.map(formatIssue).join('\n'));
        throw err;
      }
    });
  }

  it('cover the lesson topics of issue 6 (by the features they use)', () => {
    const specs = files.flatMap((f) => loadScenarioFile(f).cells.map((c) => c.spec));
    const uses = (pred: (s: (typeof specs)[number]) => boolean) => specs.some(pred);
    expect(uses((s) => s.agents.some((a) => a.type === 'traffic')), 'mapping basics').to.equal(true);
    const filterings = new Set(specs.flatMap((s) => s.topology.nats.map((n) => n.behaviour.filtering)));
    expect([...filterings].filter(Boolean).sort(), 'each filtering').to.deep.equal(['address-and-port-dependent', 'address-dependent', 'endpoint-independent']);
    expect(uses((s) => s.expectations.some((e) => e.kind === 'discovery')), 'discovery').to.equal(true);
    expect(uses((s) => s.expectations.some((e) => e.kind === 'not-connected')), 'a failing punch').to.equal(true);
    expect(uses((s) => s.expectations.some((e) => e.kind === 'connected' && e.via === 'relay')), 'TURN fallback').to.equal(true);
    expect(uses((s) => s.topology.nats.some((n) => n.preset === 'cgnat')), 'CGNAT').to.equal(true);
    expect(uses((s) => s.agents.some((a) => a.type === 'hole-punch' && a.keepaliveMs > 0)), 'keepalives').to.equal(true);
    expect(uses((s) => s.timeline.some((t) => t.action.kind === 'reboot-nat')), 'NAT reboot').to.equal(true);
    expect(uses((s) => s.topology.networks.some((n) => n.link.loss > 0)), 'lossy link').to.equal(true);
    expect(uses((s) => s.expectations.some((e) => e.kind === 'happens' && e.event.event === 'permission-expired')), 'TURN permission expiry').to.equal(true);
    expect(uses((s) => s.topology.nats.some((n) => n.behaviour.hairpinning !== undefined)), 'hairpinning').to.equal(true);
    expect(files.some((f) => loadScenarioFile(f).cells.length >= 16), 'the connectivity matrix sweep').to.equal(true);
  });

  it('validateFiles reports each file and a summary, ok only when all load', () => {
    const good = validateFiles(files.slice(0, 2));
    expect(good.ok).to.equal(true);
    expect(good.output.split('\n').at(-1)).to.equal('2 files valid');
    const bad = validateFiles([files[0], join(ROOT, 'no-such-file.yaml')]);
    expect(bad.ok).to.equal(false);
    expect(bad.output).to.match(/no-such-file\.yaml:1:1: cannot read the file/u);
    expect(bad.output.split('\n').at(-1)).to.equal('1 of 2 files invalid, 1 problem');
  });
});

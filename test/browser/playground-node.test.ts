/**
 * The playground's Node-testable parts: schema-driven completion, the inline errors the editor shows, the runner
 * (same hash as runScenario), and the static server `natsim play` uses.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { get } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { parsePlaygroundScenario, runCell } from '../../src/playground/browser-run';
import { readLessons } from '../../src/playground/build-site';
import { scenarioIssues } from '../../src/playground/editor';
import { completionsAt } from '../../src/playground/schema-completion';
import { serveSite } from '../../src/playground/serve-site';
import { scenarioJsonSchema } from '../../src/scenario/format/schema';

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('playground (Node side)', function () {
  this.timeout(60000);

  it('completes the keys valid at the cursor from the scenario schema', () => {
    const top = completionsAt(scenarioJsonSchema, 'na', 2);
    expect(top.from).to.equal(0);
    expect(top.options.map((o) => o.label)).to.include.members(['name', 'topology', 'agents', 'timeline']);
    const text = 'topology:\n  nats:\n    home:\n      ';
    const nat = completionsAt(scenarioJsonSchema, text, text.length).options.map((o) => o.label);
    expect(nat).to.include.members(['mapping', 'filtering']);
    expect(nat).not.to.include('topology');
  });

  it('completes enum values after a key', () => {
    const text = 'topology:\n  nats:\n    home:\n      filtering: addr';
    const r = completionsAt(scenarioJsonSchema, text, text.length);
    expect(r.from).to.equal(text.length - 4);
    expect(r.options.map((o) => o.label)).to.include.members(['endpoint-independent', 'address-dependent', 'address-and-port-dependent']);
  });

  it('reports a bad value with its line and column for the inline error', () => {
    const lesson = readLessons().find((l) => l.name === '01-nat-mapping-basics')!;
    expect(scenarioIssues(lesson.text, 'x.yaml')).to.deep.equal([]);
    const bad = lesson.text.replace('preset: port-restricted-cone', 'preset: sticky-cone');
    const line = bad.split('\n').findIndex((l) => l.includes('preset: sticky-cone')) + 1;
    expect(line).to.be.greaterThan(1);
    const issues = scenarioIssues(bad, 'x.yaml');
    expect(issues.map((i) => i.line)).to.include(line);
    expect(issues.find((i) => i.line === line)!.message).to.match(/sticky|preset/);
  });

  it('runs every cell of a sweep with the chosen seed', () => {
    const lesson = readLessons().find((l) => l.name === '02-filtering-behaviours')!;
    const file = parsePlaygroundScenario(lesson.text, 'x.yaml');
    expect(file.cells.length).to.equal(3);
    const a = runCell(file, 1, 9);
    expect(a.record.scenario.seed).to.equal(9);
    expect(a.label).to.contain('address-dependent');
    expect(runCell(file, 1, 9).record.stats.traceHash).to.equal(a.record.stats.traceHash);
  });

  it('serves the site folder on 127.0.0.1 and nothing outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'natsim-serve-'));
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
    const server = await serveSite(dir);
    try {
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await fetchText(server.url)).to.deep.equal({ status: 200, body: '<p>hi</p>' });
      expect((await fetchText(`${server.url}..%2f..%2fetc%2fpasswd`)).status).to.equal(404);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

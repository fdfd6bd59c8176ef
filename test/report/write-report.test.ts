import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { REPORT_FILES, writeReport } from '../../src/report/write-report';
import { exampleRecord, smallRecord } from './support/sample-records';

describe('report/write-report', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'natsim-report-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the five files', () => {
    const paths = writeReport(join(dir, 'a'), smallRecord());
    expect(paths.map((p) => p.slice(join(dir, 'a').length + 1))).to.deep.equal(
      ['summary.json', 'report.md', 'report.html', 'trace.jsonl', 'capture.pcapng']);
    for (const p of paths) expect(readFileSync(p).length).to.be.greaterThan(100);
  });

  it('writes byte-identical files for the same record, twice', () => {
    for (const [name, make] of [['small', smallRecord], ['example', exampleRecord]] as const) {
      const a = writeReport(join(dir, `${name}-1`), make());
      const b = writeReport(join(dir, `${name}-2`), make());
      a.forEach((p, i) => expect(Buffer.compare(readFileSync(p), readFileSync(b[i])), p).to.equal(0));
    }
  });

  it('leaves out trace.jsonl and capture.pcapng when the runner streamed them', () => {
    writeReport(dir, smallRecord(), { trace: false, capture: false });
    expect(existsSync(join(dir, REPORT_FILES.summary))).to.equal(true);
    expect(existsSync(join(dir, REPORT_FILES.trace))).to.equal(false);
    expect(existsSync(join(dir, REPORT_FILES.capture))).to.equal(false);
  });
});

import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MemorySink } from '../../src/report/file-sink';
import { JsonlTraceWriter, traceJsonl } from '../../src/report/jsonl-writer';
import { Trace } from '../../src/sim/trace';
import { smallRecord } from './support/sample-records';
import { createHash } from 'crypto';

describe('report/jsonl-writer', () => {
  const rec = smallRecord();

  it('writes one canonical JSON object per line, hashing to the trace hash', () => {
    const text = traceJsonl(rec.events);
    const lines = text.split('\n');
    expect(lines.pop()).to.equal('');
    expect(lines).to.have.length(rec.events.length);
    expect(JSON.parse(lines[0])).to.deep.include({ t: 0, kind: 'sent', node: 'alice' });
    expect(createHash('sha256').update(text).digest('hex')).to.equal(rec.stats.traceHash);
  });

  it('streams as events arrive, to a file, with the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'natsim-jsonl-'));
    try {
      const path = join(dir, 'trace.jsonl');
      const trace = new Trace('full');
      const w = new JsonlTraceWriter(path);
      trace.subscribe(w.listener);
      rec.events.forEach((e) => trace.record(e));
      w.close();
      expect(w.count).to.equal(rec.events.length);
      expect(readFileSync(path, 'utf8')).to.equal(traceJsonl(rec.events));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flushes through a small buffer without losing or reordering lines', () => {
    const sink = new MemorySink();
    const w = new JsonlTraceWriter(sink);
    rec.events.forEach((e) => w.write(e));
    w.close();
    expect(Buffer.from(sink.bytes()).toString('utf8')).to.equal(traceJsonl(rec.events));
  });
});

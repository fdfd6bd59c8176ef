import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeEvent, describeTranslation, eventText } from '../../src/report/event-text';
import { FileSink } from '../../src/report/file-sink';
import { JsonlTraceWriter, traceJsonl } from '../../src/report/jsonl-writer';
import { PcapngWriter, pcapngFromEvents } from '../../src/report/pcapng-writer';
import { ep } from './support/trace-builder';
import { smallRecord } from './support/sample-records';

const tuple = (src: string, dst: string): { src: number; srcPort: number; dst: number; dstPort: number } => {
  const [s, sp] = ep(src); const [d, dp] = ep(dst);
  return { src: s, srcPort: sp, dst: d, dstPort: dp };
};

describe('report/event-text', () => {
  const rows: [string, string, string, string, string][] = [
    ['outbound: the source is rewritten', '192.168.1.10:5000', '198.51.100.1:3478', '203.0.113.10:40000', '198.51.100.1:3478'],
    ['inbound: the destination is rewritten', '198.51.100.1:3478', '203.0.113.10:40000', '198.51.100.1:3478', '192.168.1.10:5000'],
    ['hairpin: both are rewritten (RFC 4787 REQ-9)', '192.168.1.10:5000', '203.0.113.10:40001', '203.0.113.10:40000', '192.168.1.11:6000'],
  ];
  const expected = [
    'src 192.168.1.10:5000 -> 203.0.113.10:40000',
    'dst 203.0.113.10:40000 -> 192.168.1.10:5000',
    'src 192.168.1.10:5000 -> 203.0.113.10:40000, dst 203.0.113.10:40001 -> 192.168.1.11:6000',
  ];
  rows.forEach(([story, bs, bd, as, ad], i) => {
    it(`describes a translation, ${story}`, () => {
      expect(describeTranslation(tuple(bs, bd), tuple(as, ad))).to.equal(expected[i]);
    });
  });

  it('writes time, node and a description for every kind of event', () => {
    const lines = smallRecord().events.map(eventText);
    expect(lines[0]).to.equal('   0.000ms  alice  sent #1 192.168.1.10:5000 -> 198.51.100.1:3478 Binding request (108 B)');
    expect(lines).to.include('   1.000ms  home  mapping-created 192.168.1.10:5000 <-> 203.0.113.10:40000 until 30.001s');
    expect(describeEvent({ kind: 'agent', t: 0, node: 'a', agent: 'ice', event: 'connected' })).to.equal('ice connected');
  });
});

describe('report/file-sink', () => {
  it('keeps bytes and order through a tiny buffer, for both streaming writers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'natsim-sink-'));
    try {
      const rec = smallRecord();
      const j = new JsonlTraceWriter(new FileSink(join(dir, 't.jsonl'), { bufferSize: 50 }));
      const p = new PcapngWriter(new FileSink(join(dir, 'c.pcapng'), { bufferSize: 50 }));
      for (const ev of rec.events) { j.write(ev); p.write(ev); }
      j.close(); p.close(); p.close();
      expect(readFileSync(join(dir, 't.jsonl'), 'utf8')).to.equal(traceJsonl(rec.events));
      expect(Buffer.compare(readFileSync(join(dir, 'c.pcapng')), Buffer.from(pcapngFromEvents(rec.events)))).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

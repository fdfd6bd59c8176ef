import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { topologyFromWorld } from '../../src/report/build-run-record';
import { captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import { pattern, tcpPair, transfer } from '../net/tcp/tcp-helpers';
import { findTool, skipLoudly } from './support/tools';

describe('report/capture.pcapng with TCP in tshark', function () {
  this.timeout(120000);
  let tshark: string | undefined;
  let dir: string;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): the TCP capture was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-tcp-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('a transfer over a lossy link decodes with good TCP checksums, nothing malformed, and retransmissions only where the link lost segments', () => {
    // Loss on the data direction only, so every retransmission answers a segment the link really lost.
    const { world, a, b, events } = tcpPair({ loss: 0.05 }, {}, 11);
    const data = pattern(150_000);
    const r = transfer(world, a, b, data, { maxMs: 120_000 });
    expect(r.received.equals(data)).to.equal(true);
    const lost = events.flatMap((e) => (e.kind === 'dropped' && e.reason === 'link-loss' && e.pkt.tcp ? [e.pkt] : []));
    expect(lost.length, 'the link lost some segments').to.be.greaterThan(3);
    const path = join(dir, 'tcp.pcapng');
    writeFileSync(path, pcapngFromEvents(events, { interfaces: captureInterfaces(topologyFromWorld(world)) }));
    const fields = ['frame.number', 'tcp.seq', 'tcp.len', 'tcp.flags.str', 'tcp.checksum.status', 'tcp.options.mss_val', 'tcp.analysis.retransmission', '_ws.malformed', '_ws.expert.severity'];
    const t = spawnSync(tshark!, ['-r', path, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.relative_sequence_numbers:FALSE',
      '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
    expect(t.status, t.stderr).to.equal(0);
    const rows = t.stdout.trim().split('\n').map((l) => l.split('|'));
    expect(rows.length).to.equal(events.filter((e) => e.kind === 'link').length);
    expect(rows.filter((r) => r[7] !== ''), 'malformed').to.deep.equal([]);
    expect(new Set(rows.map((r) => r[4])), 'checksum status: 1 = good').to.deep.equal(new Set(['1']));
    expect(rows.filter((r) => r[5] !== '').map((r) => r[5])).to.deep.equal(['1460', '1460']);
    const retransmitted = rows.filter((r) => r[6] !== '');
    expect(retransmitted.length, 'tshark saw retransmissions').to.be.greaterThan(0);
    // Each retransmission tshark flags covers bytes of a segment the link lost.
    for (const r of retransmitted) {
      const seq = Number(r[1]);
      const len = Math.max(1, Number(r[2]));
      const hit = lost.some((p) => {
        const lseq = p.tcp!.seq;
        const llen = Math.max(1, p.payload.byteLength);
        return ((seq - lseq) | 0) < llen && ((lseq - seq) | 0) < len;
      });
      expect(hit, `frame ${r[0]} (seq ${seq}, ${r[3]}) retransmits something that was not lost`).to.equal(true);
    }
    // And every segment the link lost was retransmitted (tshark saw its sequence number again).
    for (const p of lost) {
      const again = retransmitted.some((r) => ((Number(r[1]) - p.tcp!.seq) | 0) <= 0 && ((p.tcp!.seq - Number(r[1])) | 0) < Math.max(1, Number(r[2])));
      expect(again, `lost segment seq ${p.tcp!.seq} not retransmitted`).to.equal(true);
    }
  });
});

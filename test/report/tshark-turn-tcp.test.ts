import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadScenarioFile } from '../../src/scenario/format';
import { runScenario } from '../../src/scenario/run/run-scenario';
import { captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import { findTool, skipLoudly } from './support/tools';

/** Lesson 15's capture: STUN and ChannelData framed on a TCP stream to port 443 (RFC 8656 §3.1), read by Wireshark. */
describe('report/capture.pcapng of TURN over TCP on 443 in tshark (-d tcp.port==443,stun)', function () {
  this.timeout(120000);
  let tshark: string | undefined;
  let dir: string;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): the TURN-over-TCP capture was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-turn-tcp-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('decodes every STUN message on the stream, with good TCP checksums, nothing malformed, and no retransmission on lossless links', () => {
    const cell = loadScenarioFile(join(__dirname, '../../scenarios/lessons/15-udp-blocked-turn-tcp.yaml')).cells[0];
    const r = runScenario(cell.spec, { keepEvents: true });
    expect(r.passed).to.equal(true);
    const path = join(dir, 'turn-tcp.pcapng');
    writeFileSync(path, pcapngFromEvents(r.record.events, { interfaces: captureInterfaces(r.record.topology) }));
    const fields = ['frame.number', 'frame.interface_name', 'tcp.checksum.status', 'stun.type', 'stun.channel', 'tcp.analysis.retransmission', '_ws.malformed'];
    const t = spawnSync(tshark!, ['-r', path, '-d', 'tcp.port==443,stun', '-o', 'tcp.check_checksum:TRUE', '-Y', 'tcp.port==443',
      '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
    expect(t.status, t.stderr).to.equal(0);
    const rows = t.stdout.trim().split('\n').map((l) => l.split('|'));
    expect(rows.length, 'TCP segments to or from 443').to.be.greaterThan(10);
    expect(rows.filter((x) => x[6] !== ''), 'malformed').to.deep.equal([]);
    expect(new Set(rows.map((x) => x[2])), 'TCP checksum status: 1 = good').to.deep.equal(new Set(['1']));
    // The capture holds every hop of a segment (one interface per link); tshark's analysis is per interface's view.
    const names = [...new Set(rows.map((x) => x[1]))];
    expect(names.length, `interfaces: ${names.join(', ')}`).to.be.greaterThan(1);
    for (const name of names) {
      // One interface's packets in a capture of their own, so tshark's sequence analysis sees one copy of each
      // segment: the same events the whole capture was written from, only that interface's (one tshark run per
      // interface, where splitting the whole capture with tshark took two).
      const one = join(dir, `${name.replace(/[^a-z0-9-]/giu, '_')}.pcapng`);
      const own = r.record.events.filter((e) => e.kind === 'link' && e.iface === name);
      expect(own.length, `link events of ${name}`).to.be.greaterThan(0);
      writeFileSync(one, pcapngFromEvents(own, { interfaces: captureInterfaces(r.record.topology) }));
      const again = spawnSync(tshark!, ['-r', one, '-d', 'tcp.port==443,stun', '-Y', 'tcp.port==443',
        '-T', 'fields', '-e', 'frame.interface_name', '-e', 'tcp.analysis.retransmission'], { encoding: 'utf8', timeout: 60000 });
      expect(again.status, again.stderr).to.equal(0);
      // Lines end in a tab when the retransmission field is empty: only the final newline is cut.
      const frames = again.stdout.replace(/\n$/u, '').split('\n').map((l) => l.split('\t'));
      expect(frames.length, `${name}: its TCP frames on 443, as in the whole capture`).to.equal(rows.filter((x) => x[1] === name).length);
      expect(frames.filter(([iface]) => iface !== name), `${name}: only its own frames`).to.deep.equal([]);
      expect(frames.filter(([, retransmission]) => retransmission !== ''), `retransmissions seen on ${name} (the links are lossless)`).to.deep.equal([]);
    }
    // STUN methods on the stream: Allocate (0x0003), its success (0x0103), CreatePermission or ChannelBind, Refresh ...
    const types = new Set(rows.map((x) => x[3]).filter((v) => v !== ''));
    expect(types.has('0x0003'), `STUN types seen: ${[...types].join(', ')}`).to.equal(true);
    expect(types.has('0x0103')).to.equal(true);
  });
});

import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import type { RunRecord } from '../../src/report/run-record';
import { exampleRecord, smallRecord } from './support/sample-records';
import { findTool, skipLoudly } from './support/tools';
import { jsonValues, tsharkJsonWithChecksums } from './support/tshark';

interface Packet { _source: { layers: Record<string, Record<string, unknown>> } }

/** Runs tshark over the capture of `record` with IP/UDP checksum checking on; returns packets and raw JSON. */
function dissect(tshark: string, dir: string, record: RunRecord): { packets: Packet[]; json: string } {
  const path = join(dir, `${record.scenario.name}.pcapng`);
  const json = tsharkJsonWithChecksums(tshark, path, pcapngFromEvents(record.events, { interfaces: captureInterfaces(record.topology) }));
  return { packets: JSON.parse(json) as Packet[], json };
}

describe('report/capture.pcapng in tshark', function () {
  this.timeout(120000);
  let tshark: string | undefined;
  let dir: string;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): capture.pcapng was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('decodes the RFC 5769 messages as STUN with valid FINGERPRINT and checksums, nothing malformed', () => {
    const rec = smallRecord();
    const { packets, json } = dissect(tshark!, dir, rec);
    expect(packets).to.have.length(rec.events.filter((e) => e.kind === 'link').length);
    expect(json).not.to.contain('_ws.malformed');
    expect(jsonValues(json, 'stun.type')).to.include.members(['0x0001', '0x0101']);
    expect(new Set(jsonValues(json, 'stun.att.crc32.status'))).to.deep.equal(new Set(['1'])); // 1 = good
    expect(jsonValues(json, 'stun.att.username')).to.include('evtj:h6vY');
    expect(new Set(jsonValues(json, 'ip.checksum.status'))).to.deep.equal(new Set(['1']));
    expect(new Set(jsonValues(json, 'udp.checksum.status'))).to.deep.equal(new Set(['1']));
    expect(jsonValues(json, 'frame.interface_name').slice(0, 3)).to.deep.equal(['alice/eth0', 'home/wan', 'core/eth1']);
  });

  it('decodes TURN Allocate 401, ChannelBind and ChannelData with nothing malformed', () => {
    const { packets, json } = dissect(tshark!, dir, exampleRecord());
    expect(json).not.to.contain('_ws.malformed');
    expect(jsonValues(json, 'stun.att.error.class')).to.include('4');
    expect(jsonValues(json, 'stun.att.error')).to.include('1'); // class 4, number 1: 401
    expect(jsonValues(json, 'stun.att.error.reason')).to.include('Unauthorized');
    expect(jsonValues(json, 'stun.type')).to.include.members(['0x0003', '0x0113', '0x0103', '0x0009', '0x0109']);
    expect(jsonValues(json, 'stun.channel')).to.include('0x4000');
    expect(packets.filter((p) => String(p._source.layers.frame['frame.protocols']).includes('stun'))).to.have.length(24);
  });
});

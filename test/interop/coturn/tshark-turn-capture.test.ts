import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { topologyFromWorld } from '../../../src/report/build-run-record';
import { captureInterfaces, pcapngFromEvents } from '../../../src/report/pcapng-writer';
import { TraceRecorder } from '../../../src/sim/trace';
import { allocated, client, complete, PEER_IP, SERVER_IP, startServer, turnWorld } from '../../agents/turn/helpers';
import { findTool, skipLoudly } from '../../report/support/tools';
import { jsonValues } from '../../report/support/tshark';

/**
 * A whole simulated TURN session, captured by natsim: alice (behind a symmetric NAT) allocates (401, then success),
 * relays to an echo peer by Send/Data indications after CreatePermission, then by ChannelData after ChannelBind,
 * and deletes the allocation (Refresh, LIFETIME 0). Returns the pcapng bytes and how many datagrams were captured.
 */
function turnSessionCapture(): { pcapng: Uint8Array; links: number } {
  const w = turnWorld(7);
  const rec = new TraceRecorder(w.sim.trace);
  startServer(w);
  const peerSock = w.getHost('peer').createSocket();
  peerSock.bind(7000);
  peerSock.on('message', (m, r) => peerSock.send(Buffer.from(`re: ${m.toString()}`), r.port, r.address));
  const { c, got } = client(w, 'alice');
  allocated(w, c);
  const peer = { address: PEER_IP, port: 7000 };
  expect(complete(w, (cb) => c.createPermission(PEER_IP, cb))).to.equal(null);
  c.send(peer, Buffer.from('by indication'));
  w.runFor(200);
  expect(complete(w, (cb) => c.bindChannel(peer, (err) => cb(err)))).to.equal(null);
  c.send(peer, Buffer.from('by channel'));
  w.runFor(200);
  c.close();
  w.runFor(500);
  expect(got.map((g) => [g.data, g.via])).to.deep.equal([['re: by indication', 'indication'], ['re: by channel', 'channel']]);
  const links = rec.events.filter((e) => e.kind === 'link').length;
  return { pcapng: pcapngFromEvents(rec.events, { interfaces: captureInterfaces(topologyFromWorld(w)) }), links };
}

// tshark (Wireshark) as an independent decoder of what natsim's simulated TURN agents put on the wire.
// test/report/tshark.test.ts checks hand-built messages; this one checks a capture of a real simulated session.
describe('interop: tshark decodes natsim\'s capture of a TURN session', function () {
  this.timeout(60_000);
  let tshark: string | undefined;
  let dir: string | undefined;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): the TURN session capture was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-turn-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('with every STUN/TURN message and ChannelData well-formed, every FINGERPRINT good, every checksum good', () => {
    const { pcapng, links } = turnSessionCapture();
    const file = join(dir!, 'turn-session.pcapng');
    writeFileSync(file, pcapng);
    // -d: tshark only decodes ChannelData (first byte 0x40-0x4F) as STUN on a port it is told about
    const r = spawnSync(tshark!, [
      '-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-d', `udp.port==3478,stun`, '-T', 'json', '--no-duplicate-keys',
    ], { encoding: 'utf8', timeout: 50_000, maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).to.equal(0);
    const json = r.stdout;
    const packets = JSON.parse(json) as { _source: { layers: Record<string, Record<string, unknown>> } }[];
    expect(packets).to.have.length(links);
    expect(json, 'no malformed packet').not.to.contain('_ws.malformed');
    expect(json, 'no expert warning').not.to.contain('_ws.expert');
    // Allocate 401 + success, CreatePermission, Send and Data indications, ChannelBind, Refresh (LIFETIME 0)
    expect(jsonValues(json, 'stun.type')).to.include.members(['0x0003', '0x0113', '0x0103', '0x0008', '0x0108', '0x0016', '0x0017', '0x0009', '0x0109', '0x0004', '0x0104']);
    expect(jsonValues(json, 'stun.channel').length, 'ChannelData both ways, on every link it crossed').to.be.at.least(2);
    const fingerprints = jsonValues(json, 'stun.att.crc32.status');
    expect(fingerprints.length, 'natsim signs every TURN message with FINGERPRINT').to.be.greaterThan(10);
    expect(new Set(fingerprints), 'every FINGERPRINT is good (1)').to.deep.equal(new Set(['1']));
    expect(new Set(jsonValues(json, 'ip.checksum.status'))).to.deep.equal(new Set(['1']));
    expect(new Set(jsonValues(json, 'udp.checksum.status'))).to.deep.equal(new Set(['1']));
    // every datagram to or from the TURN port was decoded as STUN or ChannelData
    const onTurnPort = packets.filter((p) => [p._source.layers.udp?.['udp.srcport'], p._source.layers.udp?.['udp.dstport']].includes('3478'));
    expect(onTurnPort.length).to.be.greaterThan(10);
    expect(onTurnPort.filter((p) => !p._source.layers.stun).map((p) => p._source.layers.frame['frame.number'])).to.deep.equal([]);
    expect(jsonValues(json, 'ip.dst')).to.include(SERVER_IP);
  });
});

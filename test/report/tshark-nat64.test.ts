import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Nat64Node } from '../../src/nat/nat64-node';
import { World } from '../../src/net/world';
import { topologyFromWorld } from '../../src/report/build-run-record';
import { captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import { TraceRecorder } from '../../src/sim/trace';
import { findTool, skipLoudly } from './support/tools';
import { jsonValues, tsharkJsonWithChecksums } from './support/tshark';

/** A NAT64 run: an IPv6-only phone and an IPv4 echo server, UDP both ways through the translator (RFC 6146). */
function nat64Capture(): { world: World; rec: TraceRecorder } {
  const w = new World({ seed: 5 });
  w.network('mobile', '2001:db8:1::/64', { latency: 1 });
  w.network('internet', '198.51.100.0/24', { latency: 1 });
  const nat = w.add(new Nat64Node(w.sim, 'nat64'));
  nat.attachOutside(w.getNetwork('internet'), '198.51.100.2');
  nat.attachInside(w.getNetwork('mobile'), '2001:db8:1::1');
  w.host('phone', { ifaces: [{ network: 'mobile', ip: '2001:db8:1::10' }], gateway: '2001:db8:1::1', nat64Prefix: '64:ff9b::/96' });
  w.host('server', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
  const rec = new TraceRecorder(w.sim.trace);
  const echo = w.getHost('server').createSocket('udp4').bind(7);
  echo.on('message', (m, r) => echo.send(m, r.port, r.address));
  const phone = w.getHost('phone').createSocket('udp6').bind(5000);
  phone.send(Buffer.from('hello through NAT64'), 7, '64:ff9b::198.51.100.1');
  phone.send(Buffer.alloc(1400, 0x61), 7, '64:ff9b::198.51.100.1');
  w.runFor(1000);
  return { world: w, rec };
}

describe('report/capture.pcapng of a NAT64 run in tshark', function () {
  this.timeout(120000);
  let tshark: string | undefined;
  let dir: string;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): the NAT64 capture was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-nat64-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('decodes both sides of the translator with verified checksums (RFC 7915 §4.5/§5.5), nothing malformed', () => {
    const { world, rec } = nat64Capture();
    const path = join(dir, 'nat64.pcapng');
    const json = tsharkJsonWithChecksums(tshark!, path, pcapngFromEvents(rec.events, { interfaces: captureInterfaces(topologyFromWorld(world)) }));
    expect(json).not.to.contain('_ws.malformed');
    expect(json).not.to.contain('_ws.expert.severity": "8388608');
    expect(new Set(jsonValues(json, 'ipv6.src'))).to.deep.equal(new Set(['2001:db8:1::10', '64:ff9b::c633:6401']));
    expect(new Set(jsonValues(json, 'ip.src'))).to.deep.equal(new Set(['198.51.100.2', '198.51.100.1']));
    // 8 packets on the wire (4 per side); every UDP checksum, IPv6 and IPv4 pseudo-headers alike, verifies.
    expect(jsonValues(json, 'udp.checksum.status')).to.deep.equal(new Array(8).fill('1'));
    expect(jsonValues(json, 'ip.checksum.status')).to.deep.equal(new Array(4).fill('1'));
    // RFC 7915 §5.1: DF is set on the translated 1400-byte datagram (over 1260 bytes), clear on the short one.
    expect(jsonValues(json, 'ip.flags.df').slice(0, 2).sort()).to.deep.equal(['0', '1']);
  });
});

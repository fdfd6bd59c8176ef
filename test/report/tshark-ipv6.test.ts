import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { World } from '../../src/net/world';
import { topologyFromWorld } from '../../src/report/build-run-record';
import { captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import { TraceRecorder } from '../../src/sim/trace';
import { findTool, skipLoudly } from './support/tools';
import { jsonValues, tsharkJsonWithChecksums } from './support/tshark';

/**
 * An IPv6 run through a router: udp6 datagrams both ways, one to a closed port (ICMPv6 port unreachable), one too
 * big for the far link (ICMPv6 Packet Too Big), one whose hop limit runs out (time exceeded), and one IPv4
 * datagram beside them on the dual-stack networks.
 */
function ipv6Capture(): { world: World; rec: TraceRecorder } {
  const w = new World({ seed: 3 });
  w.network('lan', ['192.168.1.0/24', '2001:db8:1::/64'], { latency: 1 });
  w.network('far', ['203.0.113.0/24', '2001:db8:2::/64'], { latency: 1 });
  w.router('r', [{ network: 'lan', ip: ['192.168.1.1', '2001:db8:1::1'] }, { network: 'far', ip: ['203.0.113.1', '2001:db8:2::1'], link: { mtu: 1280 } }]);
  w.host('client', { ifaces: [{ network: 'lan', ip: ['192.168.1.20', '2001:db8:1::20'] }], gateway: ['192.168.1.1', '2001:db8:1::1'] });
  w.host('server', { ifaces: [{ network: 'far', ip: ['203.0.113.5', '2001:db8:2::5'] }], gateway: ['203.0.113.1', '2001:db8:2::1'] });
  const rec = new TraceRecorder(w.sim.trace);
  const echo = w.getHost('server').createSocket('udp6').bind(7);
  echo.on('message', (m, r) => echo.send(m, r.port, r.address));
  const c = w.getHost('client').createSocket('udp6').bind(5000);
  c.send(Buffer.from('hello over IPv6'), 7, '2001:db8:2::5');
  c.send(Buffer.from('closed port'), 9999, '2001:db8:2::5');
  c.send(Buffer.alloc(1300, 0x62), 7, '2001:db8:2::5');
  const hop = w.getHost('client').createSocket('udp6').bind(5001);
  hop.ttl = 1;
  hop.send(Buffer.from('hop limit 1'), 7, '2001:db8:2::5');
  w.getHost('client').createSocket('udp4').bind(5002).send(Buffer.from('and IPv4'), 7, '203.0.113.5');
  w.runFor(1000);
  return { world: w, rec };
}

describe('report/capture.pcapng of an IPv6 run in tshark', function () {
  this.timeout(120000);
  let tshark: string | undefined;
  let dir: string;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): the IPv6 capture was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-ipv6-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('decodes IPv6/UDP with good checksums and ICMPv6 errors (RFC 4443), nothing malformed', () => {
    const { world, rec } = ipv6Capture();
    const path = join(dir, 'ipv6.pcapng');
    const json = tsharkJsonWithChecksums(tshark!, path, pcapngFromEvents(rec.events, { interfaces: captureInterfaces(topologyFromWorld(world)) }));
    expect(json).not.to.contain('_ws.malformed');
    expect(json).not.to.contain('_ws.expert.severity": "8388608'); // no "error"-level expert info
    expect(new Set(jsonValues(json, 'ipv6.src'))).to.deep.equal(new Set(['2001:db8:1::20', '2001:db8:2::5', '2001:db8:1::1']));
    expect(jsonValues(json, 'ipv6.hlim')).to.include.members(['64', '63', '1']);
    // 1 = good: every UDP checksum over the IPv6 pseudo-header verifies, and those quoted whole inside ICMPv6 errors
    // too; 2 = unverified: the 1300-byte datagram quoted in Packet Too Big is cut at 1280 bytes (RFC 4443 §3.1).
    // Never 0 (bad).
    expect(new Set(jsonValues(json, 'udp.checksum.status'))).to.deep.equal(new Set(['1', '2']));
    expect(new Set(jsonValues(json, 'icmpv6.type'))).to.deep.equal(new Set(['1', '2', '3']));
    expect(new Set(jsonValues(json, 'icmpv6.checksum.status'))).to.deep.equal(new Set(['1']));
    expect(jsonValues(json, 'icmpv6.mtu')).to.deep.equal(['1280']);
    expect(jsonValues(json, 'ip.src')).to.include('192.168.1.20');
    expect(jsonValues(json, 'udp.payload').length).to.be.greaterThan(0);
  });
});

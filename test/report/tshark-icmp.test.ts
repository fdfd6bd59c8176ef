import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { World } from '../../src/net/world';
import { addNat } from '../../src/nat/add-nat';
import { topologyFromWorld } from '../../src/report/build-run-record';
import { captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import { TraceRecorder } from '../../src/sim/trace';
import { findTool, skipLoudly } from './support/tools';
import { jsonValues, tsharkJsonWithChecksums } from './support/tshark';

/**
 * A capture with ICMP errors: port unreachable through a NAT (translated, quoted header too), time exceeded and
 * fragmentation needed from a router, plus datagrams split into fragments.
 */
function icmpCapture(): { world: World; rec: TraceRecorder } {
  const w = new World({ seed: 2 });
  w.network('lan', '192.168.1.0/24', { latency: 1 });
  w.network('internet', '198.51.100.0/24', { latency: 1 });
  w.network('far', '203.0.113.0/24', { latency: 1 });
  addNat(w, 'nat', { settings: { preset: 'full-cone' }, outside: { network: 'internet', ip: '198.51.100.10', gateway: '198.51.100.254' },
    inside: [{ network: 'lan', ip: '192.168.1.1' }] });
  w.router('r', [{ network: 'internet', ip: '198.51.100.254' }, { network: 'far', ip: '203.0.113.1', link: { mtu: 576 } }]);
  // The client's link MTU is 1000: it fragments, the NAT translates the fragments, r fragments them again.
  w.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.20', link: { mtu: 1000 } }], gateway: '192.168.1.1' });
  w.host('server', { ifaces: [{ network: 'far', ip: '203.0.113.5' }], gateway: '203.0.113.1' });
  const rec = new TraceRecorder(w.sim.trace);
  const s = w.getHost('client').createSocket().bind(5000);
  s.send(Buffer.from('closed port'), 9999, '203.0.113.5');
  const ttl = w.getHost('client').createSocket().bind(5001);
  ttl.ttl = 2;
  ttl.send(Buffer.from('short ttl'), 9999, '203.0.113.5');
  const df = w.getHost('client').createSocket().bind(5002);
  df.dontFragment = true;
  df.send(Buffer.alloc(900, 0x61), 9999, '203.0.113.5');
  const big = w.getHost('client').createSocket().bind(5003);
  big.send(Buffer.alloc(1400, 0x62), 9999, '203.0.113.5');
  w.runFor(1000);
  return { world: w, rec };
}

describe('report/capture.pcapng with ICMP and fragments in tshark', function () {
  this.timeout(120000);
  let tshark: string | undefined;
  let dir: string;
  before(function () {
    tshark = findTool('tshark');
    if (!tshark) skipLoudly(this, 'tshark is not installed (apt-get install -y tshark): the ICMP/fragment capture was not checked by Wireshark');
    dir = mkdtempSync(join(tmpdir(), 'natsim-tshark-icmp-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('decodes every ICMP error (and its quoted IPv4/UDP header) and every fragment with good checksums, nothing malformed', () => {
    const { world, rec } = icmpCapture();
    const path = join(dir, 'icmp.pcapng');
    const json = tsharkJsonWithChecksums(tshark!, path, pcapngFromEvents(rec.events, { interfaces: captureInterfaces(topologyFromWorld(world)) }));
    expect(json).not.to.contain('_ws.malformed');
    expect(json).not.to.contain('_ws.expert.severity": "8388608'); // no "error"-level expert info
    expect(new Set(jsonValues(json, 'icmp.type'))).to.deep.equal(new Set(['3', '11']));
    expect(new Set(jsonValues(json, 'icmp.code'))).to.deep.equal(new Set(['0', '3', '4']));
    expect(jsonValues(json, 'icmp.mtu')).to.include('576');
    expect(new Set(jsonValues(json, 'icmp.checksum.status'))).to.deep.equal(new Set(['1']));
    expect(new Set(jsonValues(json, 'ip.checksum.status'))).to.deep.equal(new Set(['1']));
    expect(jsonValues(json, 'ip.flags.mf')).to.include('1');
    // tshark reassembles the fragments: the UDP checksum of the whole datagram (patched by the NAT in the first
    // fragment, RFC 1624) must verify (1 = good; 3 = not present, the quoted headers in ICMP errors; 0 = bad).
    expect(new Set(jsonValues(json, 'udp.checksum.status'))).to.deep.equal(new Set(['1', '3']));
    expect(jsonValues(json, 'ip.reassembled.length')).to.include('1408');
  });
});

import { expect } from 'chai';
import { World } from '../../src/net/world';
import { formatIpv4 } from '../../src/net/ipv4';
import { addNat } from '../../src/nat/add-nat';
import type { NatInit } from '../../src/nat/nat-config';
import type { NatNode } from '../../src/nat/nat-node';
import { TraceRecorder } from '../../src/sim/trace';

/**
 * client 192.168.1.20 -- NAT (198.51.100.10) -- internet 198.51.100.0/24 -- r (198.51.100.254 / 203.0.113.1)
 * -- far 203.0.113.0/24 -- server 203.0.113.5. Every link 2 ms.
 */
function world(settings: NatInit): { w: World; nat: NatNode; rec: TraceRecorder } {
  const w = new World({ seed: 1 });
  w.network('lan', '192.168.1.0/24', { latency: 2 });
  w.network('internet', '198.51.100.0/24', { latency: 2 });
  w.network('far', '203.0.113.0/24', { latency: 2 });
  const nat = addNat(w, 'nat', { settings, outside: { network: 'internet', ip: '198.51.100.10', gateway: '198.51.100.254' },
    inside: [{ network: 'lan', ip: '192.168.1.1' }] });
  w.router('r', [{ network: 'internet', ip: '198.51.100.254' }, { network: 'far', ip: '203.0.113.1' }]);
  w.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.20' }], gateway: '192.168.1.1' });
  w.host('server', { ifaces: [{ network: 'far', ip: '203.0.113.5' }], gateway: '203.0.113.1' });
  return { w, nat, rec: new TraceRecorder(w.sim.trace) };
}

function icmpDelivered(rec: TraceRecorder, node: string): string[] {
  return rec.ofKind('delivered').filter((e) => e.node === node && e.pkt.icmp).map((e) => {
    const m = e.pkt.icmp!;
    const a = m.about;
    return `${formatIpv4(e.pkt.src)}>${formatIpv4(e.pkt.dst)} ${m.type}/${m.code} about ${formatIpv4(a.src)}:${a.srcPort}>${formatIpv4(a.dst)}:${a.dstPort}`;
  });
}

describe('ICMP through NATs (RFC 5508, RFC 4787 REQ-12)', () => {
  it('translates a port unreachable about a mapped flow, outer and quoted headers, and keeps the mapping untouched', () => {
    const { w, nat, rec } = world({ preset: 'port-restricted-cone' });
    const errors: string[] = [];
    const s = w.getHost('client').createSocket().bind(5000);
    s.on('error', (e: Error & { code: string }) => errors.push(e.code));
    s.connectTo(0xcb007105, 9999);
    s.sendTo(Buffer.from('x'), 0xcb007105, 9999);
    w.runFor(100);
    expect(icmpDelivered(rec, 'client')).to.deep.equal(['203.0.113.5>192.168.1.20 3/3 about 192.168.1.20:5000>203.0.113.5:9999']);
    expect(errors).to.deep.equal(['ECONNREFUSED']);
    const translatedIcmp = rec.ofKind('translated').filter((e) => e.pkt.icmp).map((e) => e.direction);
    expect(translatedIcmp).to.deep.equal(['inbound']);
    // One mapping-created for the datagram; the ICMP error neither refreshed nor ended it.
    expect(rec.events.filter((e) => e.kind.startsWith('mapping-')).map((e) => e.kind)).to.deep.equal(['mapping-created']);
    expect(nat.snapshot().map((m) => m.internal)).to.deep.equal(['192.168.1.20:5000']);
  });

  it('forwards time exceeded from a router on the path by default (REQ-12a), and drops it with unsolicitedIcmp: filter', () => {
    for (const [unsolicitedIcmp, expected] of [['forward', 1], ['filter', 0]] as const) {
      const { w, rec } = world({ preset: 'port-restricted-cone', unsolicitedIcmp });
      const s = w.getHost('client').createSocket().bind(5000);
      s.ttl = 2; // the NAT takes it to 1; r cannot forward it
      s.send(Buffer.from('x'), 9999, '203.0.113.5');
      w.runUntilIdle();
      expect(icmpDelivered(rec, 'client'), unsolicitedIcmp).to.have.length(expected);
      if (expected) expect(icmpDelivered(rec, 'client')[0]).to.equal('198.51.100.254>192.168.1.20 11/0 about 192.168.1.20:5000>203.0.113.5:9999');
      const natDrops = rec.ofKind('dropped').filter((d) => d.node === 'nat').map((d) => d.reason);
      expect(natDrops, unsolicitedIcmp).to.deep.equal(expected ? [] : ['nat-filtered']);
    }
  });

  it('drops an ICMP error about a mapping that has already expired (RFC 5508 REQ-3)', () => {
    const { w, rec } = world({ preset: 'full-cone', mappingTimeout: 5 });
    w.getHost('client').createSocket().bind(5000).send(Buffer.from('x'), 9999, '203.0.113.5');
    w.runUntilIdle();
    expect(icmpDelivered(rec, 'client')).to.deep.equal([]);
    expect(rec.ofKind('dropped').filter((d) => d.node === 'nat').map((d) => [d.reason, d.pkt.icmp?.type])).to.deep.equal([['nat-no-mapping', 3]]);
  });

  it('translates an inside host\'s port unreachable outbound, so the sender sees the mapped endpoint quoted', () => {
    const { w, rec } = world({ preset: 'full-cone' });
    const s = w.getHost('client').createSocket().bind(5000);
    s.send(Buffer.from('open'), 7000, '203.0.113.5');
    w.runFor(20);
    s.close();
    w.getHost('server').createSocket().bind(7000).send(Buffer.from('late'), 5000, '198.51.100.10');
    w.runUntilIdle();
    expect(icmpDelivered(rec, 'server')).to.deep.equal(['198.51.100.10>203.0.113.5 3/3 about 203.0.113.5:7000>198.51.100.10:5000']);
  });
});
